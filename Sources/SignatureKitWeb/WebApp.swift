import Foundation
import HTTPTypes
import Hummingbird
import SignatureKit

/// The team's web server on top of the library: accounts and roles, sessions with CSRF tokens, and the JSON API that
/// the pages use. Every route checks the session and the role on the server.
public struct WebApp: Sendable {
    public let database: SignatureDatabase
    public let sessions: SessionStore
    /// Whether the server is reached over TLS (the session cookie is then `Secure`).
    public let secureCookies: Bool
    /// Entries from many volunteers at once are written together (group commit).
    let batcher: EntryBatcher

    public init(database: SignatureDatabase, sessions: SessionStore = SessionStore(), secureCookies: Bool = false) {
        self.database = database
        self.sessions = sessions
        self.secureCookies = secureCookies
        batcher = EntryBatcher(database: database)
    }

    static let cookieName = "sig_session"

    /// The routes, with security headers on every response.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeaders())
        router.get("/login") { _, _ in file("login.html") }
        router.get("/entry") { request, _ in
            guard try await session(request) != nil else { return redirect("/login") }
            return file("entry.html")
        }
        router.get("/static/:name") { _, context in
            guard let name = context.parameters.get("name"), ["login.js", "entry.js", "app.css"].contains(name) else {
                return json(.notFound, ErrorJSON(error: "Nicht gefunden."))
            }
            return file(name)
        }
        router.post("/api/check-field") { request, _ in try await checkField(request) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, _ in try await logout(request) }
        router.get("/api/session") { request, _ in
            guard let s = try await session(request) else { return unauthorized() }
            return json(.ok, SessionJSON(user: s.account, role: s.role.rawValue, csrf: s.csrf))
        }
        router.post("/api/sheets") { request, context in try await postSheet(request, context) }
        router.get("/api/sheets") { request, _ in
            guard let s = try await session(request) else { return unauthorized() }
            // A volunteer sees only their own entries; the others see every sheet (never names here).
            let sheets = try database.sheets(enteredBy: s.role == .volunteer ? s.account : nil)
            return json(.ok, SheetsJSON(sheets: sheets.map { .init(sheet: $0.sheet, nomination: $0.nomination, status: $0.status.rawValue) }))
        }
        router.get("/api/progress") { request, _ in
            guard let s = try await session(request) else { return unauthorized() }
            guard s.role != .volunteer else { return forbidden() }
            let report = try database.progressReport(ProgressSettings(asOf: .today()))
            return raw(.ok, try ProgressRenderer.json(report))
        }
        router.get("/api/findings") { request, _ in
            guard let s = try await session(request) else { return unauthorized() }
            guard s.role != .volunteer else { return forbidden() }
            return json(.ok, FindingsJSON(findings: try database.findings()))
        }
        return router
    }

    // MARK: - Sessions

    /// The request's session, when its cookie names one whose account still exists with the same epoch.
    func session(_ request: Request) async throws -> Session? {
        guard let token = request.cookies[Self.cookieName]?.value, let s = await sessions.session(token) else { return nil }
        guard let account = try database.account(named: s.account), account.sessionEpoch == s.epoch, account.role == s.role else {
            await sessions.close(token)
            return nil
        }
        return s
    }

    struct LoginForm: Decodable {
        let user: String
        let password: String
    }

    func login(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 16 * 1024)
        guard let form = try? URLEncodedFormDecoder().decode(LoginForm.self, from: String(buffer: body)) else {
            return json(.badRequest, ErrorJSON(error: "Formularfelder user und password erwartet."))
        }
        let keys = ["account:" + form.user.lowercased()]
        if await sessions.isLocked(keys) {
            return json(.tooManyRequests, ErrorJSON(error: "Zu viele Fehlversuche für dieses Konto; in 15 Minuten erneut versuchen."))
        }
        guard let account = try database.verifyLogin(form.user, password: form.password) else {
            await sessions.recordFailure(keys)
            return json(.unauthorized, ErrorJSON(error: "Name oder Passwort falsch."))
        }
        let (token, s) = await sessions.open(for: account)
        var response = json(.ok, SessionJSON(user: s.account, role: s.role.rawValue, csrf: s.csrf))
        response.headers[.setCookie] =
            "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Int(sessions.lifetime))" + (secureCookies ? "; Secure" : "")
        return response
    }

    func logout(_ request: Request) async throws -> Response {
        if let token = request.cookies[Self.cookieName]?.value { await sessions.close(token) }
        var response = Response(status: .noContent)
        response.headers[.setCookie] = "\(Self.cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        return response
    }

    // MARK: - Entry

    struct FieldJSON: Codable {
        let field: String
        let value: String
    }

    struct VerdictJSON: Encodable {
        let verdict: String
        let message: String?
    }

    /// One field checked as it is typed, with the library's checks (the same as the terminal prompt).
    func checkField(_ request: Request) async throws -> Response {
        guard let s = try await session(request) else { return unauthorized() }
        guard request.headers[.csrfToken] == s.csrf else {
            return json(.forbidden, ErrorJSON(error: "CSRF-Token fehlt oder passt nicht."))
        }
        let body = try await request.body.collect(upTo: 16 * 1024)
        guard let f = try? JSONDecoder().decode(FieldJSON.self, from: Data(buffer: body)) else {
            return json(.unprocessableContent, ErrorJSON(error: "JSON mit field und value erwartet."))
        }
        switch try SheetEntry(database: database, enteredBy: s.account).check(field: f.field, value: f.value) {
        case .ok: return json(.ok, VerdictJSON(verdict: "ok", message: nil))
        case .problem(let text): return json(.ok, VerdictJSON(verdict: "problem", message: text))
        case .warning(let text): return json(.ok, VerdictJSON(verdict: "warning", message: text))
        }
    }

    func postSheet(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let s = try await session(request) else { return unauthorized() }
        guard request.headers[.csrfToken] == s.csrf else {
            return json(.forbidden, ErrorJSON(error: "CSRF-Token fehlt oder passt nicht; nichts geändert."))
        }
        let body = try await request.body.collect(upTo: 64 * 1024)
        guard let values = try? JSONDecoder().decode([String: String].self, from: Data(buffer: body)) else {
            return json(
                .unprocessableContent, ErrorsJSON(errors: [.init(field: "body", message: "JSON-Objekt mit den Feldern des Formblatts erwartet")]))
        }
        let entry = SheetEntry(database: database, enteredBy: s.account)
        switch entry.check(values.filter { $0.key != "client_id" }) {
        case .failure(let problems):
            return json(.unprocessableContent, ErrorsJSON(errors: problems.items.map { .init(field: $0.field, message: $0.reason) }))
        case .success(let input):
            let outcome = try await batcher.record(input, by: entry.enteredBy)
            switch outcome {
            case .stored(let sheet, let findings, _):
                return json(
                    .created,
                    OutcomeJSON(sheet: sheet, counts: outcome.canCount, findings: findings.map(FindingJSON.init), duplicateOf: outcome.duplicateOf))
            case .alreadyPresent(let sheet):
                // A phone sending again: the same answer, stored once.
                let detail = try database.sheetDetail(sheet)
                let counts = !detail.findings.contains { $0.severity == .error } && detail.duplicateOf == nil
                return json(
                    .ok, OutcomeJSON(sheet: sheet, counts: counts, findings: detail.findings.map(FindingJSON.init), duplicateOf: detail.duplicateOf))
            case .conflict(let sheet):
                return json(
                    .conflict, ErrorJSON(error: "\(sheet) ist bereits mit anderem Inhalt erfasst; nichts überschrieben. Formblatt-Nummer prüfen."))
            }
        }
    }
}

