import Foundation
import HTTPTypes
import Hummingbird
import SignatureKit

extension WebApp {
    /// The pages: each checks the session (else the login page) and the role (else a German refusal).
    func addPageRoutes(to router: Router<WebContext>) {
        router.get("/entry") { request, _ in
            _ = try await require(request, .enter, page: true)
            var response = file("entry.html")
            response.headers[.cacheControl] = "no-cache"
            return response
        }
        router.get("/mine") { request, _ in
            let s = try await require(request, .enter, page: true)
            return html(
                .ok,
                Pages.mine(
                    s, sheets: try await backend.sheetList(nomination: nil, status: nil, enteredBy: s.account),
                    errors: try await backend.ownErrorFindings(enteredBy: s.account),
                    pending: try await backend.pendingEntries(of: s.actor), policy: corrections, today: today(), election: backend.election,
                    own: try await backend.collectorFigures(only: s.account).collectors.first))
        }
        // The public counter for the group's website (opt-in): per nomination valid/target and the deadline, no names,
        // no sheet numbers, no login.
        router.get("/public/progress") { _, _ in
            guard try await backend.campaignProfile().publicProgress else { return json(.notFound, ErrorJSON(error: "Nicht gefunden.")) }
            return html(
                .ok,
                Pages.publicProgress(
                    try await ProgressReport.load(from: backend, ProgressSettings(asOf: today())), group: try await backend.campaignProfile().group)
            )
        }
        router.get("/collectors") { request, _ in
            let s = try await require(request, .oversee, page: true)
            return html(.ok, Pages.collectors(s, try await backend.collectorFigures(only: nil)))
        }
        router.get("/progress") { request, _ in
            let s = try await require(request, .oversee, page: true)
            // The cautious plan is a switch on the page (?cautious=1), not a command-line flag in the text.
            var settings = ProgressSettings(asOf: today())
            settings.cautious = request.uri.queryParameters.get("cautious") == "1"
            let report = try await ProgressReport.load(from: backend, settings)
            return html(
                .ok,
                Pages.embed(
                    ProgressRenderer.html(report, controls: Pages.progressControls(report)), s, path: "/progress", scripts: ["progress.js"]))
        }
        router.get("/review") { request, _ in
            let s = try await require(request, .oversee, page: true)
            return html(.ok, try await reviewPage(s, message: nil))
        }
        router.post("/review") { request, _ in try await decideReview(request) }
        router.get("/status") { request, _ in
            let s = try await require(request, .oversee, page: true)
            return html(.ok, try await statusPage(s, message: nil))
        }
        router.post("/status") { request, _ in try await changeStatus(request) }
        router.get("/correct") { request, _ in
            let s = try await require(request, .oversee, page: true)
            let sheet = request.uri.queryParameters.get("sheet").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            return try await correctPage(s, sheet: sheet.flatMap { $0.isEmpty ? nil : $0 })
        }
        router.post("/correct") { request, _ in try await amendFromPage(request) }
        router.get("/submission") { request, _ in
            let s = try await require(request, .submit, page: true)
            // Names come through the privacy gate (one recorded read of the certified sheets).
            let list = try await SubmissionList.load(from: backend, includeNames: true, today: today(), by: s.actor)
            return html(.ok, Pages.embed(SubmissionRenderer.html(list), s, path: "/submission"))
        }
        router.get("/certification") { request, _ in
            let s = try await require(request, .submit, page: true)
            let batch = try await CertificationBatch.load(from: backend)
            return html(.ok, Pages.embed(CertificationBatchRenderer.html(batch, city: backend.election.city, date: today()), s, path: "/submission"))
        }
        router.get("/users") { request, _ in
            let s = try await require(request, .manageAccounts, page: true)
            return html(.ok, Pages.users(s, accounts: try await backend.accountList(), message: nil, problem: false))
        }
        router.post("/users") { request, _ in try await changeAccounts(request) }
        router.get("/profile") { request, _ in
            let s = try await require(request, .settings, page: true)
            return html(.ok, Pages.profile(s, try await backend.campaignProfile(), election: backend.election, message: nil, problem: false))
        }
        router.post("/profile") { request, _ in try await changeProfile(request) }
    }

