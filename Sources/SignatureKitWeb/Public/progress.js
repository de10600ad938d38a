// The progress page reloads itself every minute (new sheets, new statuses) unless the reader pauses it: an organizer
// reading a card or comparing numbers is not interrupted. The choice is kept on this device.
"use strict";
(function () {
  const key = "progress-refresh-paused";
  const button = document.getElementById("refresh-toggle");
  const state = document.getElementById("refresh-state");
  if (!button || !state) return;
  let paused = localStorage.getItem(key) === "1";
  let timer = null;
  function show() {
    button.setAttribute("aria-pressed", paused ? "true" : "false");
    button.textContent = paused ? "Aktualisierung fortsetzen" : "Aktualisierung anhalten";
    state.textContent = paused
      ? "Angehalten: die Seite bleibt, wie sie ist."
      : "Die Seite aktualisiert sich jede Minute.";
  }
  function schedule() {
    clearTimeout(timer);
    if (!paused) timer = setTimeout(() => location.reload(), 60000);
  }
  button.addEventListener("click", () => {
    paused = !paused;
    localStorage.setItem(key, paused ? "1" : "0");
    show();
    schedule();
  });
  show();
  schedule();
})();
