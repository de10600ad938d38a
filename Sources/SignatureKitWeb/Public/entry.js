// The entry form. Every sheet is first stored on the device (IndexedDB), then sent with its client_id; it leaves the
// device only when the server has confirmed it (201, 200 or 202), so nothing typed is lost when the network drops or
// the server answers 5xx. Waiting sheets are sent again when the page opens, every 10 seconds and when the browser is
// online again - each exactly once, since the server answers a repeated sheet with 200 and stores it once.
//
// The verdict comes first: at the top of the page, kept in view, announced (live region), coloured by severity. The
// server's verdict names every finding and every pair (duplicate, conflict); without a network the device checks the
// sheet itself (rules.js, on the entry context kept on the device) and says that duplicates are checked on sending.
// Nomination, date, collector, postal code and city stay for the next sheet. /entry?sheet=W1 opens one's own entry
// for a correction.
"use strict";
const kept = ["nomination", "signed_on", "collector", "postal_code", "city"];
const fields = SK.columns;
const form = document.getElementById("entry");
const out = document.getElementById("outcome");
let csrf = "";
let user = "";
let correcting = null;
let flushing = false;
let context = null;
let online = true;
// Sheets on their way to the server (client_ids): the form and the outbox's timer never send one sheet at the same
// time (under load an answer can take longer than the timer's 10 seconds; its verdict would be listed twice).
const inFlight = new Set();
async function claimed(id, work) {
  inFlight.add(id);
  try {
    return await work();
  } finally {
    inFlight.delete(id);
  }
}

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
const getItem = (id) => outbox("readonly", (store) => store.get(id));
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
  // Logged out, the device forgets the session (the outbox keeps each sheet for its own account only).
  logout.addEventListener("submit", () => localStorage.removeItem("sig-session"));
  bar.append(list, logout);
  nav.append(bar);
  if (!form.elements.collector.value) form.elements.collector.value = session.user;
}

// A banner; with `login`, a link to the login page that comes back here (the queue stays on the device).
function banner(text, login) {
  const b = document.getElementById("banner");
  b.hidden = !text;
  b.textContent = text || "";
  if (text && login) {
    const link = document.createElement("a");
    link.href = "/login?next=/entry";
    link.className = "button-link";
    link.textContent = "Jetzt anmelden";
    b.append(" ", link);
  }
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

// --- The entry context: what the device needs to check sheets offline, refreshed whenever the server answers.
async function loadContext() {
  try {
    const response = await fetch("/api/entry-context", { credentials: "same-origin", cache: "no-store" });
    if (response.ok) {
      const fresh = await response.json();
      fresh.fetchedAt = Date.now();
      localStorage.setItem("sig-context", JSON.stringify(fresh));
    }
  } catch (e) {
    // Offline: the stored context serves.
  }
  const stored = localStorage.getItem("sig-context");
  if (stored) applyContext(JSON.parse(stored));
}

// The day to check against: the server's day when the context was fetched, moved on by the device's clock.
function deviceToday() {
  return SK.addDays(context.today, Math.max(0, Math.floor((Date.now() - context.fetchedAt) / 86400000)));
}

function applyContext(ctx) {
  context = ctx;
  const select = form.elements.nomination;
  const chosen = select.value;
  select.querySelectorAll("option[value]:not([value=''])").forEach((o) => o.remove());
  for (const n of ctx.nominations.filter((x) => x.campaign)) {
    const option = document.createElement("option");
    option.value = n.id;
    option.textContent = n.label;
    select.append(option);
  }
  if (chosen) select.value = chosen;
  const streets = document.getElementById("streets");
  streets.textContent = "";
  for (const name of [...new Set((ctx.streets || []).map((s) => s.street))].sort()) {
    const option = document.createElement("option");
    option.value = name;
    streets.append(option);
  }
  const codes = document.getElementById("postal-codes");
  codes.textContent = "";
  for (const code of ctx.postalCodes.value) {
    const option = document.createElement("option");
    option.value = code;
    codes.append(option);
  }
  // The city is a default only where the election is one municipality's (not a Kreis or the Land).
  if (!form.elements.city.value && ctx.residenceByCity !== false) form.elements.city.value = ctx.city;
  // Who may sign comes from the election data (Kommunalwahl: Germans and EU citizens; Bundestag: Germans from 18).
  if (ctx.signerReminder) document.getElementById("signer-hint").textContent = ctx.signerReminder;
  if (!form.elements.postal_code.value && ctx.postalCodes.value.length === 1) form.elements.postal_code.value = ctx.postalCodes.value[0];
}

// --- Notes at the fields.
function note(input, kind, text, extra) {
  let p = document.getElementById(input.id + "-note");
  if (!p) {
    p = document.createElement("p");
    p.id = input.id + "-note";
    input.after(p);
  }
  input.setAttribute("aria-describedby", p.id);
  p.className = "field-note " + kind + (p.classList.contains("reserved") ? " reserved" : "");
  p.textContent = text;
  if (extra) p.append(" ", extra);
  input.setAttribute("aria-invalid", kind === "problem" ? "true" : "false");
}

// The device's check of one field: its form, and for dates the date understood (and a signer too young).
function localCheck(input) {
  if (!context) return null;
  const value = input.value.trim();
  const problem = SK.fieldProblem(input.name, value, context);
  if (problem) return { verdict: value === "" ? "warning" : "problem", message: problem };
  if (value === "") {
    if (input.name === "collector") return { verdict: "ok", message: "" };
    return { verdict: "warning", message: "fehlt – das Formblatt wird als unvollständig gespeichert und zählt nicht" };
  }
  if (input.name === "born" || input.name === "signed_on") {
    const day = SK.parseDate(value, input.name === "born" ? "birth" : "signing", context.electionDay);
    if (input.name === "born" && SK.iso(day) > context.latestBirthDate) {
      return { verdict: "error", message: "= " + SK.german(day) + ": am Wahltag jünger als " + context.minimumAge.value + " – Formblatt kann nicht zählen" };
    }
    return { verdict: "ok", message: "= " + SK.german(day) };
  }
  return { verdict: "ok", message: "" };
}

async function checkField(input) {
  if (correcting && input.name === "sheet") return;
  const local = localCheck(input);
  if (local) note(input, local.verdict === "ok" ? "understood" : local.verdict, local.message);
  if (!online || (local && local.verdict === "problem")) return;
  try {
    const response = await fetch("/api/check-field", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ field: input.name, value: input.value })
    });
    if (!response.ok) return;
    const result = await response.json();
    // The server knows more (a sheet number already stored); the date understood stays when all is well.
    if (result.verdict !== "ok" || !local) note(input, result.verdict === "ok" ? "" : result.verdict, result.message || "");
  } catch (e) {
    // Offline: the device's check stands; the server checks the sheet when it arrives.
  }
}

