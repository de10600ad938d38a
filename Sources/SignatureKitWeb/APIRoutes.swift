import Foundation
import HTTPTypes
import Hummingbird
import SignatureKit

extension WebApp {
    /// The JSON API: entering and correcting sheets, lists, progress, findings, the office's return file.
    func addEntryRoutes(to router: Router<WebContext>) {
        router.post("/api/check-field") { request, _ in try await checkField(request) }
        router.post("/api/sheets") { request, _ in try await postSheet(request) }
        router.get("/api/sheets") { request, _ in
            let s = try await require(request, .enter)
            // A volunteer sees only their own entries; the others see every sheet (never names here).
            let sheets = try await backend.sheetList(nomination: nil, status: nil, enteredBy: s.role == .volunteer ? s.account : nil)
            return json(.ok, SheetsJSON(sheets: sheets.map { .init(sheet: $0.sheet, nomination: $0.nomination, status: $0.status.rawValue) }))
        }
        router.get("/api/sheets/:sheet") { request, context in
            let s = try await require(request, .enter)
            return try await ownSheet(context.parameters.get("sheet") ?? "", s)
        }
        router.put("/api/sheets/:sheet") { request, context in try await correctSheet(request, number: context.parameters.get("sheet") ?? "") }
        router.get("/api/progress") { request, _ in
            _ = try await require(request, .oversee)
            return raw(.ok, try ProgressRenderer.json(try await ProgressReport.load(from: backend, ProgressSettings(asOf: today()))))
        }
        router.get("/api/findings") { request, _ in
            _ = try await require(request, .oversee)
            return json(.ok, FindingsJSON(findings: try await backend.campaignFindings()))
        }
        router.post("/api/status-file") { request, _ in try await statusFile(request) }
        router.post("/api/status") { request, _ in try await bulkStatus(request) }
        router.get("/api/review") { request, _ in
            _ = try await require(request, .oversee)
            return json(.ok, ReviewJSON(cases: try await backend.openCases().asyncMap { try await reviewCaseJSON($0) }))
        }
        router.post("/api/review/:id") { request, context in try await decideCase(request, id: context.parameters.get("id") ?? "") }
        // What the entry page keeps on the device to check sheets offline (no personal data).
        router.get("/api/entry-context") { request, _ in
            _ = try await require(request, .enter)
            var response = json(.ok, try await EntryContext(backend: backend, today: today()))
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.get("/api/ward") { request, _ in
            let s = try await require(request, .enter)
            let street = request.uri.queryParameters["street"].map(String.init) ?? ""
            let number = request.uri.queryParameters["number"].map(String.init) ?? ""
            guard !street.isEmpty, !number.isEmpty, street.utf8.count <= 200, number.utf8.count <= 20 else {
                return json(.unprocessableContent, ErrorJSON(error: "Straße (street) und Hausnummer (number) angeben."))
            }
            guard
                let proposal = try await SheetEntry(backend: backend, enteredBy: s.account, role: s.role).proposal(
                    street: street, houseNumber: number)
            else {
                let text =
                    try await backend.streetList().isEmpty
                    ? "Kein Straßenverzeichnis geladen: der Wahlbezirk kann nicht vorgeschlagen werden."
                    : "Diese Anschrift steht nicht im Straßenverzeichnis: Wahlbezirk bitte vom Formblatt übernehmen."
                return json(.notFound, ErrorJSON(error: text))
            }
            return json(.ok, proposal)
        }
    }

    /// One field checked as it is typed, with the library's checks (the same as the terminal prompt).
    func checkField(_ request: Request) async throws -> Response {
        let s = try await requireChange(request, .enter)
        let body = try await request.body.collect(upTo: 16 * 1024)
        guard let f = try? JSONDecoder().decode(FieldJSON.self, from: Data(buffer: body)) else {
            return json(.unprocessableContent, ErrorJSON(error: "JSON mit field und value erwartet."))
        }
        switch try await SheetEntry(backend: backend, enteredBy: s.account, role: s.role).check(field: f.field, value: f.value) {
        case .ok: return json(.ok, VerdictJSON(verdict: "ok", message: nil))
        case .problem(let text): return json(.ok, VerdictJSON(verdict: "problem", message: text))
        case .warning(let text): return json(.ok, VerdictJSON(verdict: "warning", message: text))
        case .cannotCount(let text): return json(.ok, VerdictJSON(verdict: "error", message: text))
        }
    }

    /// The fields of a sheet's JSON body, checked; or the 422 answer naming each bad field by its CSV column.
    func sheetInput(_ request: Request, entry: SheetEntry) async throws -> Result<(input: SheetInput, clientID: String?), Refusal> {
        let body = try await request.body.collect(upTo: 64 * 1024)
        guard let values = try? JSONDecoder().decode([String: String].self, from: Data(buffer: body)) else {
            return .failure(
                Refusal(
                    json(
                        .unprocessableContent,
                        ErrorsJSON(errors: [.init(field: "body", message: "JSON-Objekt mit den Feldern des Formblatts erwartet")]))))
        }
        switch entry.check(values.filter { $0.key != "client_id" }) {
        case .success(let input): return .success((input, values["client_id"]))
        case .failure(let problems):
            return .failure(
                Refusal(
                    json(
                        .unprocessableContent,
                        ErrorsJSON(
                            errors: problems.items.map { item in
                                .init(field: SheetParser.column(forLabel: item.field), message: "\(item.field): \(item.reason)")
                            }))))
        }
    }

    func postSheet(_ request: Request) async throws -> Response {
        let s = try await requireChange(request, .enter)
        let entry = SheetEntry(backend: backend, enteredBy: s.account, role: s.role)
        let input: SheetInput
        let clientID: String?
        switch try await sheetInput(request, entry: entry) {
        case .failure(let refusal): return refusal.answer
        case .success(let checked): (input, clientID) = checked
        }
        if let outcome = try await batcher.record(input, by: entry.enteredBy) { return try await outcomeResponse(outcome, for: s) }
        // Double entry: 202 while the sheet waits for its second typist or for an organizer's decision.
        switch try await backend.enterTwice(input, by: s.actor, clientID: clientID, today: today()) {
        case .recorded(let outcome): return try await outcomeResponse(outcome, for: s)
        case .awaitingSecond(let sheet):
            return json(
                .accepted,
                PendingJSON(sheet: sheet, state: "awaiting-second-entry", message: SheetEntry.Outcome.awaitingText(sheet), fields: []))
        case .mismatch(let sheet, let fields):
            return json(
                .accepted, PendingJSON(sheet: sheet, state: "mismatch", message: SheetEntry.Outcome.mismatchText(sheet, fields), fields: []))
        }
    }

    /// 201 with the verdict; 200 with the same answer for a sheet sent again; 409 for other content.
    func outcomeResponse(_ outcome: RecordOutcome, for s: Session, created: HTTPResponse.Status = .created) async throws -> Response {
        let stored: SheetDetail? = if case .alreadyPresent(let sheet) = outcome { try await backend.sheetInfo(sheet) } else { nil }
        // A volunteer learns nothing of another's sheet by guessing its whole content: the same answer as other content.
        if let stored, s.role == .volunteer, AccountPolicy.key(stored.enteredBy) != AccountPolicy.key(s.account) {
            return try await outcomeResponse(.conflict(sheet: stored.sheet), for: s)
        }
        var verdict = SheetVerdict(outcome, election: backend.election, stored: stored)
        // Telling a volunteer that this person signed another sheet is a read of that sheet: on the audit record.
        if s.role == .volunteer { try await SheetEntry(backend: backend, enteredBy: s.account, role: s.role).noteDuplicateAnswer(verdict) }
        // A phone sending again gets the answer its first sending got (200 says it was stored before).
        if stored != nil { verdict.state = .stored }
        switch outcome {
        case .stored: return json(created, OutcomeJSON(verdict))
        case .alreadyPresent: return json(.ok, OutcomeJSON(verdict))  // a phone sending again: the same answer, stored once
        case .conflict: return json(.conflict, ErrorJSON(error: verdict.headline))
        }
    }

    /// One's own sheet: its state and, while it may still be corrected, the fields as typed (a recorded read).
    /// Other people's sheets are not found for volunteers; organizers and the board see them without names.
    func ownSheet(_ number: String, _ s: Session) async throws -> Response {
        guard let detail = try? await backend.sheetInfo(number), s.role != .volunteer || detail.enteredBy == s.account else {
            return json(.notFound, ErrorJSON(error: "Formblatt nicht gefunden."))
        }
        let refusal =
            try await backend.requiresDoubleEntry()
            ? "mit Doppelerfassung ändert niemand allein ein bestätigtes Formblatt; bitte die Organisation fragen"
            : corrections.refusal(detail, by: s.account, today: today())
        var fields: [String: String]?
        if refusal == nil, let signer = try await backend.signers([detail.sheet], purpose: .correction, by: s.actor).first {
            fields = SheetEntry.values(detail, signer)
        }
        let verdict = SheetVerdict(.alreadyPresent(sheet: detail.sheet), election: backend.election, stored: detail)
        return json(
            .ok,
            SheetJSON(
                sheet: detail.sheet, status: detail.status.rawValue, counts: detail.canCount, findings: verdict.items.map(FindingJSON.init),
                duplicateOf: detail.duplicateOf, correctable: refusal == nil, correctionRefusal: refusal, fields: fields))
    }

    func correctSheet(_ request: Request, number: String) async throws -> Response {
        // Organizers and the board correct any sheet, with a reason; volunteers their own, within their window.
        if let s = try await session(request), Permission.oversee.allows(s.role) { return try await amendSheet(request, number: number) }
        let s = try await requireChange(request, .enter)
        let entry = SheetEntry(backend: backend, enteredBy: s.account, role: s.role)
        let input: SheetInput
        switch try await sheetInput(request, entry: entry) {
        case .failure(let refusal): return refusal.answer
        case .success(let checked): input = checked.input
        }
        // Only one's own entries: everyone else's are not found (their existence is not told either).
        guard let detail = try? await backend.sheetInfo(number), detail.enteredBy == s.account else {
            return json(.notFound, ErrorJSON(error: "Formblatt nicht gefunden."))
        }
        guard input.sheetNumber == detail.sheet else {
            return json(
                .unprocessableContent, ErrorsJSON(errors: [.init(field: "sheet", message: "Formblatt-Nr.: eine Korrektur ändert die Nummer nicht")]))
        }
        do {
            return try await outcomeResponse(
                try await backend.correctOwn(input, by: s.actor, policy: corrections, today: today()), for: s, created: .ok)
        } catch let error as SignatureKitError {
            if error.code == .correctionRefused { return json(.forbidden, ErrorJSON(error: error.errorDescription ?? "")) }
            throw error
        }
    }

    /// An organizer's correction: `{"surname": …, "reason": "…", "confirm": true}`: the fields given change, the rest
    /// stays; a reason is required, a certified or submitted sheet needs `confirm`. 422 names the field; nothing changes.
    func amendSheet(_ request: Request, number: String) async throws -> Response {
        let s = try await requireChange(request, .oversee)
        let body = try await request.body.collect(upTo: 64 * 1024)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
            return json(
                .unprocessableContent,
                ErrorsJSON(errors: [.init(field: "body", message: "JSON-Objekt mit den geänderten Feldern und reason erwartet")]))
        }
        var changes: [String: String] = [:]
        var reason = ""
        var confirmed = false
        for (key, value) in object {
            switch (key, value) {
            case ("reason", let text as String): reason = text
            case ("confirm", let flag as Bool): confirmed = flag
            case ("confirm", let text as String): confirmed = ["true", "ja", "1"].contains(text.lowercased())
            case ("client_id", _): continue
            case (_, let text as String): changes[key] = text
            default:
                return json(.unprocessableContent, ErrorsJSON(errors: [.init(field: key, message: "\(key): Text erwartet")]))
            }
        }
        guard (try? await backend.sheetInfo(number)) != nil else { return json(.notFound, ErrorJSON(error: "Formblatt nicht gefunden.")) }
        let entry = SheetEntry(backend: backend, enteredBy: s.account, role: s.role)
        do {
            switch try await entry.amend(number, changes: changes, reason: reason, confirmed: confirmed, today: today()) {
            case .invalid(let problems):
                return json(
                    .unprocessableContent,
                    ErrorsJSON(
                        errors: problems.items.map { item in
                            .init(field: SheetParser.column(forLabel: item.field), message: "\(item.field): \(item.reason)")
                        }))
            case .done(let outcome, let verdict):
                var answer = OutcomeJSON(verdict)
                if case .amended(_, let fields, _, _) = outcome { answer.changed = fields } else { answer.changed = [] }
                return json(.ok, answer)
            }
        } catch let error as SignatureKitError where error.code == .invalidField {
            return json(.unprocessableContent, ErrorsJSON(errors: [.init(field: error.field ?? "", message: error.detail ?? "")]))
        }
    }

