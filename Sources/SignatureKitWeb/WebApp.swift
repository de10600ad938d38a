import Foundation
import HTTPTypes
import Hummingbird
import SignatureKit

/// The team's web server on top of the library: accounts and roles, sessions with CSRF tokens, the pages and the
/// JSON API that the pages use. Every route checks the session and the role on the server.
public struct WebApp: Sendable {
    /// The campaign's ports: the server never holds a backend's own type, so the same routes serve the SQLite file
    /// and a server database.
    public let backend: any CampaignBackend
    public let sessions: SessionStore
    /// Whether the server is reached over TLS (the session cookie is then `Secure`).
    public let secureCookies: Bool
    /// Behind a proxy the client's address comes from the proxy's `X-Forwarded-For` (for the login limits per address),
    /// but only when the connection comes from one of these addresses; empty: the header is never believed.
    public let trustedProxies: [String]
    /// How long volunteers may correct their own entries.
    public let corrections: CorrectionPolicy
    /// The day entries are checked against and progress is shown for (the demo fixes it in its campaign).
    public let today: @Sendable () -> CalendarDay
    /// Entries from many volunteers at once are written together (group commit).
    let batcher: EntryBatcher
    /// This server's password hashing: one scrypt at a time, off the executor that serves the requests.
    let passwords = PasswordQueue()
    /// Where the app is mounted: "" on its own server, `/c/ID` for a campaign of a host (``CampaignHost``); the session
    /// cookie is then sent only below it.
    public let mount: String

    public init(
        backend: any CampaignBackend, sessions: SessionStore? = nil, secureCookies: Bool = false, trustedProxies: [String] = [],
        corrections: CorrectionPolicy = CorrectionPolicy(), today: @escaping @Sendable () -> CalendarDay = { .today() }, mount: String = ""
    ) {
        self.mount = mount
        self.backend = backend
        self.sessions = sessions ?? SessionStore(store: backend)
        self.secureCookies = secureCookies
        self.trustedProxies = trustedProxies
        self.corrections = corrections
        self.today = today
        batcher = EntryBatcher(store: backend, today: today)
    }

    static let cookieName = "sig_session"
    /// The files under `Public/` that are served as they are.
    static let staticFiles: Set<String> = ["login.js", "entry.js", "rules.js", "status.js", "progress.js", "app.css", "icon-192.png", "icon-512.png"]