form.querySelectorAll("input, select").forEach((input) => input.addEventListener("change", () => checkField(input)));
form.addEventListener("input", () => out.classList.remove("sticky"), { once: false });

// --- The ward from the street directory, proposed as soon as street and house number are typed.
async function proposeWard() {
  const street = form.elements.street.value.trim();
  const number = form.elements.house_number.value.trim();
  if (!street || !number || !context || !context.streets) return;
  let proposal = null;
  try {
    if (!online) throw new Error("offline");
    const response = await fetch("/api/ward?street=" + encodeURIComponent(street) + "&number=" + encodeURIComponent(number), { credentials: "same-origin" });
    if (response.status === 404) proposal = null;
    else if (response.ok) proposal = await response.json();
    else throw new Error("server");
  } catch (e) {
    const found = SK.lookupAddress(context, street, number);
    if (found.state === "found") proposal = { ward: "ward:" + found.ward, label: SK.labelOf("ward:" + found.ward, context) };
  }
  const select = form.elements.nomination;
  if (!proposal) {
    note(form.elements.house_number, "warning", "Anschrift nicht im Straßenverzeichnis: Wahlbezirk bitte vom Formblatt übernehmen.");
    return;
  }
  note(form.elements.house_number, "understood", "laut Straßenverzeichnis " + proposal.label);
  const current = select.value;
  const offered = [...select.options].some((o) => o.value === proposal.ward);
  if ((current === "" || current.startsWith("ward:")) && current !== proposal.ward) {
    if (current === "" && offered) {
      select.value = proposal.ward;
      note(select, "understood", proposal.label + " laut Straßenverzeichnis vorgeschlagen");
    } else if (offered) {
      const take = document.createElement("button");
      take.type = "button";
      take.className = "inline";
      take.textContent = proposal.label + " übernehmen";
      take.addEventListener("click", () => { select.value = proposal.ward; note(select, "understood", proposal.label + " übernommen"); });
      note(select, "warning", "Die Anschrift liegt laut Straßenverzeichnis in " + proposal.label + ".", take);
    } else {
      note(select, "problem", "Die Anschrift liegt laut Straßenverzeichnis in " + proposal.label + "; dafür sammelt die Kampagne nicht.");
    }
  } else if (current === proposal.ward) {
    note(select, "understood", "passt zum Straßenverzeichnis");
  }
}
form.elements.street.addEventListener("change", proposeWard);
form.elements.house_number.addEventListener("change", proposeWard);