    /// A bulk status change: `{"sheets":[…],"status":"certified","reason":…}` (status and reason as code or German word;
    /// `"preview":true` only says what would change). One transaction; one wrong number refuses the whole list (422).
    func bulkStatus(_ request: Request) async throws -> Response {
        let s = try await requireChange(request, .oversee)
        let body = try await request.body.collect(upTo: 1024 * 1024)
        guard let asked = try? JSONDecoder().decode(BulkStatusJSON.self, from: Data(buffer: body)) else {
            return json(.unprocessableContent, ErrorJSON(error: "JSON mit sheets (Liste der Nummern) und status erwartet."))
        }
        guard let status = SheetStatus(parsing: asked.status) else {
            return json(.unprocessableContent, FieldErrorJSON(error: "Status: „\(asked.status.prefix(40))“ unbekannt", field: "status"))
        }
        var reason: RejectReason?
        if let text = asked.reason, !text.isEmpty {
            guard let r = RejectReason(parsing: text) else {
                return json(.unprocessableContent, FieldErrorJSON(error: "Grund: „\(text.prefix(40))“ unbekannt", field: "reason"))
            }
            reason = r
        }
        let sheets = asked.sheets.flatMap(StatusList.numbers)
        do {
            if asked.preview == true {
                let preview = try await backend.previewStatus(sheets, to: status, reason: reason)
                return json(
                    .ok,
                    StatusPreviewJSON(
                        changes: preview.changes.map { .init(sheet: $0.sheet, from: $0.from.rawValue, to: $0.to.rawValue) },
                        unchanged: preview.unchanged))
            }
            return json(.ok, ChangedJSON(changed: try await backend.setStatus(sheets: sheets, to: status, reason: reason, by: s.actor)))
        } catch let error as SignatureKitError {
            let field = error.code == .invalidField && error.field == "Grund" ? "reason" : "sheets"
            return json(.unprocessableContent, FieldErrorJSON(error: error.errorDescription ?? "", field: field))
        }
    }

