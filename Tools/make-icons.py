#!/usr/bin/env python3
"""Draws the web app's home-screen icons (Sources/SignatureKitWeb/Public/icon-192.png, icon-512.png).

A blue square (the theme colour) with a white sheet of paper and a tick: "this form counts". Pure Python (zlib),
so the icons can be drawn again on any machine: python3 Tools/make-icons.py
"""
import os
import struct
import zlib

BLUE = (26, 95, 180)
WHITE = (255, 255, 255)
GREEN = (27, 94, 32)


def png(size, pixel):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row.extend(pixel(x / size, y / size))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def distance_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    cx, cy = ax + t * dx, ay + t * dy
    return ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5


def pixel(u, v):
    # The sheet: a white rectangle in the middle (maskable icons keep their content in the inner 80 %).
    on_sheet = 0.28 <= u <= 0.72 and 0.2 <= v <= 0.8
    # The tick, drawn over the sheet's lower half.
    tick = min(distance_to_segment(u, v, 0.36, 0.56, 0.46, 0.66), distance_to_segment(u, v, 0.46, 0.66, 0.66, 0.42)) < 0.035
    # Three lines of text on the sheet.
    line = on_sheet and any(abs(v - y) < 0.012 and 0.34 <= u <= 0.66 for y in (0.28, 0.34, 0.40))
    if tick:
        return GREEN
    if line:
        return BLUE
    if on_sheet:
        return WHITE
    return BLUE


here = os.path.dirname(os.path.abspath(__file__))
public = os.path.join(here, "..", "Sources", "SignatureKitWeb", "Public")
for size in (192, 512):
    with open(os.path.join(public, f"icon-{size}.png"), "wb") as f:
        f.write(png(size, pixel))
