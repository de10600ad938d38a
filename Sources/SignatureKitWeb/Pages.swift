import Foundation
import SignatureKit

/// The server-rendered pages: German, phone-first, plain forms that work with a keyboard alone.
enum Pages {
    static func e(_ s: String) -> String { HTML.escape(s) }

    /// The navigation for a session: the pages its role may open, and the logout button (a form with the token).
    static func nav(_ s: Session, current: String) -> String {
        var out = "<header><nav aria-label=\"Seiten\"><ul>"
        for page in PageLink.pages(for: s.role) {
            out +=
                "<li><a href=\"\(page.path)\"\(page.path == current ? " aria-current=\"page\"" : "")>\(e(page.title))</a></li>"
        }
        out +=
            "</ul><form method=\"post\" action=\"/logout\" class=\"logout\"><input type=\"hidden\" name=\"csrf\" value=\"\(e(s.csrf))\">"
            + "<span>\(e(s.account)) (\(e(s.role.germanName)))</span> <button type=\"submit\">Abmelden</button></form></nav></header>"
        return out
    }

    /// A complete page of the web interface.
    static func layout(_ title: String, _ s: Session, path: String, body: String, scripts: [String] = []) -> String {
        """
        <!doctype html>
        <html lang="de"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title)) – SignatureKit</title>
        <link rel="stylesheet" href="/static/app.css">
        \(manifestLinks)
        </head><body>
        \(nav(s, current: path))
        <main><h1>\(e(title))</h1>
        \(body)
        </main>
        \(scripts.map { "<script src=\"/static/\($0)\"></script>" }.joined())
        </body></html>
        """
    }

    /// The web app manifest and theme colour, on every page (the entry can be put on the home screen).
    static let manifestLinks = "<link rel=\"manifest\" href=\"/manifest.webmanifest\"><meta name=\"theme-color\" content=\"#1a5fb4\">"

    /// A printable report of the library (a complete page) inside the web interface: the navigation above it
    /// (hidden when printing) and, for live views, a refresh every `refresh` seconds without script.
    static func embed(_ report: String, _ s: Session, path: String, scripts: [String] = []) -> String {
        let head = "<head><link rel=\"stylesheet\" href=\"/static/app.css\">" + manifestLinks
        return
            report
            .replacingOccurrences(of: "<head>", with: head)
            .replacingOccurrences(of: "<body>", with: "<body class=\"report\">" + nav(s, current: path) + "<div class=\"wrap report-frame\">")
            .replacingOccurrences(
                of: "</body>", with: "</div>" + scripts.map { "<script src=\"/static/\(e($0))\"></script>" }.joined() + "</body>")
    }

    /// The progress page's controls: pausing the refresh, and (while ward quotas are unconfirmed) the cautious plan
    /// as a switch.
    static func progressControls(_ r: ProgressReport) -> String {
        var out = "<div class=\"controls\">"
        if r.unconfirmedWardQuotas > 0 {
            out +=
                "<a class=\"button-link\" role=\"switch\" aria-checked=\"\(r.cautious)\" href=\"/progress\(r.cautious ? "" : "?cautious=1")\">Vorsichtig planen (\(r.cautiousWardQuota) je Wahlbezirk ohne Einwohnerzahl): \(r.cautious ? "an" : "aus")</a>"
        }
        out +=
            "<p><button id=\"refresh-toggle\" class=\"inline\" type=\"button\" aria-pressed=\"false\">Aktualisierung anhalten</button> <span id=\"refresh-state\" role=\"status\">Die Seite aktualisiert sich jede Minute.</span></p></div>"
        return out
    }

    static func hidden(_ s: Session) -> String { "<input type=\"hidden\" name=\"csrf\" value=\"\(e(s.csrf))\">" }

    static func message(_ text: String?, problem: Bool = false) -> String {
        guard let text else { return "" }
        return "<p role=\"status\" class=\"\(problem ? "problem" : "counts")\">\(e(text))</p>"
    }

    static func forbidden(_ s: Session) -> String {
        layout("Nicht freigegeben", s, path: "", body: "<p>Diese Seite ist für Ihre Rolle (\(e(s.role.germanName))) nicht freigegeben.</p>")
    }

    // MARK: - Volunteers

    /// One's own sheets as cards (readable at 390 px): number, nomination in German, date, state and, when a sheet
    /// cannot count, the reason in words.
    static func mine(
        _ s: Session, sheets: [SheetSummary], errors: [String: [Finding]], pending: [(sheet: String, mismatch: Bool)],
        policy: CorrectionPolicy, today: CalendarDay, election: Election, own: CollectorStats? = nil
    ) -> String {
        var body = ""
        if let own {
            body +=
                "<p class=\"counts\">Von Ihnen gesammelt (Sammler/in „\(e(own.collector))“): \(own.sheets) Formblätter, \(own.counting) können zählen, \(own.rejected) vom Wahlamt abgelehnt.</p>"
        }
        body +=
            "<p>\(sheets.count) von Ihnen erfasste Formblätter. Korrigieren können Sie eigene Eingaben bis \(policy.days) Tage nach der Eingabe, solange sie nicht versandt sind.</p>"
        if !pending.isEmpty {
            body += "<h2>Doppelerfassung: zählen noch nicht</h2><ul>"
            for p in pending {
                body +=
                    "<li>\(e(p.sheet)): \(p.mismatch ? "weicht von der zweiten Eingabe ab – die Organisation entscheidet" : "wartet auf die Eingabe einer zweiten Person")</li>"
            }
            body += "</ul>"
        }
        guard !sheets.isEmpty else {
            return layout(
                "Meine Formblätter", s, path: "/mine", body: body + "<p><a class=\"button-link\" href=\"/entry\">Erstes Formblatt erfassen</a></p>")
        }
        body += "<ul class=\"cards\">"
        for sheet in sheets.reversed() {
            let correctable = policy.refusal(status: sheet.status, enteredOn: CalendarDay(parsing: sheet.enteredOn), today: today) == nil
            let reasons = (errors[sheet.sheet] ?? []).map(\.message)
            let counts: String
            let cls: String
            if !reasons.isEmpty {
                counts = "Zählt nicht: " + reasons.map(e).joined(separator: " ")
                cls = "counts-not"
            } else if let dup = sheet.duplicateOf {
                counts = "Zählt nicht: dieselbe Person wie \(e(dup)) – die Unterschrift zählt dort einmal."
                cls = "counts-not"
            } else {
                counts = sheet.warnings > 0 ? "Kann zählen (mit Hinweis)." : "Kann zählen."
                cls = "counts"
            }
            let label = NominationID(sheet.nomination).map(election.label) ?? sheet.nomination
            body +=
                "<li class=\"\(cls)\"><strong>\(e(sheet.sheet))</strong> – \(e(label))<br><span class=\"meta\">unterschrieben \(CalendarDay(parsing: sheet.signedOn)?.german ?? e(sheet.signedOn)), \(e(sheet.status.germanName))</span><br>\(counts)"
                + (correctable
                    ? "<br><a href=\"/entry?sheet=\(e(sheet.sheet.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))\">korrigieren</a>"
                    : "")
                + "</li>"
        }
        body += "</ul>"
        return layout("Meine Formblätter", s, path: "/mine", body: body)
    }

    // MARK: - Organizers

    /// The review queue: each case with both signers side by side (a recorded read of their data).
    static func review(
        _ s: Session, cases: [ReviewCase], total: Int, signers: [String: SignerData], mismatches: [[EntryDraft]], message: String?,
        problem: Bool = false, details: [String: SheetDetail] = [:], election: Election
    ) -> String {
        var body = Self.message(message, problem: problem)
        if !mismatches.isEmpty {
            body += "<h2>Doppelerfassung: abweichende Eingaben</h2>"
            for drafts in mismatches where drafts.count >= 2 {
                let sheet = drafts[0].input.sheetNumber
                let fields = drafts.map { $0.input.csvFields }
                body += "<section class=\"case\"><h3>\(e(sheet))</h3><div class=\"wrap\"><table><thead><tr><th></th>"
                body += drafts.map { "<th>\(e($0.enteredBy))</th>" }.joined() + "</tr></thead><tbody>"
                for (column, labels) in SheetParser.columns {
                    let values = fields.map { $0[column] ?? "" }
                    let shown = values.map { column == "born" || column == "signed_on" ? (CalendarDay(parsing: $0)?.german ?? $0) : $0 }
                    body +=
                        "<tr\(Set(values).count > 1 ? " class=\"differs\"" : "")><th scope=\"row\">\(e(labels.first ?? column))</th>"
                        + shown.map { "<td>\(e($0))</td>" }.joined() + "</tr>"
                }
                body +=
                    "</tbody></table></div><form method=\"post\" action=\"/review\">\(hidden(s))<input type=\"hidden\" name=\"action\" value=\"resolve\">"
                body += "<input type=\"hidden\" name=\"sheet\" value=\"\(e(sheet))\">"
                body += drafts.map { "<button type=\"submit\" name=\"draft\" value=\"\($0.id)\">Eingabe von \(e($0.enteredBy)) übernehmen</button> " }
                    .joined()
                body += "</form></section>"
            }
            body += "<h2>Mögliche Doppelte</h2>"
        }
        body +=
            "<p>\(total) offene Fälle\(total > cases.count ? ", die ersten \(cases.count) angezeigt" : ""). Jede Anzeige der Namen wird protokolliert.</p>"
        for c in cases {
            let sides = [(c.first, signers[c.first.sheet]), (c.second, signers[c.second.sheet])]
            let address = { (d: SignerData?) in d.map { "\($0.street) \($0.houseNumber), \($0.postalCode) \($0.city)" } }
            let names: [(String, (SignerData?) -> String?)] = [
                ("Familienname", { $0?.surname }), ("Vornamen", { $0?.givenNames }), ("Geburtsdatum", { $0?.birthDate?.german }),
                ("Anschrift", address),
            ]
            body +=
                "<section class=\"case\"><h2>\(e(c.kind.germanName.prefix(1).uppercased() + c.kind.germanName.dropFirst())): \(e(c.first.sheet)) und \(e(c.second.sheet))</h2>"
            body += "<p>Übereinstimmung \(GermanNumber.format(c.score * 100, digits: 0)) %: \(e(c.reasons))</p><div class=\"sides\">"
            // Both sheets side by side on a wide screen, one above the other on a phone; differing names marked.
            for (side, signer) in sides {
                let d = details[side.sheet]
                let label = d?.nomination.map(election.label) ?? side.nomination
                body +=
                    "<div class=\"side\"><h3>\(e(side.sheet)) – \(e(label))</h3><p><a href=\"/correct?sheet=\(e(side.sheet))\">\(e(side.sheet)) korrigieren</a></p><dl>"
                body += "<dt>Stand</dt><dd>\(e(d?.status.germanName ?? "?"))</dd>"
                body += "<dt>Unterschrieben am</dt><dd>\(e(d?.signedOn?.german ?? "–"))</dd>"
                body += "<dt>Sammler/in</dt><dd>\(e((d?.collector).flatMap { $0.isEmpty ? nil : $0 } ?? "–"))</dd>"
                let findings = d?.findings ?? []
                body +=
                    "<dt>Befunde</dt><dd>"
                    + (findings.isEmpty
                        ? "keine"
                        : findings.map { "<span class=\"\($0.severity == .error ? "problem" : "warning")\">\(e($0.message))</span>" }.joined(
                            separator: "<br>"))
                    + "</dd>"
                for (title, value) in names {
                    let differs = value(sides[0].1) != value(sides[1].1)
                    body += "<dt>\(title)</dt><dd\(differs ? " class=\"differs\"" : "")>\(e(value(signer) ?? "–"))</dd>"
                }
                body += "</dl></div>"
            }
            body += "</div><form method=\"post\" action=\"/review\">\(hidden(s))<input type=\"hidden\" name=\"pair\" value=\"\(c.id)\">"
            if c.kind.isConflict {
                // A conflict is settled by keeping one signature: the other is withdrawn and no longer counts.
                for (kept, dropped) in [(c.first.sheet, c.second.sheet), (c.second.sheet, c.first.sheet)] {
                    body += "<button type=\"submit\" name=\"keep\" value=\"\(e(kept))\">\(e(kept)) behalten, \(e(dropped)) zurückziehen</button> "
                }
            }
            body +=
                "<button type=\"submit\" name=\"decision\" value=\"confirmed\">Dieselbe Person</button> "
                + "<button type=\"submit\" name=\"decision\" value=\"dismissed\">Verschiedene Personen</button></form></section>"
        }
        if cases.isEmpty { body += "<p>Keine offenen Fälle.</p>" }
        return layout("Mögliche Doppelte prüfen", s, path: "/review", body: body)
    }

    static func status(
        _ s: Session, counts: [(SheetStatus, Int)], ready: [String], probes: [ProbeSignal] = [],
        preview: (StatusPreview, SheetStatus, RejectReason?)? = nil, message: String?, problem: Bool
    ) -> String {
        var body = Self.message(message, problem: problem)
        if let (p, status, reason) = preview {
            // What the change would do, before it is done; one button changes all in one transaction.
            body += "<section class=\"case\"><h2>Vorschau: \(p.changes.count) Formblätter werden \(e(status.germanName))</h2><ul>"
            body += p.changes.map { "<li>\(e($0.sheet)): \(e($0.from.germanName)) → \(e($0.to.germanName))</li>" }.joined()
            body += "</ul>"
            if !p.unchanged.isEmpty { body += "<p>Schon \(e(status.germanName)): \(p.unchanged.map(e).joined(separator: ", "))</p>" }
            if let reason { body += "<p>Grund: \(e(reason.germanName))</p>" }
            if !p.changes.isEmpty {
                body +=
                    "<form method=\"post\" action=\"/status\">\(hidden(s))<input type=\"hidden\" name=\"sheets\" value=\"\(e(p.changes.map(\.sheet).joined(separator: " ")))\">"
                    + "<input type=\"hidden\" name=\"status\" value=\"\(status.rawValue)\"><input type=\"hidden\" name=\"reason\" value=\"\(reason?.rawValue ?? "")\">"
                    + "<button type=\"submit\" name=\"action\" value=\"apply\">\(p.changes.count) Formblätter jetzt ändern</button></form>"
            }
            body += "</section>"
        }
        if !probes.isEmpty {
            // Who was told of other sheets of the same person, or changed a sheet's person: a volunteer who probes shows here.
            body +=
                "<h2>Hinweise auf Abfragen (letzte 7 Tage)</h2><p class=\"hint\">Antworten, die ein anderes Formblatt derselben Person nannten, und Korrekturen von Name, Geburtsdatum oder Anschrift, je Konto. Viele davon können heißen, dass jemand prüft, wer unterschrieben hat.</p><ul>"
            body += probes.map { "<li>\(e($0.account)): \($0.duplicateAnswers) Doppel-Antworten, \($0.identityChanges) Personen-Korrekturen</li>" }
                .joined()
            body += "</ul>"
        }
        body +=
            "<h2>Formblatt korrigieren</h2><form method=\"get\" action=\"/correct\"><label for=\"correct-sheet\">Formblatt-Nr. (Tippfehler, Rückmeldung des Wahlamts)</label><input id=\"correct-sheet\" name=\"sheet\" required autocapitalize=\"characters\" spellcheck=\"false\"><button type=\"submit\">Öffnen</button></form>"
        body += "<h2>Stand der Formblätter</h2><ul>" + counts.map { "<li>\(e($0.0.germanName)): \($0.1)</li>" }.joined() + "</ul>"
        body += "<h2>Status ändern – ein oder viele Formblätter</h2><form method=\"post\" action=\"/status\">\(hidden(s))"
        body +=
            "<label for=\"sheets\">Formblatt-Nummern (getippt, eingefügt oder gescannt; getrennt durch Leerzeichen, Komma oder Zeilenumbruch)</label><textarea id=\"sheets\" name=\"sheets\" rows=\"4\" required autocapitalize=\"characters\" spellcheck=\"false\"></textarea>"
        body += "<label for=\"status\">Neuer Status</label><select id=\"status\" name=\"status\">"
        for status in SheetStatus.allCases where status != .entered {
            body += "<option value=\"\(status.rawValue)\">\(e(status.germanName))</option>"
        }
        body +=
            "</select><label for=\"reason\">Grund (bei Ablehnung nötig)</label><select id=\"reason\" name=\"reason\"><option value=\"\">–</option>"
        for reason in RejectReason.allCases { body += "<option value=\"\(reason.rawValue)\">\(e(reason.germanName))</option>" }
        body += "</select><button type=\"submit\" name=\"action\" value=\"preview\">Vorschau</button></form>"
        body += "<h2>Zur Bescheinigung senden</h2><p>\(ready.count) Formblätter sind bereit für den Antrag an das Wahlamt.</p>"
        if !ready.isEmpty {
            body += "<details><summary>Welche (\(ready.count))</summary><p>\(ready.map(e).joined(separator: ", "))</p></details>"
            body +=
                "<form method=\"post\" action=\"/status\">\(hidden(s))<button type=\"submit\" name=\"action\" value=\"mark-sent\">\(ready.count) als versandt markieren</button></form>"
        }
        if Permission.submit.allows(s.role) {
            body += "<p><a class=\"button-link\" href=\"/certification\">Bescheinigungsantrag für diese Formblätter öffnen (zum Drucken)</a></p>"
        } else {
            body += "<p class=\"hint\">Den Bescheinigungsantrag mit Namen druckt der Vorstand (Seite „Bescheinigung“).</p>"
        }
        body +=
            "<h2>Rückmeldung des Wahlamts einlesen</h2><p>CSV mit den Spalten Formblatt;Status;Grund. Eine fehlerhafte Zeile hält die ganze Datei an; dann ändert sich nichts.</p>"
        body += "<label for=\"returnfile\">Datei</label><input id=\"returnfile\" type=\"file\" accept=\".csv,text/csv\">"
        body += "<button id=\"upload\" type=\"button\">Einlesen</button><p id=\"upload-result\" role=\"status\" aria-live=\"polite\"></p>"
        return layout("Status und Bescheinigung", s, path: "/status", body: body, scripts: ["status.js"])
    }

    /// An organizer's correction of any sheet: the fields as stored (or as just sent), a required reason, and for a
    /// certified or submitted sheet a second confirmation. Without a sheet: the number to open.
    static func correct(
        _ s: Session, sheet: String?, values: [String: String], detail: SheetDetail?, verdict: SheetVerdict?, message: String?,
        problem: Bool, fieldErrors: [String: String] = [:], reason: String = "", election: Election
    ) -> String {
        var body = Self.message(message, problem: problem)
        if let verdict {
            body += "<section class=\"case\" role=\"status\"><h2>\(e(verdict.headline))</h2><ul>"
            body += verdict.items.map { "<li class=\"\($0.severity == .error ? "problem" : "warning")\">\(e($0.message))</li>" }.joined()
            body += "</ul></section>"
        }
        body +=
            "<form method=\"get\" action=\"/correct\"><label for=\"open\">Formblatt-Nr.</label><input id=\"open\" name=\"sheet\" value=\"\(e(sheet ?? ""))\" required autocapitalize=\"characters\" spellcheck=\"false\"><button type=\"submit\">Öffnen</button></form>"
        guard let detail, let sheet else { return layout("Formblatt korrigieren", s, path: "/correct", body: body) }
        body +=
            "<h2>\(e(detail.sheet)) – \(e(detail.nomination.map(election.label) ?? "?"))</h2><p>Stand: \(e(detail.status.germanName)); erfasst von \(e(detail.enteredBy))\(detail.enteredOn.map { " am " + $0.german } ?? "").</p>"
        if !detail.corrections.isEmpty {
            body +=
                "<ul>" + detail.corrections.map { "<li\($0.afterCertification ? " class=\"warning\"" : "")>\(e($0.german))</li>" }.joined() + "</ul>"
        }
        body += "<form method=\"post\" action=\"/correct\">\(hidden(s))<input type=\"hidden\" name=\"sheet\" value=\"\(e(sheet))\">"
        for (column, labels) in SheetParser.columns where column != "sheet" {
            let label = labels.first ?? column
            if column == "nomination" {
                body += "<label for=\"f-nomination\">\(e(label))</label><select id=\"f-nomination\" name=\"nomination\">"
                let stored = values["nomination"].flatMap(NominationID.init)
                for n in election.nominations + (stored.map { election.nominations.contains($0) ? [] : [$0] } ?? []) {
                    let selected = n.description == values["nomination"] ? " selected" : ""
                    body += "<option value=\"\(e(n.description))\"\(selected)>\(e(election.label(n)))</option>"
                }
                body += "</select>"
            } else {
                body +=
                    "<label for=\"f-\(column)\">\(e(label))</label><input id=\"f-\(column)\" name=\"\(column)\" value=\"\(e(values[column] ?? ""))\" autocomplete=\"off\" spellcheck=\"false\"\(fieldErrors[column] != nil ? " aria-invalid=\"true\" aria-describedby=\"e-\(column)\"" : "")>"
            }
            if let problem = fieldErrors[column] { body += "<p id=\"e-\(column)\" class=\"problem\">\(e(problem))</p>" }
        }
        body +=
            "<label for=\"f-reason\">Grund der Korrektur (nötig; ohne Namen)</label><input id=\"f-reason\" name=\"reason\" value=\"\(e(reason))\" required minlength=\"3\" maxlength=\"300\">"
        if let problem = fieldErrors["reason"] { body += "<p class=\"problem\">\(e(problem))</p>" }
        if CorrectionNote.needsConfirmation.contains(detail.status) {
            body +=
                "<p class=\"warning\">Dieses Formblatt ist schon \(e(detail.status.germanName)): das Wahlamt kennt die alten Angaben. Die Korrektur wird beim Formblatt vermerkt.</p>"
                + "<label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"true\"> Ja, trotz \(e(detail.status.germanName == "eingereicht" ? "Einreichung" : "Bescheinigung")) korrigieren</label>"
            if let problem = fieldErrors["confirm"] { body += "<p class=\"problem\">\(e(problem))</p>" }
        }
        body += "<button id=\"correct-save\" type=\"submit\">Korrektur speichern</button></form>"
        return layout("Formblatt korrigieren", s, path: "/correct", body: body)
    }

    /// Who collected how many, how many may count, and why the others do not (for training, not a ranking).
    static func collectors(_ s: Session, _ report: CollectorReport) -> String {
        var body =
            "<p class=\"hint\">Für die Schulung: wo Formblätter nicht zählen, hilft ein Hinweis beim nächsten Sammeln. Keine Rangliste.</p>"
        if report.collectors.isEmpty { body += "<p>Noch keine Formblätter.</p>" }
        body += "<ul class=\"cards\">"
        for c in report.collectors {
            let reasons =
                c.rejectedByReason.sorted { $0.key < $1.key }.map {
                    "vom Wahlamt abgelehnt, \(RejectReason(rawValue: $0.key)?.germanName ?? $0.key): \($0.value)"
                }
                + c.notCountingByFinding.sorted { $0.key < $1.key }.map { "\(CollectorReport.findingName($0.key)): \($0.value)" }
            body +=
                "<li><strong>\(e(c.collector.isEmpty ? "(ohne Angabe)" : c.collector))</strong><br>\(c.sheets) Formblätter, \(c.counting) können zählen, \(c.rejected) abgelehnt"
                + (reasons.isEmpty ? "" : "<br><span class=\"meta\">" + reasons.map(e).joined(separator: "; ") + "</span>") + "</li>"
        }
        body += "</ul>"
        return layout("Sammler/innen", s, path: "/collectors", body: body)
    }

    /// The public counter: per nomination valid of target and the deadline; nothing else.
    static func publicProgress(_ r: ProgressReport, group: String) -> String {
        var body = "<main><h1>\(e(group.isEmpty ? "Unterstützungsunterschriften" : group))</h1>"
        body +=
            "<p>\(e(r.electionName)): bescheinigte Unterschriften je Wahlvorschlag, Stand \(r.asOf.german); Einreichungsfrist \(e(r.legalDeadline)).</p>"
        body += "<ul class=\"cards\">"
        for n in r.nominations {
            body += "<li><strong>\(e(n.label))</strong>: \(n.valid) von \(n.required) bescheinigt</li>"
        }
        body += "</ul></main>"
        return """
            <!doctype html>
            <html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Stand der Unterschriften</title><link rel="stylesheet" href="/static/app.css"></head><body>\(body)</body></html>
            """
    }

    // MARK: - Accounts

    static func users(_ s: Session, accounts: [Account], message: String?, problem: Bool) -> String {
        var body = Self.message(message, problem: problem)
        body += "<div class=\"wrap\"><table><thead><tr><th>Name</th><th>Rolle</th><th></th></tr></thead><tbody>"
        for a in accounts {
            body +=
                "<tr><td>\(e(a.name))</td><td>\(e(a.role.germanName))</td><td><form method=\"post\" action=\"/users\">\(hidden(s))"
                + "<input type=\"hidden\" name=\"name\" value=\"\(e(a.name))\"><button type=\"submit\" name=\"action\" value=\"remove\">entfernen</button></form></td></tr>"
        }
        body += "</tbody></table></div>"
        body += "<h2>Konto anlegen oder Passwort setzen</h2><form method=\"post\" action=\"/users\">\(hidden(s))"
        body += "<label for=\"name\">Name</label><input id=\"name\" name=\"name\" required autocomplete=\"off\">"
        body += "<label for=\"role\">Rolle (nur beim Anlegen)</label><select id=\"role\" name=\"role\">"
        // Accounts that see names are made with sig-cli by the board (D18); here only accounts without names.
        for role in AccountRole.allCases where !role.seesNames { body += "<option value=\"\(role.rawValue)\">\(e(role.germanName))</option>" }
        body +=
            "</select><label for=\"password\">Passwort (mindestens 10 Zeichen)</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required>"
        body +=
            "<button type=\"submit\" name=\"action\" value=\"add\">Anlegen</button> <button type=\"submit\" name=\"action\" value=\"passwd\">Passwort setzen</button></form>"
        body += "<p class=\"hint\">Entfernen oder ein neues Passwort beendet die Sitzungen des Kontos.</p>"
        return layout("Konten", s, path: "/users", body: body)
    }

    /// The campaign's profile for the board and the admin: what heads the letter and every list, the candidates,
    /// and the public counter.
    static func profile(_ s: Session, _ p: CampaignProfile, election: Election, message: String?, problem: Bool) -> String {
        var body = Self.message(message, problem: problem)
        body +=
            "<p class=\"hint\">Diese Angaben stehen über dem Bescheinigungsantrag und jeder Einreichungsliste.</p><form method=\"post\" action=\"/profile\">\(hidden(s))"
        for (name, label, value) in [
            ("group", "Name der Wählergruppe", p.group), ("contact", "Ansprechperson (Name, Telefon oder E-Mail)", p.contact),
            ("signatory", "Unterschrift des Vorstands (Name)", p.signatory),
        ] {
            body += "<label for=\"p-\(name)\">\(e(label))</label><input id=\"p-\(name)\" name=\"\(name)\" value=\"\(e(value))\" maxlength=\"200\">"
        }
        body +=
            "<label for=\"p-address\">Anschrift</label><textarea id=\"p-address\" name=\"address\" rows=\"3\" maxlength=\"200\">\(e(p.address))</textarea>"
        body += "<details\(p.candidates.isEmpty ? "" : " open")><summary>Bewerberinnen und Bewerber je Wahlvorschlag</summary>"
        for n in election.nominations {
            let code = n.description
            body +=
                "<label for=\"c-\(e(code))\">\(e(election.label(n)))</label><input id=\"c-\(e(code))\" name=\"candidate:\(e(code))\" value=\"\(e(p.candidates[code] ?? ""))\" maxlength=\"200\">"
        }
        body += "</details>"
        body +=
            "<label class=\"check\"><input type=\"checkbox\" name=\"public_progress\" value=\"on\"\(p.publicProgress ? " checked" : "")> Öffentlicher Zähler unter /public/progress (ohne Anmeldung; nur gültig/Ziel je Wahlvorschlag und die Frist, keine Namen, keine Nummern)</label>"
        body += "<button id=\"profile-save\" type=\"submit\">Speichern</button></form>"
        if p.publicProgress { body += "<p><a href=\"/public/progress\">Öffentlichen Zähler ansehen</a></p>" }
        return layout("Kampagne", s, path: "/profile", body: body)
    }
}
