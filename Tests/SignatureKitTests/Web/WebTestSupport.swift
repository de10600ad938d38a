import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// A fresh in-memory campaign with one account per role, and the helpers the web tests share.
enum WebFixture {
    static let passwords = [
        "aylin": "Sammeln-macht-Spass", "bernd": "Auch-ein-Sammler", "orga": "Organisation-2025", "vorstand": "Vorstand-unterschreibt",
        "admin": "Konten-verwalten-1",
    ]

    /// The passwords' hashes at a low scrypt cost (N = 16), made once: a login against them takes microseconds instead
    /// of half a second of CPU in a debug build, where BoringSSL runs unoptimised (hundreds of logins and fixture
    /// accounts kept both cores busy for minutes). Hashing at the real cost is tested where accounts are made through
    /// `addAccount` (AccountTests, the contract suite, the CLI).
    static let hashes: [String: String] = passwords.mapValues { (try? PasswordHash.make($0, n: 16)) ?? "" }

    static let roles: [(String, AccountRole)] = [
        ("aylin", .volunteer), ("bernd", .volunteer), ("orga", .organizer), ("vorstand", .board), ("admin", .admin),
    ]

    static func database() throws -> SignatureDatabase {
        let db = try TestSupport.database()
        for (user, role) in roles { try addAccount(db, user, role: role) }
        return db
    }

    /// One of the fixture's accounts (its password in `passwords`), stored with its cheap hash.
    static func addAccount(_ db: SignatureDatabase, _ user: String, role: AccountRole) throws {
        try db.insertAccount(user, role: role, passwordHash: hashes[user] ?? "")
    }

    static func app(_ db: SignatureDatabase, corrections: CorrectionPolicy = CorrectionPolicy()) -> Application<RouterResponder<WebContext>> {
        Application(router: WebApp(backend: db, corrections: corrections).router())
    }

    /// Logs in; returns the cookie header and the CSRF token.
    static func login(_ client: some TestClientProtocol, _ user: String) async throws -> (cookie: String, csrf: String) {
        try await client.execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "user=\(user)&password=\(passwords[user] ?? "")")
        ) { response in
            #expect(response.status == .ok)
            let setCookie = response.headers[.setCookie] ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            let token = String(setCookie.split(separator: ";").first ?? "")
            let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            return (token, body?["csrf"] as? String ?? "")
        }
    }

    /// A sheet as the entry page sends it.
    static func sheetJSON(_ number: String = "W1", surname: String = "Müller", given: String = "Anna", born: String = "12.03.1980") -> String {
        """
        {"sheet":"\(number)","nomination":"ward:12","surname":"\(surname)","given_names":"\(given)","born":"\(born)","street":"Hauptstraße",\
        "house_number":"12a","postal_code":"47798","city":"Krefeld","signed_on":"01.05.2025","collector":"Aylin","client_id":"phone-\(number)"}
        """
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(
            string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
    }
}
