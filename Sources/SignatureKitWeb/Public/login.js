// Logs in with the form's fields and goes on to the page the person came from (?next=/entry, a path of this site
// only) or the first page of the role; no inline script (the CSP forbids it).
"use strict";
document.getElementById("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new URLSearchParams(new FormData(event.target));
  const response = await fetch("/login", { method: "POST", body: form, credentials: "same-origin" });
  if (response.ok) {
    const next = new URLSearchParams(location.search).get("next") || "";
    window.location.assign(/^\/[a-z]/.test(next) ? next : "/");
    return;
  }
  const body = await response.json().catch(() => ({}));
  document.getElementById("message").textContent = body.error || "Anmeldung fehlgeschlagen.";
});
