// The service worker: keeps the entry page, its scripts, style, manifest and icons on the device so that /entry opens
// without a network, also when started from the home screen. Network first (a newer page wins, an ended session still goes to the login), the stored copy when the
// network fails or the server answers 5xx. The API is never cached: sheets wait in the page's IndexedDB outbox.
"use strict";
const CACHE = "signaturekit-entry-v2";
// The entry page and what it needs offline (its checks in rules.js), and what a start from the home screen needs.
const SHELL = ["/entry", "/static/entry.js", "/static/rules.js", "/static/app.css", "/manifest.webmanifest", "/static/icon-192.png", "/static/icon-512.png"];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const path of SHELL) {
      try {
        const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
        if (response.ok && !response.redirected) await cache.put(path, response);
      } catch (e) {
        // Stored on the next successful visit.
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !SHELL.includes(url.pathname)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(event.request);
      if (response.ok && !response.redirected) {
        await cache.put(url.pathname, response.clone());
        return response;
      }
      if (response.status < 500) return response;
    } catch (e) {
      // Offline: fall through to the stored copy.
    }
    return (await cache.match(url.pathname)) || Response.error();
  })());
});
