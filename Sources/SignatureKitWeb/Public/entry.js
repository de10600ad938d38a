// The entry form. Each field is checked as it is typed (by the server's rules). A sheet is first stored on the
// device (IndexedDB), then sent with its client_id; it leaves the device only when the server has confirmed it
// (201 or 200), so nothing typed is lost when the network drops or the server answers 5xx. Waiting sheets are sent
// again when the page opens, every 10 seconds and when the browser is online again - each exactly once, since the
// server answers a repeated sheet with 200 and stores it once. Nomination, date, collector, postal code and city stay
// for the next sheet. /entry?sheet=W1 opens one's own entry for a correction.
"use strict";
const kept = ["nomination", "signed_on", "collector", "postal_code", "city"];
const fields = ["sheet", "nomination", "surname", "given_names", "born", "street", "house_number", "postal_code", "city", "signed_on", "collector"];
const form = document.getElementById("entry");
const out = document.getElementById("outcome");
let csrf = "";
let user = "";
let correcting = null;
let flushing = false;

// --- The outbox on the device.
function openStore() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("signaturekit", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("outbox", { keyPath: "client_id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function outbox(mode, work) {
  const db = await openStore();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("outbox", mode);
    const request = work(tx.objectStore("outbox"));
    tx.oncomplete = () => { db.close(); resolve(request.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

const putItem = (item) => outbox("readwrite", (store) => store.put(item));
const deleteItem = (id) => outbox("readwrite", (store) => store.delete(id));
const allItems = async () => ((await outbox("readonly", (store) => store.getAll())) || []).sort((a, b) => a.created - b.created);

function newId() {
  if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

// --- Session and navigation.
function applySession(session) {
  csrf = session.csrf;
  user = session.user;
  const nav = document.getElementById("nav");
  nav.textContent = "";
  const bar = document.createElement("nav");
  bar.setAttribute("aria-label", "Seiten");
  const list = document.createElement("ul");
  for (const page of session.pages || []) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = page.path;
    link.textContent = page.title;
    if (page.path === "/entry") link.setAttribute("aria-current", "page");
    item.append(link);
    list.append(item);
  }
  const logout = document.createElement("form");
  logout.method = "post";
  logout.action = "/logout";
  logout.className = "logout";
  const token = document.createElement("input");
  token.type = "hidden";
  token.name = "csrf";
  token.value = csrf;
  const who = document.createElement("span");
  who.id = "who";
  who.textContent = session.user + " ";
  const button = document.createElement("button");
  button.type = "submit";
  button.textContent = "Abmelden";
  logout.append(token, who, button);
  bar.append(list, logout);
  nav.append(bar);
}

function banner(text) {
  const b = document.getElementById("banner");
  b.hidden = !text;
  b.textContent = text || "";
}

// Returns "ok", "login" (not logged in) or "offline" (then the last known session is used).
async function loadSession() {
  let response;
  try {
    response = await fetch("/api/session", { credentials: "same-origin", cache: "no-store" });
  } catch (e) {
    const saved = localStorage.getItem("sig-session");
    if (saved) applySession(JSON.parse(saved));
    return "offline";
  }
  if (response.status === 401) return "login";
  if (!response.ok) return "offline";
  const session = await response.json();
  localStorage.setItem("sig-session", JSON.stringify(session));
  applySession(session);
  return "ok";
}

// --- Field checks as typed.
function note(input, kind, text) {
  let p = input.nextElementSibling;
  if (!p || !p.classList.contains("field-note")) {
    p = document.createElement("p");
    p.className = "field-note";
    p.id = input.id + "-note";
    input.after(p);
    input.setAttribute("aria-describedby", p.id);
  }
  p.className = "field-note " + kind;
  p.textContent = text;
  input.setAttribute("aria-invalid", kind === "problem" ? "true" : "false");
}

async function checkField(input) {
  if (correcting && input.name === "sheet") return;
  try {
    const response = await fetch("/api/check-field", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ field: input.name, value: input.value })
    });
    if (!response.ok) return;
    const result = await response.json();
    note(input, result.verdict === "ok" ? "" : result.verdict, result.message || "");
  } catch (e) {
    // Offline: the server checks the sheet when it arrives.
  }
}

form.querySelectorAll("input").forEach((input) => input.addEventListener("change", () => checkField(input)));

// --- Sending.
function outcomeText(body) {
  if (body.state) return body.message;
  return body.sheet + (body.counts ? ": gespeichert – kann zählen." : ": gespeichert – zählt NICHT.")
    + body.findings.map((f) => " " + f.message).join("")
    + (body.duplicateOf ? " Doppelt zu " + body.duplicateOf + "." : "");
}

function addSent(body) {
  const li = document.createElement("li");
  li.className = body.state ? "waiting" : body.counts ? "counts" : "counts-not";
  li.textContent = outcomeText(body);
  const sent = document.getElementById("sent");
  sent.prepend(li);
  while (sent.children.length > 20) sent.lastChild.remove();
}

// Sends one waiting sheet (202: double entry, accepted but not counting yet). Returns "done", "rejected" (409/422/403: stored with its message), "login" or "offline".
async function send(item, retried) {
  let response;
  try {
    response = await fetch(item.correct ? "/api/sheets/" + encodeURIComponent(item.correct) : "/api/sheets", {
      method: item.correct ? "PUT" : "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(Object.assign({ client_id: item.client_id }, item.values))
    });
  } catch (e) {
    return "offline";
  }
  if (response.status === 201 || response.status === 200 || response.status === 202) {
    const body = await response.json();
    await deleteItem(item.client_id);
    item.outcome = body;
    addSent(body);
    return "done";
  }
  if (response.status === 401) return "login";
  const body = await response.json().catch(() => ({}));
  if (response.status === 403 && !retried && (body.error || "").startsWith("CSRF")) {
    // A new session since the sheet was typed: fetch its token and try once more.
    if ((await loadSession()) === "ok") return send(item, true);
  }
  if (response.status === 409 || response.status === 422 || response.status === 403) {
    item.state = "error";
    item.message = body.error || (body.errors || []).map((e) => e.message).join("; ") || "Nicht gespeichert.";
    item.errors = body.errors || [];
    await putItem(item);
    return "rejected";
  }
  return "offline";
}

async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    for (const item of await allItems()) {
      if (item.state !== "waiting" || item.user !== user) continue;
      const result = await send(item, false);
      if (result === "login") { banner("Bitte neu anmelden: Formblätter warten auf dem Gerät und werden danach gesendet."); break; }
      if (result === "offline") break;
    }
  } finally {
    flushing = false;
    await renderQueue();
  }
}

