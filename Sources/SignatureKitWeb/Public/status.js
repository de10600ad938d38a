// Uploads the election office's return file as it is (the server reads it like `sig-cli status --file`).
"use strict";
document.getElementById("upload").addEventListener("click", async () => {
  const file = document.getElementById("returnfile").files[0];
  const out = document.getElementById("upload-result");
  if (!file) { out.textContent = "Bitte zuerst eine Datei wählen."; return; }
  const csrf = document.querySelector("input[name=csrf]").value;
  out.textContent = "Wird eingelesen …";
  try {
    const response = await fetch("/api/status-file", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "text/csv", "X-CSRF-Token": csrf, "X-File-Name": encodeURIComponent(file.name) },
      body: file
    });
    const body = await response.json().catch(() => ({}));
    out.className = response.ok ? "counts" : "problem";
    out.textContent = body.message || body.error || "Nicht eingelesen.";
  } catch (e) {
    out.className = "problem";
    out.textContent = "Keine Verbindung zum Server; nichts eingelesen.";
  }
});