    /// Both sheets of a case as a reviewer needs them: status, findings, signing date, collector, nomination (no names).
    func reviewCaseJSON(_ c: ReviewCase) async throws -> ReviewJSON.Case {
        let sheets = try await [c.first.sheet, c.second.sheet].asyncMap { number in
            let d = try await backend.sheetInfo(number)
            return ReviewJSON.Sheet(
                sheet: d.sheet, nomination: d.nomination?.description ?? "", label: d.nomination.map(backend.election.label) ?? "",
                status: d.status.rawValue, signedOn: d.signedOn?.german, collector: d.collector,
                findings: d.findings.map { .init(code: $0.code, severity: $0.severity.rawValue, message: $0.message) })
        }
        return ReviewJSON.Case(id: c.id, class: c.kind.rawValue, score: c.score, reasons: c.reasons, sheets: sheets)
    }

    /// `{"decision":"same-person"}`, `{"decision":"different-people"}` or `{"decision":"keep","keep":"F…"}`.
    func decideCase(_ request: Request, id text: String) async throws -> Response {
        let s = try await requireChange(request, .oversee)
        let body = try await request.body.collect(upTo: 16 * 1024)
        guard let id = Int64(text), let asked = try? JSONDecoder().decode(DecisionJSON.self, from: Data(buffer: body)) else {
            return json(.unprocessableContent, ErrorJSON(error: "Fallnummer und JSON mit decision erwartet."))
        }
        do {
            switch asked.decision {
            case "same-person": try await backend.decide(case: id, .confirmed, by: s.actor)
            case "different-people": try await backend.decide(case: id, .dismissed, by: s.actor)
            case "keep":
                guard let keep = asked.keep else {
                    return json(.unprocessableContent, FieldErrorJSON(error: "keep: welches Formblatt bleibt?", field: "keep"))
                }
                try await backend.keepSheet(keep, ofCase: id, by: s.actor)
            default:
                return json(
                    .unprocessableContent,
                    FieldErrorJSON(error: "decision: same-person, different-people oder keep", field: "decision"))
            }
            return json(.ok, ["decided": id])
        } catch let error as SignatureKitError {
            if error.code == .pairNotFound { return json(.notFound, ErrorJSON(error: "Fall \(id) ist nicht offen.")) }
            return json(.unprocessableContent, ErrorJSON(error: error.errorDescription ?? ""))
        }
    }

