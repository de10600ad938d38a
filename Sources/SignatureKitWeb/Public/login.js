// Logs in with the form's fields and goes to the first page of the role; no inline script (the CSP forbids it).
document.getElementById("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new URLSearchParams(new FormData(event.target));
  const response = await fetch("/login", { method: "POST", body: form, credentials: "same-origin" });
  if (response.ok) { window.location.assign("/"); return; }
  const body = await response.json().catch(() => ({}));
  document.getElementById("message").textContent = body.error || "Anmeldung fehlgeschlagen.";
});