// --- Verdicts.
const severityClass = (severity, counts) => (!counts || severity === "error" ? "counts-not" : severity === "warning" ? "warning-box" : "counts");

// A verdict as shown: { cls, headline, lines }. From the server's answer, or from the device's own check.
function fromServer(body) {
  if (body.state === "awaiting-second-entry" || body.state === "mismatch") return { cls: "waiting", headline: body.message, lines: [] };
  return { cls: severityClass(body.severity, body.counts), headline: body.headline, lines: body.findings.map((f) => f.message) };
}

function fromDevice(sheet, check) {
  const headline = sheet + (check.counts ? ": auf dem Gerät geprüft – kann zählen." : ": auf dem Gerät geprüft – zählt NICHT.")
    + " Noch nicht gesendet; ob diese Person schon unterschrieben hat, prüft der Server beim Senden.";
  const worst = check.findings.some((f) => f.severity === "error") ? "error" : check.findings.length ? "warning" : "ok";
  return { cls: severityClass(worst, check.counts), headline, lines: check.findings.map((f) => f.message) };
}

function renderVerdict(target, verdict) {
  target.textContent = "";
  target.className = verdict.cls;
  const head = document.createElement("strong");
  head.textContent = verdict.headline;
  target.append(head);
  if (verdict.lines.length) {
    const list = document.createElement("ul");
    for (const line of verdict.lines) {
      const li = document.createElement("li");
      li.textContent = line;
      list.append(li);
    }
    target.append(list);
  }
}

// The verdict at the top, kept in view while the next sheet starts, announced by the live region.
function showVerdict(verdict) {
  renderVerdict(out, verdict);
  out.classList.add("sticky");
  window.scrollTo(0, 0);
}

const sentKey = () => "sig-sent:" + user;
function addSent(verdict) {
  // Verdicts carry sheet numbers and rule texts only (no names): kept across a reload.
  const list = JSON.parse(localStorage.getItem(sentKey()) || "[]");
  list.unshift(verdict);
  localStorage.setItem(sentKey(), JSON.stringify(list.slice(0, 20)));
  renderSent();
}

function renderSent() {
  const sent = document.getElementById("sent");
  sent.textContent = "";
  for (const verdict of JSON.parse(localStorage.getItem(sentKey()) || "[]")) {
    const li = document.createElement("li");
    renderVerdict(li, verdict);
    sent.append(li);
  }
}