    /// The election office's return file (`Formblatt;Status;Grund`), uploaded as the request body. Any bad row
    /// stops the whole file (nothing changed) with line and field.
    func statusFile(_ request: Request) async throws -> Response {
        let s = try await requireChange(request, .oversee)
        let name = String((request.headers[.fileName]?.removingPercentEncoding ?? "Rückmeldung.csv").prefix(120)).filter {
            !$0.isNewline && !$0.isASCIIControl
        }
        let body = try await request.body.collect(upTo: 8 * 1024 * 1024)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sig-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("upload.csv").path
        guard FileManager.default.createFile(atPath: path, contents: Data(buffer: body), attributes: [.posixPermissions: 0o600]) else {
            return json(.internalServerError, ErrorJSON(error: "Die Datei konnte nicht zwischengespeichert werden."))
        }
        do {
            let changes = try StatusFile.changes(fromFile: path)
            let changed = try await backend.setStatus(changes, by: s.actor)
            return json(
                .ok,
                StatusFileJSON(
                    rows: changes.count, changed: changed, message: "\(name): \(changes.count) Zeilen gelesen, \(changed) Formblätter geändert."))
        } catch let error as SignatureKitError {
            // The message names the uploaded file, not the temporary copy.
            let text = (error.errorDescription ?? "").replacingOccurrences(of: path, with: name)
            return json(.unprocessableContent, ErrorJSON(error: text))
        }
    }
}

