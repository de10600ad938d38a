// The library's checks of one sheet, on the device: the same field checks (SheetParser), the same rules
// (Rules.evaluate) with the same German texts, on the entry context the server hands out (/api/entry-context, kept on
// the device). Used by the entry page while offline. Duplicates need every stored sheet: only the server finds them.
// A browser test runs one corpus of sheets through this file and through the library and compares the verdicts.
"use strict";
const SK = (() => {
  // --- Dates as people type them (CalendarDay(typed:twoDigitYear:)).
  const daysIn = (m, y) => (m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
  function day(y, m, d) {
    if (!(y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(m, y))) return null;
    return { y, m, d };
  }
  const pad = (n, w) => String(n).padStart(w, "0");
  const iso = (x) => pad(x.y, 4) + "-" + pad(x.m, 2) + "-" + pad(x.d, 2);
  const german = (x) => pad(x.d, 2) + "." + pad(x.m, 2) + "." + pad(x.y, 4);
  const fromISO = (s) => { const p = s.split("-").map(Number); return { y: p[0], m: p[1], d: p[2] }; };
  const ageOn = (b, e) => e.y - b.y - ((e.m < b.m || (e.m === b.m && e.d < b.d)) ? 1 : 0);
  const trim = (s) => String(s == null ? "" : s).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");

  // The strict forms: TT.MM.JJJJ (also T.M.JJJJ) and JJJJ-MM-TT.
  function parseStrict(t) {
    let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
    if (m) return day(+m[3], +m[2], +m[1]);
    m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (m) return day(+m[1], +m[2], +m[3]);
    return null;
  }

  // kind: "birth" (two-digit year: an age of 0-99 on election day) or "signing" (20JJ).
  function parseDate(text, kind, electionDay) {
    const t = trim(text);
    const strict = parseStrict(t);
    if (strict) return strict;
    let m = /^(\d{2})(\d{2})(\d{4})$/.exec(t);
    if (m) return day(+m[3], +m[2], +m[1]);
    m = /^(\d{1,2})\.(\d{1,2})\.(\d{2})$/.exec(t);
    if (!m) return null;
    const d = +m[1], mo = +m[2], yy = +m[3];
    if (kind === "signing") return day(2000 + yy, mo, d);
    const e = fromISO(electionDay);
    const base = Math.floor(e.y / 100) * 100 + yy;
    for (const y of [base + 100, base, base - 100, base - 200]) {
      const c = day(y, mo, d);
      if (c) { const a = ageOn(c, e); if (a >= 0 && a <= 99) return c; }
    }
    return null;
  }

  function subtractYears(x, years) {
    const y = x.y - years;
    return day(y, x.m, Math.min(x.d, daysIn(x.m, y))) || x;
  }

  function addDays(isoDay, n) {
    const t = Date.UTC(...(() => { const p = fromISO(isoDay); return [p.y, p.m - 1, p.d]; })()) + n * 86400000;
    const d = new Date(t);
    return iso({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() });
  }

  // --- Names and streets as keys (Normalizer.nameKey, Normalizer.streetKey).
  const titles = new Set(["dr", "prof", "professor", "med", "rer", "nat", "phil", "jur", "dipl", "ing", "mag", "ba", "ma", "msc", "bsc", "hc", "h", "c"]);
  function fold(text) {
    return String(text).normalize("NFC")
      .replace(/[äÄæÆ]/g, "ae").replace(/[öÖœŒ]/g, "oe").replace(/[üÜ]/g, "ue").replace(/ß/g, "ss").replace(/[øØ]/g, "o")
      .replace(/[łŁ]/g, "l").replace(/[đĐðÐ]/g, "d").replace(/[þÞ]/g, "th").replace(/ı/g, "i")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[-.'`,/_\u2019]/g, " ");
  }
  const words = (t) => t.split(/[ \t]+/).filter((w) => w.length > 0);
  const nameKey = (name) => words(fold(name)).filter((w) => !titles.has(w)).join(" ");
  function streetKey(street) {
    const suffixes = ["strasse", "platz", "weg", "allee", "ring", "gasse"];
    const parts = [];
    for (const w of words(fold(street))) {
      if (w === "str" || w === "st") parts.push("strasse");
      else if (w === "pl") parts.push("platz");
      else if (w.length > 3 && w.endsWith("str")) parts.push(w.slice(0, -3), "strasse");
      else {
        const suffix = suffixes.find((s) => w.length > s.length && w.endsWith(s));
        if (suffix) parts.push(w.slice(0, -suffix.length), suffix); else parts.push(w);
      }
    }
    let joined = "";
    for (const p of parts) joined += suffixes.includes(p) || joined === "" ? p : " " + p;
    return joined;
  }
  const houseNumberValue = (n) => { const m = /^\d+/.exec(trim(n)); return m ? parseInt(m[0], 10) : null; };

  // --- Nominations as people type them (NominationID(_:), Election.nomination(parsing:)).
  // The number after one of `heads` (NominationID.numbered): digits, then nothing, a dash or a parenthesis.
  function numbered(lower, heads) {
    for (const head of heads) {
      if (!lower.startsWith(head)) continue;
      const m = /^[ :]*(\d+)(.*)$/.exec(lower.slice(head.length));
      if (!m) return null;
      const n = parseInt(m[1], 10);
      const tail = m[2].trim();
      if (!(n > 0) || !(tail === "" || tail.startsWith("–") || tail.startsWith("-") || tail.startsWith("("))) return null;
      return n;
    }
    return null;
  }

  function parseNominationCode(text) {
    const t = trim(text);
    if (t === "" || t.length > 200) return null;
    const lower = t.toLowerCase();
    if (/^\d+$/.test(lower)) { const n = parseInt(lower, 10); return n > 0 ? { kind: "ward", n } : null; }
    const ward = numbered(lower, ["wahlbezirk", "ward", "wb"]);
    if (ward) return { kind: "ward", n: ward };
    const constituency = numbered(lower, ["constituency", "wahlkreis", "wk"]);
    if (constituency) return { kind: "constituency", n: constituency };
    for (const head of ["bezirksvertretung", "stadtbezirk", "district", "bezirk", "bv"]) {
      if (!lower.startsWith(head)) continue;
      const rest = t.slice(head.length);
      if (!(rest[0] === ":" || rest[0] === " ")) continue;
      const name = trim(rest.replace(/^[ :]+/, ""));
      return name ? { kind: "district", name } : null;
    }
    if (["list", "reserveliste", "liste", "landesliste"].includes(lower)) return { kind: "list" };
    if (["mayor", "ob", "oberbuergermeister", "oberbürgermeister", "oberbürgermeister/in", "oberbürgermeisterin", "oberbuergermeister/in",
      "oberbuergermeisterin", "buergermeister", "bürgermeister", "bürgermeister/in", "bürgermeisterin", "buergermeister/in",
      "buergermeisterin"].includes(lower)) return { kind: "mayor" };
    return null;
  }
  const code = (n) =>
    n.kind === "ward" ? "ward:" + n.n : n.kind === "constituency" ? "constituency:" + n.n : n.kind === "district" ? "district:" + n.name : n.kind;

  // The nomination id as the election spells it, or null when it cannot be read; `known` says whether it exists.
  function parseNomination(text, ctx) {
    const n = parseNominationCode(text);
    if (n) {
      if (n.kind === "district") {
        const hit = ctx.nominations.find((x) => x.kind === "district" && nameKey(x.id.slice(9)) === nameKey(n.name));
        if (hit) return hit.id;
      }
      // A bare number in an election with constituencies and no wards means the constituency (Election.canonical).
      if (n.kind === "ward" && !ctx.nominations.some((x) => x.kind === "ward") && ctx.nominations.some((x) => x.id === "constituency:" + n.n)) {
        return "constituency:" + n.n;
      }
      return code(n);
    }
    const key = nameKey(text);
    if (!key) return null;
    const byName = ctx.nominations.find((x) => x.name && nameKey(x.name) === key);
    return byName ? byName.id : null;
  }
  const labelOf = (id, ctx) => {
    const hit = ctx.nominations.find((x) => x.id === id);
    if (hit) return hit.label;
    if (id.startsWith("ward:")) return "Wahlbezirk " + id.slice(5);
    if (id.startsWith("district:")) return "Bezirksvertretung " + id.slice(9);
    if (id.startsWith("constituency:")) return "Wahlkreis " + id.slice(13);
    return id === "list" ? "Reserveliste" : "Oberbürgermeister/in";
  };

  // --- The field checks (SheetParser).
  const columns = ["sheet", "nomination", "surname", "given_names", "born", "street", "house_number", "postal_code", "city", "signed_on", "collector"];
  const labels = { sheet: "Formblatt", nomination: "Wahlvorschlag", surname: "Familienname", given_names: "Vornamen", born: "Geburtsdatum",
    street: "Straße", house_number: "Hausnummer", postal_code: "PLZ", city: "Ort", signed_on: "Unterschrieben am", collector: "Sammler" };
  const controlOrBidi = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  function fieldProblem(field, raw, ctx) {
    const v = trim(raw);
    if (v === "") return ctx.optionalFields.includes(field) ? null : ctx.problems.empty;
    if (controlOrBidi.test(v)) return "enthält Steuerzeichen (Zeilenumbruch, Tabulator, Escape, Nullbyte oder Schreibrichtung); bitte neu eintippen";
    switch (field) {
      case "sheet":
        return /^[A-Za-z0-9-]{1,32}$/.test(v) ? null : ctx.problems.sheet;
      case "nomination": return parseNomination(v, ctx) ? null : ctx.problems.nomination;
      case "born": return parseDate(v, "birth", ctx.electionDay) ? null : ctx.problems.date;
      case "signed_on": return parseDate(v, "signing", ctx.electionDay) ? null : ctx.problems.date;
      case "postal_code": return /^\d{5}$/.test(v) ? null : ctx.problems.postal_code;
      case "house_number": return /^\d/.test(v) ? null : ctx.problems.house_number;
      default: return [...v].length > 100 || new TextEncoder().encode(v).length > 400 ? "zu lang (höchstens 100 Zeichen)" : null;
    }
  }

  // Why a nomination cannot be entered (Election.entryRefusal), or null.
  function entryRefusal(id, ctx) {
    const hit = ctx.nominations.find((x) => x.id === id);
    if (!hit) return labelOf(id, ctx) + " gibt es in dieser Wahl nicht";
    if (!hit.campaign) return hit.label + " gehört nicht zu den Wahlvorschlägen dieser Kampagne (sig-cli nominations)";
    return null;
  }

  // --- The rules (Rules.evaluate), on a parsed sheet.
  function lookupAddress(ctx, street, houseNumber) {
    if (!ctx.streets) return { state: "noDirectory" };
    const number = houseNumberValue(houseNumber);
    const n = number == null ? -1 : number;
    const parity = n % 2 === 0 ? "even" : "odd";
    const key = streetKey(street);
    const hit = ctx.streets.find((s) => (s.key || (s.key = streetKey(s.street))) === key && (s.from == null || n >= s.from)
      && (s.to == null || n <= s.to) && (s.parity === "all" || s.parity === parity));
    return hit ? { state: "found", ward: hit.ward, district: hit.district == null ? null : hit.district } : { state: "unknownStreet" };
  }

  function evaluate(sheet, ctx, today) {
    const out = [];
    const push = (code, severity, message) => out.push({ code, severity, message });
    const nomination = sheet.nomination;
    // nominationExists
    if (!ctx.nominations.some((x) => x.id === nomination)) push("unknown-nomination", "error", "Wahlvorschlag " + nomination + " gibt es in dieser Wahl nicht.");
    // completeness
    const missing = ["surname", "given_names", "street", "house_number", "postal_code", "city"].filter((f) => sheet[f] === "").map((f) => labels[f]);
    if (missing.length > 0) push("incomplete", "error", "Unvollständig: " + missing.join(", ") + " " + (missing.length === 1 ? "fehlt" : "fehlen") + "; das Formblatt zählt nicht.");
    // age
    const born = sheet.born, signed = sheet.signed_on;
    const latest = fromISO(ctx.latestBirthDate);
    const age = ctx.minimumAge.value;
    if (iso(born) > ctx.latestBirthDate) {
      push("under-age", "error", "Am Wahltag " + ctx.electionDayGerman + " noch nicht " + age + " Jahre alt (geboren nach dem " + german(latest) + ").");
    } else if (iso(born) > iso(subtractYears(signed, age))) {
      push("under-age-at-signing", "warning", "Bei der Unterschrift noch nicht " + age + " Jahre alt; ob das Alter am Tag der Unterschrift zählt, ist unbestätigt.");
    }
    // birthDatePlausible
    if (iso(born) > today || iso(born) > iso(signed)) push("birth-date-implausible", "error", "Geburtsdatum liegt nach dem Tag der Unterschrift oder in der Zukunft.");
    else if (born.y < 1900) push("birth-date-implausible", "error", "Geburtsdatum vor 1900 ist nicht plausibel.");
    else if (fromISO(ctx.electionDay).y - born.y > 105) push("birth-date-check", "warning", "Unterzeichner wäre über 105 Jahre alt: Geburtsdatum prüfen.");
    // residence
    if (sheet.city !== "" && ctx.residenceByCity !== false) {
      const city = nameKey(sheet.city), expected = nameKey(ctx.city);
      if (city !== expected && !city.startsWith(expected + " ")) {
        push("not-resident", "error", "Wohnort ist nicht " + ctx.city + ": nur Wahlberechtigte mit Hauptwohnung in " + ctx.city + " können unterschreiben.");
      } else if (sheet.postal_code !== "" && ctx.postalCodes.value.length > 0 && !ctx.postalCodes.value.includes(sheet.postal_code)) {
        push("postal-code-unknown", ctx.postalCodes.confirmed ? "error" : "warning", "Die Postleitzahl gehört nicht zu den bekannten Postleitzahlen von " + ctx.city + ".");
      }
    }
    // wardOrDistrict
    const kind = nomination.startsWith("ward:") ? "ward" : nomination.startsWith("district:") ? "district" : "";
    if (kind) {
      const address = lookupAddress(ctx, sheet.street, sheet.house_number);
      if (address.state === "noDirectory") push("ward-unverified", "warning", "Kein Straßenverzeichnis geladen: Wahlbezirk bzw. Stadtbezirk der Anschrift ungeprüft.");
      else if (address.state === "unknownStreet") push("ward-unverified", "warning", "Anschrift nicht im Straßenverzeichnis: Wahlbezirk bzw. Stadtbezirk ungeprüft.");
      else if (kind === "ward") {
        const n = parseInt(nomination.slice(5), 10);
        if (n !== address.ward) push("wrong-ward", "error", "Anschrift liegt in Wahlbezirk " + address.ward + ", nicht in Wahlbezirk " + n + ".");
      } else {
        const name = nomination.slice(9);
        if (address.district == null) push("ward-unverified", "warning", "Straßenverzeichnis nennt keinen Stadtbezirk für diese Anschrift.");
        else if (nameKey(address.district) !== nameKey(name)) push("wrong-district", "error", "Anschrift liegt im Stadtbezirk " + address.district + ", nicht in " + name + ".");
      }
    }
    // signingDate
    if (iso(signed) > today) push("signed-in-future", "error", "Datum der Unterschrift liegt in der Zukunft.");
    if (iso(signed) > ctx.deadlineDay) push("signed-after-deadline", "error", "Unterschrieben nach Fristende (" + ctx.deadlineText + ").");
    const meeting = (ctx.nominations.find((x) => x.id === nomination) || {}).meetingDate;
    if (meeting) {
      if (iso(signed) < meeting) push("signed-before-meeting", "error", "Unterschrieben vor der Aufstellungsversammlung am " + german(fromISO(meeting)) + ".");
    } else if (ctx.earliestMeeting && iso(signed) < ctx.earliestMeeting.value) {
      push("signed-before-meeting", "error", "Unterschrieben vor dem frühestmöglichen Aufstellungstermin " + german(fromISO(ctx.earliestMeeting.value)) + ".");
    }
    // Errors first, otherwise in the rules' order.
    return out.filter((f) => f.severity === "error").concat(out.filter((f) => f.severity !== "error"));
  }

  // The device's verdict on a sheet typed into the form: field problems (nothing may be stored), or the findings.
  function check(values, ctx, today) {
    const problems = [];
    for (const field of columns) {
      const message = fieldProblem(field, values[field], ctx);
      if (message) problems.push({ field, message: labels[field] + ": " + message });
    }
    let nomination = null;
    if (problems.length === 0) {
      nomination = parseNomination(values.nomination, ctx);
      const refusal = entryRefusal(nomination, ctx);
      if (refusal) problems.push({ field: "nomination", message: labels.nomination + ": " + refusal });
    }
    if (problems.length > 0) return { problems, findings: [], counts: false };
    const sheet = {};
    for (const field of columns) sheet[field] = trim(values[field]);
    sheet.nomination = nomination;
    sheet.born = parseDate(sheet.born, "birth", ctx.electionDay);
    sheet.signed_on = parseDate(sheet.signed_on, "signing", ctx.electionDay);
    const findings = evaluate(sheet, ctx, today);
    return { problems, findings, counts: !findings.some((f) => f.severity === "error"), nomination };
  }

  return { parseDate, iso, german, addDays, fold, nameKey, streetKey, parseNomination, labelOf, fieldProblem, entryRefusal, lookupAddress, evaluate, check, columns, labels };
})();
if (typeof self !== "undefined") self.SK = SK;
