import SignatureKit

/// Who may use each route: the declared table that every handler enforces (`require`/`requireChange`) and that a test
/// walks against the router's own route list, so a route without a row, or a handler that checks another permission
/// than its row, fails.
public struct RouteAccess: Sendable, Hashable {
    public enum Access: Sendable, Hashable {
        /// No login needed (login page, static files, the opt-in public counter).
        case open
        /// Any logged-in account.
        case session
        /// A permission.
        case permission(Permission)
        /// Either permission (a sheet's correction: volunteers their own, organizers any).
        case either(Permission, Permission)
    }

    public let method: String
    public let path: String
    public let access: Access

    init(_ method: String, _ path: String, _ access: Access) {
        self.method = method
        self.path = path
        self.access = access
    }

    /// The roles that may use the route; `nil` for an open route.
    public var roles: Set<AccountRole>? {
        switch access {
        case .open: nil
        case .session: Set(AccountRole.allCases)
        case .permission(let p): Set(AccountRole.allCases.filter(p.allows))
        case .either(let a, let b): Set(AccountRole.allCases.filter { a.allows($0) || b.allows($0) })
        }
    }

    public static let table: [RouteAccess] = [
        .init("GET", "/", .open),
        .init("GET", "/login", .open),
        .init("POST", "/login", .open),
        .init("POST", "/logout", .session),
        .init("GET", "/static/:name", .open),
        .init("GET", "/sw.js", .open),
        .init("GET", "/manifest.webmanifest", .open),
        .init("GET", "/public/progress", .open),
        .init("GET", "/api/session", .session),
        .init("GET", "/entry", .permission(.enter)),
        .init("GET", "/mine", .permission(.enter)),
        .init("GET", "/collectors", .permission(.oversee)),
        .init("GET", "/progress", .permission(.oversee)),
        .init("GET", "/review", .permission(.oversee)),
        .init("POST", "/review", .permission(.oversee)),
        .init("GET", "/status", .permission(.oversee)),
        .init("POST", "/status", .permission(.oversee)),
        .init("GET", "/correct", .permission(.oversee)),
        .init("POST", "/correct", .permission(.oversee)),
        .init("GET", "/submission", .permission(.submit)),
        .init("GET", "/certification", .permission(.submit)),
        .init("GET", "/users", .permission(.manageAccounts)),
        .init("POST", "/users", .permission(.manageAccounts)),
        .init("GET", "/profile", .permission(.settings)),
        .init("POST", "/profile", .permission(.settings)),
        .init("POST", "/api/check-field", .permission(.enter)),
        .init("POST", "/api/sheets", .permission(.enter)),
        .init("GET", "/api/sheets", .either(.enter, .oversee)),
        .init("GET", "/api/sheets/:sheet", .either(.enter, .oversee)),
        .init("PUT", "/api/sheets/:sheet", .either(.enter, .oversee)),
        .init("GET", "/api/progress", .permission(.oversee)),
        .init("GET", "/api/findings", .permission(.oversee)),
        .init("POST", "/api/status-file", .permission(.oversee)),
        .init("POST", "/api/status", .permission(.oversee)),
        .init("GET", "/api/review", .permission(.oversee)),
        .init("POST", "/api/review/:id", .permission(.oversee)),
        .init("GET", "/api/entry-context", .permission(.enter)),
        .init("GET", "/api/ward", .permission(.enter)),
    ]
}