struct FieldJSON: Codable {
    let field: String
    let value: String
}

struct VerdictJSON: Encodable {
    let verdict: String
    let message: String?
}

/// One thing said about a sheet: a rule finding, or a pair (`code` = the pair class, `sheet` = the other sheet).
struct FindingJSON: Encodable {
    let code: String
    let severity: String
    let message: String
    let basis: String?
    let sheet: String?
    let nomination: String?

    init(_ item: SheetVerdict.Item) {
        code = item.code
        severity = item.severity.rawValue
        message = item.message
        basis = item.basis
        sheet = item.sheet
        nomination = item.nomination
    }
}

/// The verdict on a stored sheet: whether it counts, every finding and pair, the headline and its colour.
struct OutcomeJSON: Encodable {
    let sheet: String
    let state: String
    let counts: Bool
    let headline: String
    /// The worst severity said (`error`, `warning`) or `ok`.
    let severity: String
    let findings: [FindingJSON]
    let duplicateOf: String?
    /// For an organizer's correction: the fields changed (CSV names; empty when nothing changed).
    var changed: [String]? = nil

    init(_ v: SheetVerdict) {
        sheet = v.sheet
        state = v.state.rawValue
        counts = v.counts
        headline = v.headline
        severity = v.severity?.rawValue ?? "ok"
        findings = v.items.map(FindingJSON.init)
        duplicateOf = v.duplicateOf
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sheet, forKey: .sheet)
        try c.encode(state, forKey: .state)
        try c.encode(counts, forKey: .counts)
        try c.encode(headline, forKey: .headline)
        try c.encode(severity, forKey: .severity)
        try c.encode(findings, forKey: .findings)
        try c.encode(duplicateOf, forKey: .duplicateOf)  // null, not left out
        try c.encodeIfPresent(changed, forKey: .changed)
    }

    enum CodingKeys: String, CodingKey { case sheet, state, counts, headline, severity, findings, duplicateOf, changed }
}

/// A sheet under double entry that does not count yet: waiting for the second typist, or the two entries differ.
struct PendingJSON: Encodable {
    let sheet: String
    let state: String
    let message: String
    /// Always empty: the typist is not told which fields differ (the organizers see them in the review).
    let fields: [String]
    let counts = false
}

struct SheetJSON: Encodable {
    let sheet: String
    let status: String
    let counts: Bool
    let findings: [FindingJSON]
    let duplicateOf: String?
    let correctable: Bool
    let correctionRefusal: String?
    let fields: [String: String]?
}

struct SheetsJSON: Encodable {
    struct Item: Encodable {
        let sheet: String
        let nomination: String
        let status: String
    }
    let sheets: [Item]
}

struct FindingsJSON: Encodable { let findings: [CheckFinding] }

struct StatusFileJSON: Encodable {
    let rows: Int
    let changed: Int
    let message: String
}

extension Character {
    var isASCIIControl: Bool { asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false }
}

struct BulkStatusJSON: Decodable {
    let sheets: [String]
    let status: String
    let reason: String?
    let preview: Bool?
}

struct StatusPreviewJSON: Encodable {
    struct Item: Encodable {
        let sheet: String
        let from: String
        let to: String
    }
    let changes: [Item]
    let unchanged: [String]
}

struct ChangedJSON: Encodable { let changed: Int }

struct FieldErrorJSON: Encodable {
    let error: String
    let field: String
}

struct ReviewJSON: Encodable {
    struct Finding: Encodable {
        let code: String
        let severity: String
        let message: String
    }
    struct Sheet: Encodable {
        let sheet: String
        let nomination: String
        let label: String
        let status: String
        let signedOn: String?
        let collector: String
        let findings: [Finding]
    }
    struct Case: Encodable {
        let id: Int64
        let `class`: String
        let score: Double
        let reasons: String
        let sheets: [Sheet]
    }
    let cases: [Case]
}

struct DecisionJSON: Decodable {
    let decision: String
    let keep: String?
}