    /// The routes, with security headers on every response. With `logRequests`, each request is logged with its
    /// method, path and status only: paths carry sheet numbers at most, never a name (bodies and queries are not logged).
    public func router(logRequests: Bool = false) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        if logRequests { router.add(middleware: RequestLog()) }
        router.add(middleware: SecurityHeaders(hsts: secureCookies))
        router.get("/") { request, _ in
            guard let s = try await session(request) else { return redirect("/login") }
            return redirect(PageLink.pages(for: s.role).first?.path ?? "/login")
        }
        router.get("/login") { _, _ in file("login.html") }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, _ in try await logout(request) }
        router.get("/static/:name") { _, context in
            guard let name = context.parameters.get("name"), Self.staticFiles.contains(name) else {
                return json(.notFound, ErrorJSON(error: "Nicht gefunden."))
            }
            return file(name)
        }
        // The service worker lives at the root so that it may serve /entry offline.
        router.get("/sw.js") { _, _ in
            var response = file("sw.js")
            response.headers[.cacheControl] = "no-cache"
            return response
        }
        // The web app manifest: the entry page can be put on the home screen and opens as an app.
        router.get("/manifest.webmanifest") { _, _ in file("manifest.webmanifest") }
        router.get("/api/session") { request, _ in
            guard let s = try await session(request) else { return unauthorized() }
            return json(.ok, SessionJSON(s))
        }
        addEntryRoutes(to: router)
        addPageRoutes(to: router)
        return router
    }

    // MARK: - Sessions and access

    /// The request's session, when its cookie names one whose account still exists with the same epoch and role.
    func session(_ request: Request) async throws -> Session? {
        guard let token = request.cookies[Self.cookieName]?.value, let s = await sessions.session(token) else { return nil }
        // A host's campaign read the session with its account already.
        if !sessions.caches { return s }
        guard let account = try await backend.findAccount(s.account), account.sessionEpoch == s.epoch, account.role == s.role else {
            await sessions.close(token)
            return nil
        }
        return s
    }

    /// The session of a request that may use `permission`; otherwise a refusal: 401/403 JSON on the API, a
    /// redirect to the login page or a German page on pages.
    func require(_ request: Request, _ permission: Permission, page: Bool = false) async throws -> Session {
        guard let s = try await session(request) else {
            // A page sends to the login, which comes back to it afterwards (a path of this site: letters and / only).
            let path = request.uri.path
            let next = path.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2F } && path.count > 1 ? "/login?next=\(path)" : "/login"
            throw Refusal(page ? redirect(next) : unauthorized())
        }
        guard permission.allows(s.role) else {
            throw Refusal(page ? html(.forbidden, Pages.forbidden(s)) : forbidden())
        }
        return s
    }

    /// As ``require(_:_:page:)`` for a request that changes something: the CSRF token must come along, in the header
    /// `X-CSRF-Token` or the form field `csrf`; otherwise 403 and nothing changed.
    func requireChange(_ request: Request, _ permission: Permission, form: [String: String] = [:], page: Bool = false) async throws -> Session {
        let s = try await require(request, permission, page: page)
        guard let token = request.headers[.csrfToken] ?? form["csrf"], constantTimeEqual(token, s.csrf) else {
            throw Refusal(json(.forbidden, ErrorJSON(error: "CSRF-Token fehlt oder passt nicht; nichts geändert.")))
        }
        return s
    }

    /// The client's address for the login limits: the connection's; from a trusted proxy, the last `X-Forwarded-For`
    /// entry (the one that proxy added). Anyone else's header is ignored.
    func clientAddress(_ request: Request, _ context: WebContext) -> String {
        let connected = context.remoteAddress?.ipAddress ?? "unbekannt"
        if trustedProxies.contains(connected), let forwarded = request.headers[.xForwardedFor]?.split(separator: ",").last {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return connected
    }

    /// Whether a request comes from another site: the browser says so (`Sec-Fetch-Site`), or, from an older browser,
    /// its `Origin` names another host than the one asked. Login and logout refuse such requests (login CSRF).
    func isCrossSite(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite]?.lowercased() { return site != "same-origin" && site != "none" }
        guard let origin = request.headers[.origin] else { return false }
        let host = request.head.authority ?? ""
        return URL(string: origin).map { url in "\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")" != host } ?? true
    }

    func login(_ request: Request, _ context: WebContext) async throws -> Response {
        if isCrossSite(request) {
            return json(.forbidden, ErrorJSON(error: "Anmeldung nur von der Anmeldeseite dieses Servers aus."))
        }
        let body = try await request.body.collect(upTo: 16 * 1024)
        let form = formFields(String(buffer: body))
        guard let user = form["user"], let password = form["password"] else {
            return json(.badRequest, ErrorJSON(error: "Formularfelder user und password erwartet."))
        }
        let address = clientAddress(request, context)
        guard await sessions.beginLogin(account: user, address: address) else {
            return json(.tooManyRequests, ErrorJSON(error: "Zu viele Fehlversuche; bitte in 15 Minuten erneut versuchen."))
        }
        // scrypt is slow on purpose: one login at a time on a thread of its own, never on the executor that serves
        // everyone else's requests (a login loop neither stalls the others nor runs faster than one hash at a time).
        guard let account = try await passwords.run({ try await backend.login(user, password: password) }) else {
            return json(.unauthorized, ErrorJSON(error: "Name oder Passwort falsch."))
        }
        await sessions.loginSucceeded(account: user, address: address)
        let (token, s) = await sessions.open(for: account)
        var response = json(.ok, SessionJSON(s))
        response.headers[.setCookie] =
            "\(Self.cookieName)=\(token); Path=\(mount)/; HttpOnly; SameSite=Strict; Max-Age=\(Int(sessions.lifetime))"
            + (secureCookies ? "; Secure" : "")
        return response
    }

    /// Ends the session; a form (the pages' button) is sent on to the login page, the API gets 204.
    func logout(_ request: Request) async throws -> Response {
        let fromForm = request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true
        // Only this site's own button (with the session's CSRF token) logs out; another site cannot.
        if isCrossSite(request) { return json(.forbidden, ErrorJSON(error: "Abmelden nur von diesem Server aus.")) }
        if let token = request.cookies[Self.cookieName]?.value, let s = await sessions.session(token) {
            let form = fromForm ? formFields(String(buffer: try await request.body.collect(upTo: 16 * 1024))) : [:]
            guard let given = request.headers[.csrfToken] ?? form["csrf"], constantTimeEqual(given, s.csrf) else {
                return json(.forbidden, ErrorJSON(error: "CSRF-Token fehlt oder passt nicht; nicht abgemeldet."))
            }
            await sessions.close(token)
        }
        var response = fromForm ? redirect("/login") : Response(status: .noContent)
        response.headers[.setCookie] = "\(Self.cookieName)=; Path=\(mount)/; HttpOnly; SameSite=Strict; Max-Age=0"
        return response
    }
}