// Sends one waiting sheet. Returns "done", "rejected" (409/422/403: stored with its message), "login" or "offline".
async function send(item, retried) {
  let response;
  try {
    response = await fetch(item.correct ? "/api/sheets/" + encodeURIComponent(item.correct) : "/api/sheets", {
      method: item.correct ? "PUT" : "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(Object.assign({ client_id: item.client_id }, item.values))
    });
  } catch (e) {
    setOnline(false);
    return "offline";
  }
  setOnline(true);
  if (response.status === 201 || response.status === 200 || response.status === 202) {
    const body = await response.json();
    await deleteItem(item.client_id);
    item.verdict = fromServer(body);
    addSent(item.verdict);
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

function setOnline(state) {
  online = state;
  document.getElementById("connection").textContent = state
    ? ""
    : "Ohne Verbindung: jedes Formblatt wird auf dem Gerät geprüft (Datum, Alter, Frist, Wahlvorschlag, Wohnort, Wahlbezirk) und gesendet, sobald die Verbindung steht. Doppelte Unterschriften prüft der Server beim Senden.";
}

async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    for (const listed of await allItems()) {
      if (listed.state !== "waiting" || listed.user !== user || inFlight.has(listed.client_id)) continue;
      const result = await claimed(listed.client_id, async () => {
        // Read again: the form may have sent it (and removed it) since the list was read.
        const item = await getItem(listed.client_id);
        return item && item.state === "waiting" ? send(item, false) : "gone";
      });
      if (result === "login") { banner("Bitte neu anmelden: Formblätter warten auf dem Gerät und werden danach gesendet.", true); break; }
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
    if (item.user !== user) {
      // Another account's sheet: neither its data nor its message is shown (a shared phone).
      li.textContent = item.values.sheet + ": auf dem Gerät, wartet auf die Anmeldung von " + item.user;
    } else if (item.state === "error") {
      li.className = "counts-not";
      li.textContent = item.values.sheet + ": nicht gespeichert – " + item.message + " ";
      const take = document.createElement("button");
      take.type = "button";
      take.className = "inline";
      take.textContent = "Ins Formular übernehmen";
      take.addEventListener("click", async () => {
        fill(item.values);
        correcting = item.correct || null;
        await deleteItem(item.client_id);
        await renderQueue();
        document.getElementById("sheet").focus();
      });
      li.append(take);
    } else {
      li.className = "waiting";
      li.textContent = item.values.sheet + ": auf dem Gerät, noch nicht gesendet"
        + (item.device ? (item.device.counts ? " – auf dem Gerät geprüft: kann zählen" : " – auf dem Gerät geprüft: zählt NICHT") : "");
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
  form.querySelectorAll(".field-note").forEach((p) => { p.textContent = ""; p.className = p.classList.contains("reserved") ? "field-note reserved" : "field-note"; });
  if (correcting) endCorrection();
  document.getElementById("sheet").focus({ preventScroll: true });
}

function endCorrection() {
  correcting = null;
  document.getElementById("sheet").readOnly = false;
  document.getElementById("title").textContent = "Formblatt erfassen";
  history.replaceState(null, "", "/entry");
}

// A refused sheet: each field at fault gets its note, focus goes to the first; nothing leaves the form.
function refuse(errors, headline) {
  showVerdict({ cls: "counts-not", headline, lines: errors.map((e) => e.message) });
  let first = null;
  for (const e of errors) {
    const input = form.elements[e.field];
    if (!input) continue;
    note(input, "problem", e.message);
    first = first || input;
  }
  if (first) first.focus();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const values = {};
  for (const name of fields) values[name] = form.elements[name].value.trim();
  const sheet = values.sheet.toUpperCase() || "Formblatt";
  // The device's check first: a sheet that cannot be read is not queued (it stays in the form to be mended).
  const device = context ? SK.check(values, context, deviceToday()) : null;
  if (device && device.problems.length > 0) {
    refuse(device.problems, sheet + ": nicht gespeichert – bitte die markierten Felder prüfen.");
    return;
  }
  const item = { client_id: newId(), values, user, created: Date.now(), state: "waiting", correct: correcting, device };
  // On the device first: from here on nothing typed is lost.
  const result = await claimed(item.client_id, async () => {
    await putItem(item);
    return send(item, false);
  });
  if (result === "done") {
    showVerdict(item.verdict);
    clearForm();
  } else if (result === "rejected") {
    // Not stored: the sheet stays in the form to be mended, not on the device.
    await deleteItem(item.client_id);
    refuse(item.errors.length ? item.errors : [{ field: "sheet", message: item.message }], sheet + ": nicht gespeichert – " + item.message);
  } else {
    showVerdict(device ? fromDevice(sheet, device) : { cls: "waiting", headline: sheet + ": auf dem Gerät, noch nicht gesendet – wird gesendet, sobald die Verbindung steht.", lines: [] });
    if (result === "login") banner("Bitte neu anmelden: Formblätter warten auf dem Gerät und werden danach gesendet.", true);
    clearForm();
  }
  await renderQueue();
});

async function startCorrection(number) {
  try {
    const response = await fetch("/api/sheets/" + encodeURIComponent(number), { credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok || !body.correctable) {
      showVerdict({ cls: "counts-not", headline: number + " kann nicht korrigiert werden" + (body.correctionRefusal ? ": " + body.correctionRefusal : "") + ".", lines: [] });
      return;
    }
    fill(body.fields);
    correcting = body.sheet;
    document.getElementById("sheet").readOnly = true;
    document.getElementById("title").textContent = "Formblatt " + body.sheet + " korrigieren";
  } catch (e) {
    showVerdict({ cls: "waiting", headline: "Ohne Verbindung kann nichts korrigiert werden.", lines: [] });
  }
}

async function start() {
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
  const state = await loadSession();
  setOnline(state !== "offline");
  if (state === "login") {
    const waiting = (await allItems()).length;
    if (waiting === 0) { window.location.assign("/login?next=/entry"); return; }
    banner("Bitte neu anmelden: " + waiting + " Formblätter warten auf dem Gerät und werden danach gesendet.", true);
  }
  await loadContext();
  const wanted = new URLSearchParams(location.search).get("sheet");
  if (wanted && state === "ok") await startCorrection(wanted);
  renderSent();
  await renderQueue();
  await flush();
  window.addEventListener("online", () => { loadContext(); flush(); });
  setInterval(flush, 10000);
  setInterval(loadContext, 600000);
}

start();