async function renderQueue() {
  const items = await allItems();
  const list = document.getElementById("queue");
  list.textContent = "";
  document.getElementById("queue-empty").hidden = items.length > 0;
  for (const item of items) {
    const li = document.createElement("li");
    li.dataset.sheet = item.values.sheet;
    if (item.state === "error") {
      li.className = "counts-not";
      li.textContent = item.values.sheet + ": nicht gespeichert – " + item.message + " ";
      const take = document.createElement("button");
      take.type = "button";
      take.textContent = "Ins Formular übernehmen";
      take.addEventListener("click", async () => {
        fill(item.values);
        correcting = item.correct || null;
        await deleteItem(item.client_id);
        await renderQueue();
        document.getElementById("sheet").focus();
      });
      li.append(take);
    } else if (item.user !== user) {
      li.textContent = item.values.sheet + ": auf dem Gerät, wartet auf die Anmeldung von " + item.user;
    } else {
      li.className = "waiting";
      li.textContent = item.values.sheet + ": auf dem Gerät, noch nicht gesendet";
    }
    list.append(li);
  }
}

function fill(values) {
  for (const name of fields) form.elements[name].value = values[name] || "";
}

function clearForm() {
  form.querySelectorAll("input").forEach((input) => {
    if (!kept.includes(input.name)) input.value = "";
    input.removeAttribute("aria-invalid");
  });
  form.querySelectorAll(".field-note").forEach((p) => { p.textContent = ""; p.className = "field-note"; });
  if (correcting) endCorrection();
  document.getElementById("sheet").focus();
}

function endCorrection() {
  correcting = null;
  document.getElementById("sheet").readOnly = false;
  document.getElementById("title").textContent = "Formblatt erfassen";
  history.replaceState(null, "", "/entry");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const values = {};
  for (const name of fields) values[name] = form.elements[name].value.trim();
  const item = { client_id: newId(), values, user, created: Date.now(), state: "waiting", correct: correcting };
  // On the device first: from here on nothing typed is lost.
  await putItem(item);
  const result = await send(item, false);
  if (result === "done") {
    out.className = item.outcome.state ? "waiting" : item.outcome.counts ? "counts" : "counts-not";
    out.textContent = outcomeText(item.outcome);
    clearForm();
  } else if (result === "rejected") {
    // Not stored: the sheet stays in the form to be mended, not on the device.
    await deleteItem(item.client_id);
    out.className = "counts-not";
    out.textContent = item.message;
    for (const e of item.errors) if (form.elements[e.field]) note(form.elements[e.field], "problem", e.message);
  } else {
    out.className = "waiting";
    out.textContent = values.sheet + ": auf dem Gerät, noch nicht gesendet – wird gesendet, sobald die Verbindung steht.";
    clearForm();
  }
  await renderQueue();
});

async function startCorrection(number) {
  try {
    const response = await fetch("/api/sheets/" + encodeURIComponent(number), { credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok || !body.correctable) {
      out.className = "counts-not";
      out.textContent = number + " kann nicht korrigiert werden" + (body.correctionRefusal ? ": " + body.correctionRefusal : "") + ".";
      return;
    }
    fill(body.fields);
    correcting = body.sheet;
    document.getElementById("sheet").readOnly = true;
    document.getElementById("title").textContent = "Formblatt " + body.sheet + " korrigieren";
  } catch (e) {
    out.textContent = "Ohne Verbindung kann nichts korrigiert werden.";
  }
}

async function start() {
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
  const state = await loadSession();
  if (state === "login") {
    const waiting = (await allItems()).length;
    if (waiting === 0) { window.location.assign("/login"); return; }
    banner("Bitte neu anmelden: " + waiting + " Formblätter warten auf dem Gerät und werden danach gesendet.");
  }
  const wanted = new URLSearchParams(location.search).get("sheet");
  if (wanted && state === "ok") await startCorrection(wanted);
  await renderQueue();
  await flush();
  window.addEventListener("online", flush);
  setInterval(flush, 10000);
}

start();
