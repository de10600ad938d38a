// The entry form: each field checked as it is typed (by the server's rules), the sheet sent as JSON with the
// CSRF token, the outcome shown at once; nomination, date, collector, postal code and city stay for the next sheet.
const kept = ["nomination", "signed_on", "collector", "postal_code", "city"];
let csrf = "";

async function start() {
  const response = await fetch("/api/session", { credentials: "same-origin" });
  if (response.status === 401) { window.location.assign("/login"); return; }
  const session = await response.json();
  csrf = session.csrf;
  document.getElementById("who").textContent = "Angemeldet als " + session.user;
}

function note(input, kind, text) {
  let p = input.nextElementSibling;
  if (!p || !p.classList.contains("field-note")) {
    p = document.createElement("p");
    p.className = "field-note";
    input.after(p);
  }
  p.className = "field-note " + kind;
  p.textContent = text;
  input.setAttribute("aria-invalid", kind === "problem" ? "true" : "false");
}

async function checkField(input) {
  const response = await fetch("/api/check-field", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ field: input.name, value: input.value })
  });
  if (!response.ok) return;
  const result = await response.json();
  note(input, result.verdict === "ok" ? "" : result.verdict, result.message || "");
}

document.querySelectorAll("#entry input").forEach((input) => input.addEventListener("change", () => checkField(input)));

document.getElementById("entry").addEventListener("submit", async (event) => {
  event.preventDefault();
  const values = Object.fromEntries(new FormData(event.target).entries());
  const response = await fetch("/api/sheets", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify(values)
  });
  const body = await response.json().catch(() => ({}));
  const out = document.getElementById("outcome");
  if (response.status === 201 || response.status === 200) {
    out.className = body.counts ? "counts" : "counts-not";
    out.textContent = body.sheet + (body.counts ? ": gespeichert – kann zählen." : ": gespeichert – zählt NICHT.")
      + body.findings.map((f) => " " + f.message).join("")
      + (body.duplicateOf ? " Doppelt zu " + body.duplicateOf + "." : "");
    event.target.querySelectorAll("input").forEach((input) => { if (!kept.includes(input.name)) input.value = ""; });
    document.getElementById("sheet").focus();
  } else if (response.status === 422) {
    out.className = "counts-not";
    out.textContent = body.errors.map((e) => e.field + ": " + e.message).join("; ");
  } else {
    out.className = "counts-not";
    out.textContent = body.error || "Nicht gespeichert.";
  }
});

start();