// MARK: - Documents and responses

struct SessionJSON: Encodable {
    let user: String
    let role: String
    let csrf: String
}

struct ErrorJSON: Encodable { let error: String }

struct ErrorsJSON: Encodable {
    struct Item: Encodable {
        let field: String
        let message: String
    }
    let errors: [Item]
}

struct FindingJSON: Encodable {
    let code: String
    let severity: String
    let message: String
    init(_ f: Finding) {
        code = f.code
        severity = f.severity.rawValue
        message = f.message
    }
}

struct OutcomeJSON: Encodable {
    let sheet: String
    let counts: Bool
    let findings: [FindingJSON]
    let duplicateOf: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sheet, forKey: .sheet)
        try c.encode(counts, forKey: .counts)
        try c.encode(findings, forKey: .findings)
        try c.encode(duplicateOf, forKey: .duplicateOf)  // null, not left out
    }

    enum CodingKeys: String, CodingKey { case sheet, counts, findings, duplicateOf }
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

func json<T: Encodable>(_ status: HTTPResponse.Status, _ value: T) -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return raw(status, String(decoding: data, as: UTF8.self))
}

func raw(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// A page or script from `Public/`, with its content type.
func file(_ name: String) -> Response {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Public"),
        let data = FileManager.default.contents(atPath: url.path)
    else { return json(.notFound, ErrorJSON(error: "Nicht gefunden.")) }
    let type =
        name.hasSuffix(".js")
        ? "text/javascript; charset=utf-8" : name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8"
    return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// Pages send a person who is not logged in to the login page.
func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}

func unauthorized() -> Response { json(.unauthorized, ErrorJSON(error: "Nicht angemeldet.")) }

func forbidden() -> Response { json(.forbidden, ErrorJSON(error: "Diese Seite ist für Ihre Rolle nicht freigegeben.")) }

/// Content-Security-Policy without inline script, no framing, no referrer, no sniffing – on every response.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'"
        response.headers[.frameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.contentTypeOptions] = "nosniff"
        return response
    }
}

extension HTTPField.Name {
    /// A header name valid by construction (ASCII token characters only).
    static func token(_ name: String) -> HTTPField.Name {
        guard let n = HTTPField.Name(name) else { preconditionFailure("invalid header name \(name)") }
        return n
    }

    static let csrfToken = token("X-CSRF-Token")
    static let frameOptions = token("X-Frame-Options")
    static let referrerPolicy = token("Referrer-Policy")
    static let contentTypeOptions = token("X-Content-Type-Options")
}