/// Password hashing off the shared executor: one serial queue, one scrypt at a time.
actor PasswordQueue {
    /// The last login handed in: each waits for the one before (scrypt takes 16 MB and tens of milliseconds each).
    private var tail: Task<Void, Never>?

    func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tail
        let task = Task {
            await previous?.value
            return try await work()
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }
}

extension Session {
    /// The account and role as the ports take them.
    var actor: Actor { Actor(account: account, role: role) }
}

extension Sequence where Element: Sendable {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}

/// Compares two tokens without stopping at the first difference.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}

// MARK: - Documents and responses

struct SessionJSON: Encodable {
    let user: String
    let role: String
    let csrf: String
    /// The pages this role may open (the entry page's navigation is built from it).
    let pages: [PageLink]

    init(_ s: Session) {
        user = s.account
        role = s.role.rawValue
        csrf = s.csrf
        pages = PageLink.pages(for: s.role)
    }
}

struct ErrorJSON: Encodable { let error: String }

struct ErrorsJSON: Encodable {
    struct Item: Encodable {
        let field: String
        let message: String
    }
    let errors: [Item]
}

func json<T: Encodable>(_ status: HTTPResponse.Status, _ value: T) -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return raw(status, String(decoding: data, as: UTF8.self))
}

/// A JSON answer. Never stored by a browser or proxy: answers carry names (a sheet's fields) or the CSRF token.
func raw(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
        body: .init(byteBuffer: ByteBuffer(string: text)))
}

func html(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(
        status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
        body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// A page or script from `Public/`, with its content type.
func file(_ name: String) -> Response {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Public"),
        let data = FileManager.default.contents(atPath: url.path)
    else { return json(.notFound, ErrorJSON(error: "Nicht gefunden.")) }
    let type =
        switch (name as NSString).pathExtension {
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "png": "image/png"
        case "webmanifest": "application/manifest+json"
        default: "text/html; charset=utf-8"
        }
    return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// Pages send a person who is not logged in to the login page.
func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}

func unauthorized() -> Response { json(.unauthorized, ErrorJSON(error: "Nicht angemeldet.")) }

func forbidden() -> Response { json(.forbidden, ErrorJSON(error: "Diese Seite ist für Ihre Rolle nicht freigegeben.")) }

/// One line per request: method, path (without query), status and milliseconds.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let status: String
        defer {
            let ms = (ContinuousClock.now - start).components.attoseconds / 1_000_000_000_000_000
            context.logger.info("\(request.method) \(request.uri.path) \(status) \(ms) ms")
        }
        do {
            let response = try await next(request, context)
            status = "\(response.status.code)"
            return response
        } catch let error as any HTTPResponseError {
            status = "\(error.status.code)"
            throw error
        } catch {
            status = "500"
            throw error
        }
    }
}

/// Content-Security-Policy without inline script (inline styles are allowed for the printable reports), no framing,
/// no referrer, no sniffing – on every response, also on errors the router throws (404, 413, 400): those become a German
/// JSON answer here. Under TLS (or behind a TLS proxy) also Strict-Transport-Security.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    var hsts = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let refusal as Refusal {
            response = refusal.answer
        } catch let error as any HTTPResponseError {
            let text: String =
                switch error.status {
                case .notFound: "Nicht gefunden."
                case .contentTooLarge: "Die Anfrage ist zu groß."
                case .badRequest: "Die Anfrage ist fehlerhaft."
                case .methodNotAllowed: "Diese Methode ist hier nicht erlaubt."
                default: "Die Anfrage wurde abgelehnt."
                }
            response = json(error.status, ErrorJSON(error: text))
        } catch {
            // A fault of the server: a German answer, never a trace; the log line says 500.
            response = json(.internalServerError, ErrorJSON(error: "Interner Fehler des Servers; bitte erneut versuchen."))
        }
        if hsts { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
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
    static let xForwardedFor = token("X-Forwarded-For")
    static let fileName = token("X-File-Name")
    static let secFetchSite = token("Sec-Fetch-Site")
}
