extension Unicode.Scalar {
    /// C0 and C1 control characters (NUL, tab, line breaks, ESC …), DEL, and the bidirectional overrides and isolates
    /// that can make a printed line read differently from what it holds.
    package var isControlOrBidi: Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

extension String {
    /// The text with control and bidi characters shown as `\u{1B}`, so that a name cannot move the cursor, colour the
    /// terminal or forge a line.
    public var escapedForTerminal: String {
        guard unicodeScalars.contains(where: \.isControlOrBidi) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if scalar.isControlOrBidi {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// A value quoted for a message: „…“, at most 40 characters of it, control characters escaped.
package func quote(_ value: Any) -> String {
    let text = "\(value)"
    let short = text.count > 40 ? String(text.prefix(40)) + "…" : text
    return "„" + short.escapedForTerminal + "“"
}
