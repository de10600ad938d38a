import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// Every route of the router has a row in ``RouteAccess/table``, and every role gets exactly what its row says: 403 where
/// the role is not allowed (GET, POST and PUT alike, with a valid CSRF token), never 403 or 401 where it is.
struct RouteAccessTests {
    @Test("The router's route list and the access table name the same routes")
    func everyRouteDeclared() throws {
        let router = WebApp(backend: try WebFixture.database()).router()
        let routes = Set(router.routes.map { "\($0.method) \($0.path)" })
        // The router prints captures as {name}; the table writes them as registered (:name).
        let declared = Set(
            RouteAccess.table.map { row in
                "\(row.method) "
                    + row.path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                    .joined(separator: "/")
            })
        #expect(routes.subtracting(declared).isEmpty, "routes without a row: \(routes.subtracting(declared).sorted())")
        #expect(declared.subtracting(routes).isEmpty, "rows without a route: \(declared.subtracting(routes).sorted())")
    }

    /// A concrete path for a route pattern.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: ":sheet", with: "F000001").replacingOccurrences(of: ":id", with: "1")
            .replacingOccurrences(of: ":name", with: "app.css")
    }

    @Test("Each role on each declared route: refused (403) exactly where the table says, also for every change")
    func roleMatrix() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("F000001"), enteredBy: "aylin")
        let users = ["aylin": AccountRole.volunteer, "orga": .organizer, "vorstand": .board, "admin": .admin]
        try await WebFixture.app(db).test(.router) { client in
            var sessions: [String: (cookie: String, csrf: String)] = [:]
            for user in users.keys { sessions[user] = try await WebFixture.login(client, user) }
            var checked = 0
            for route in RouteAccess.table {
                guard let roles = route.roles, route.path != "/logout" else { continue }
                for (user, role) in users.sorted(by: { $0.key < $1.key }) {
                    guard let session = sessions[user] else { continue }
                    let method = HTTPRequest.Method(rawValue: route.method) ?? .get
                    var headers: HTTPFields = [.cookie: session.cookie, .csrfToken: session.csrf]
                    var body = ByteBuffer()
                    if method != .get {
                        let json = route.path.hasPrefix("/api/")
                        headers[.contentType] = json ? "application/json" : "application/x-www-form-urlencoded"
                        body = ByteBuffer(string: json ? "{}" : "csrf=\(session.csrf)")
                    }
                    try await client.execute(uri: Self.concrete(route.path), method: method, headers: headers, body: body) { response in
                        if roles.contains(role) {
                            #expect(
                                response.status != .forbidden && response.status != .unauthorized,
                                "\(user) \(route.method) \(route.path): \(response.status)")
                        } else {
                            #expect(response.status == .forbidden, "\(user) \(route.method) \(route.path): \(response.status)")
                        }
                    }
                    checked += 1
                }
            }
            #expect(checked == RouteAccess.table.filter { $0.roles != nil && $0.path != "/logout" }.count * users.count)
        }
        // Nothing a refused role sent changed anything: the one sheet is as entered.
        #expect(try db.sheetDetail("F000001").status == .entered && db.sheetCount() == 1)
    }
}