    /// The profile form: every field replaced by what was sent; a refused field is named in German, nothing stored.
    func changeProfile(_ request: Request) async throws -> Response {
        let form = try await formBody(request)
        let s = try await requireChange(request, .settings, form: form, page: true)
        var profile = try await backend.campaignProfile()
        profile.group = (form["group"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        profile.address = (form["address"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\r\n", with: "\n")
        profile.contact = (form["contact"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        profile.signatory = (form["signatory"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        profile.publicProgress = form["public_progress"] == "on"
        var candidates: [String: String] = [:]
        for (key, value) in form where key.hasPrefix("candidate:") {
            let name = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if !name.isEmpty { candidates[String(key.dropFirst("candidate:".count))] = name }
        }
        profile.candidates = candidates
        let labels = [
            "--group": "Name der Wählergruppe", "--address": "Anschrift", "--contact": "Ansprechperson", "--signatory": "Unterschrift",
            "--candidate": "Bewerber/in",
        ]
        do {
            try await backend.setProfile(profile, by: s.actor)
            return html(
                .ok, Pages.profile(s, try await backend.campaignProfile(), election: backend.election, message: "Gespeichert.", problem: false))
        } catch let error as SignatureKitError where error.code == .invalidField {
            let (field, reason) = (error.field ?? "", error.detail ?? "")
            let label = labels[field] ?? labels.first { field.hasPrefix($0.key) }?.value ?? field
            return html(
                .unprocessableContent,
                Pages.profile(s, profile, election: backend.election, message: "Nicht gespeichert: \(label): \(reason).", problem: true))
        }
    }

    /// A reviewer's decision: same or different people for a pair, or which of two differing entries counts.
    func decideReview(_ request: Request) async throws -> Response {
        let form = try await formBody(request)
        let s = try await requireChange(request, .oversee, form: form, page: true)
        do {
            if form["action"] == "resolve", let sheet = form["sheet"], let draft = form["draft"].flatMap(Int64.init) {
                let outcome = try await backend.settleMismatch(sheet, keep: draft, by: s.actor, today: today())
                return html(.ok, try await reviewPage(s, message: SheetVerdict(outcome, election: backend.election).headline))
            }
            if let id = form["pair"].flatMap(Int64.init), let kept = form["keep"], !kept.isEmpty {
                try await backend.keepSheet(kept, ofCase: id, by: s.actor)
                return html(.ok, try await reviewPage(s, message: "Fall \(id): \(kept.uppercased()) behalten, das andere Formblatt zurückgezogen."))
            }
            guard let id = form["pair"].flatMap(Int64.init), let decision = form["decision"].flatMap(ReviewDecision.init(rawValue:)) else {
                return html(.unprocessableContent, try await reviewPage(s, message: "Fall und Entscheidung fehlen.", problem: true))
            }
            try await backend.decide(case: id, decision, by: s.actor)
            return html(
                .ok,
                try await reviewPage(s, message: "Fall \(id): \(decision == .confirmed ? "dieselbe Person" : "verschiedene Personen") gespeichert."))
        } catch let error as SignatureKitError {
            // An unknown case (decided meanwhile by someone else), a purged database: the page says so, nothing changed.
            return html(.unprocessableContent, try await reviewPage(s, message: error.errorDescription ?? "", problem: true))
        }
    }

    func formBody(_ request: Request) async throws -> [String: String] {
        formFields(String(buffer: try await request.body.collect(upTo: 64 * 1024)))
    }

    /// The first 20 open cases with both signers' data (one recorded read for all of them).
    func reviewPage(_ s: Session, message: String?, problem: Bool = false) async throws -> String {
        let all = try await backend.openCases()
        let shown = Array(all.prefix(20))
        let signers = try await backend.signers(shown.flatMap { [$0.first.sheet, $0.second.sheet] }, purpose: .review, by: s.actor)
        // Double entry: the two differing entries of a sheet side by side (each read recorded).
        let mismatches = try await backend.openMismatches().prefix(20).asyncMap { try await backend.mismatchDrafts($0.sheet, by: s.actor) }
        return Pages.review(
            s, cases: shown, total: all.count, signers: Dictionary(signers.map { ($0.sheet, $0) }) { a, _ in a }, mismatches: mismatches,
            message: message, problem: problem,
            details: Dictionary(try await shown.flatMap { [$0.first.sheet, $0.second.sheet] }.asyncMap { ($0, try await backend.sheetInfo($0)) }) {
                a, _ in a
            },
            election: backend.election)
    }

    func statusPage(
        _ s: Session, message: String?, problem: Bool = false, preview: (StatusPreview, SheetStatus, RejectReason?)? = nil
    ) async throws -> String {
        let stored = try await backend.statusCounts()
        let counts = SheetStatus.allCases.compactMap { status in stored[status].map { (status, $0) } }
        return Pages.status(
            s, counts: counts, ready: try await backend.certificationQueue().map(\.sheet),
            probes: try await backend.probeSignals(since: today().adding(days: -7)), preview: preview, message: message, problem: problem)
    }

    func changeStatus(_ request: Request) async throws -> Response {
        let form = try await formBody(request)
        let s = try await requireChange(request, .oversee, form: form, page: true)
        do {
            if form["action"] == "mark-sent" {
                let ready = try await backend.certificationQueue()
                let changed = try await backend.setStatus(ready.map { StatusChange(sheet: $0.sheet, status: .sent) }, by: s.actor)
                return html(.ok, try await statusPage(s, message: "\(changed) Formblätter als versandt markiert."))
            }
            // A pasted or scanned list of numbers: first a preview of what changes, then the change in one transaction.
            let sheets = StatusList.numbers(form["sheets"] ?? form["sheet"] ?? "")
            guard !sheets.isEmpty, let status = form["status"].flatMap(SheetStatus.init(parsing:)) else {
                return html(.unprocessableContent, try await statusPage(s, message: "Formblatt-Nummern und Status angeben.", problem: true))
            }
            let reason = form["reason"].flatMap { $0.isEmpty ? nil : RejectReason(parsing: $0) }
            // "apply" after the preview; "set" is the one-sheet form of scripts (no preview).
            if form["action"] == "apply" || form["action"] == "set" {
                let changed = try await backend.setStatus(sheets: sheets, to: status, reason: reason, by: s.actor)
                let text = sheets.count == 1 ? "\(sheets[0]): jetzt \(status.germanName)." : "\(changed) Formblätter jetzt \(status.germanName)."
                return html(.ok, try await statusPage(s, message: text))
            }
            let preview = try await backend.previewStatus(sheets, to: status, reason: reason)
            return html(.ok, try await statusPage(s, message: nil, preview: (preview, status, reason)))
        } catch let error as SignatureKitError {
            return html(.unprocessableContent, try await statusPage(s, message: error.errorDescription ?? "", problem: true))
        }
    }

    /// The correction page for one sheet (a recorded read of its personal data), or the number to open.
    func correctPage(
        _ s: Session, sheet: String?, values sent: [String: String]? = nil, verdict: SheetVerdict? = nil, message: String? = nil,
        problem: Bool = false, fieldErrors: [String: String] = [:], reason: String = ""
    ) async throws -> Response {
        guard let sheet else {
            return html(
                .ok,
                Pages.correct(s, sheet: nil, values: [:], detail: nil, verdict: nil, message: message, problem: problem, election: backend.election))
        }
        guard let detail = try? await backend.sheetInfo(sheet) else {
            return html(
                .notFound,
                Pages.correct(
                    s, sheet: sheet, values: [:], detail: nil, verdict: nil, message: "\(sheet): Formblatt nicht gefunden.", problem: true,
                    election: backend.election))
        }
        let values: [String: String]
        if let sent {
            values = sent
        } else {
            values = try await SheetEntry(backend: backend, enteredBy: s.account, role: s.role).storedValues(of: detail.sheet)
        }
        return html(
            problem ? .unprocessableContent : .ok,
            Pages.correct(
                s, sheet: detail.sheet, values: values, detail: detail, verdict: verdict, message: message, problem: problem,
                fieldErrors: fieldErrors, reason: reason, election: backend.election))
    }

    func amendFromPage(_ request: Request) async throws -> Response {
        let form = try await formBody(request)
        let s = try await requireChange(request, .oversee, form: form, page: true)
        let sheet = (form["sheet"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let changes = form.filter { SheetParser.columns.map(\.0).contains($0.key) && $0.key != "sheet" }
        let reason = form["reason"] ?? ""
        guard (try? await backend.sheetInfo(sheet)) != nil else { return try await correctPage(s, sheet: sheet.isEmpty ? nil : sheet) }
        do {
            switch try await SheetEntry(backend: backend, enteredBy: s.account, role: s.role).amend(
                sheet, changes: changes, reason: reason, confirmed: form["confirm"] == "true", today: today())
            {
            case .invalid(let problems):
                var errors: [String: String] = [:]
                for item in problems.items { errors[SheetParser.column(forLabel: item.field) ?? item.field] = "\(item.field): \(item.reason)" }
                return try await correctPage(
                    s, sheet: sheet, values: changes.merging(["sheet": sheet]) { a, _ in a },
                    message: "Nicht gespeichert – bitte die markierten Felder prüfen.",
                    problem: true, fieldErrors: errors, reason: reason)
            case .done(.unchanged, _):
                return try await correctPage(s, sheet: sheet, message: "\(sheet): die Angaben sind schon so gespeichert, nichts geändert.")
            case .done(.amended(_, let fields, _, _), let verdict):
                return try await correctPage(
                    s, sheet: sheet, verdict: verdict,
                    message: "\(sheet) korrigiert (\(fields.map { SheetParser.label($0) }.joined(separator: ", "))).")
            }
        } catch let error as SignatureKitError where error.code == .invalidField {
            let (field, text) = (error.field ?? "", error.detail ?? "")
            return try await correctPage(
                s, sheet: sheet, values: changes.merging(["sheet": sheet]) { a, _ in a }, message: "Nicht gespeichert: \(text).", problem: true,
                fieldErrors: [field: text], reason: reason)
        }
    }

    func changeAccounts(_ request: Request) async throws -> Response {
        let form = try await formBody(request)
        let s = try await requireChange(request, .manageAccounts, form: form, page: true)
        let name = form["name"] ?? ""
        let page = { (text: String, problem: Bool) async throws -> Response in
            html(problem ? .unprocessableContent : .ok, Pages.users(s, accounts: try await backend.accountList(), message: text, problem: problem))
        }
        do {
            switch form["action"] {
            case "add":
                guard let role = form["role"].flatMap(AccountRole.init(rawValue:)) else { return try await page("Rolle fehlt.", true) }
                if let refusal = AccountRole.webAdministrationRefusal(adding: role) { return try await page(refusal, true) }
                try await backend.addAccount(name, role: role, password: form["password"] ?? "", by: s.actor)
                return try await page("Konto \(name) (\(role.germanName)) angelegt.", false)
            case "passwd":
                // A new password for a name-seeing account would let the administration log in as it.
                if let refusal = AccountRole.webAdministrationRefusal(changing: try await backend.findAccount(name)?.role) {
                    return try await page(refusal, true)
                }
                try await backend.setPassword(name, password: form["password"] ?? "", by: s.actor)
                return try await page("Passwort für \(name) gesetzt; seine Sitzungen sind beendet.", false)
            case "remove":
                guard name != s.account else { return try await page("Das eigene Konto kann hier nicht entfernt werden.", true) }
                try await backend.removeAccount(name, by: s.actor)
                return try await page("Konto \(name) entfernt; seine Sitzungen sind beendet.", false)
            default:
                return try await page("Unbekannte Aktion.", true)
            }
        } catch let error as SignatureKitError {
            return try await page(error.errorDescription ?? "", true)
        }
    }
}
