import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// The server's log lines and its sessions' end.
struct WebLogTests {
    /// Collects every log line (message and metadata) in memory.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func handler(_ label: String) -> some LogHandler { Handler(sink: self) }

        struct Handler: LogHandler {
            let sink: Lines
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                let all = metadata.merging(event.metadata ?? [:]) { $1 }
                sink.lines.withLock { $0.append("\(event.message) \(all)") }
            }
        }
    }

    @Test("Request log lines name method, path and status – never a signer's name, birth date or address, nor the password")
    func noPersonalData() async throws {
        let db = try WebFixture.database()
        let sink = Lines()
        let logger = Logger(label: "sig-web-test", factory: { sink.handler($0) })
        let app = Application(router: WebApp(backend: db).router(logRequests: true), logger: logger)
        try await app.test(.router) { client in
            let aylin = try await WebFixture.login(client, "aylin")
            try await client.execute(
                uri: "/api/sheets", method: .post, headers: [.cookie: aylin.cookie, .csrfToken: aylin.csrf],
                body: ByteBuffer(string: WebFixture.sheetJSON("L1", surname: "Vogelsang", given: "Ottilie", born: "17.04.1961"))
            ) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/sheets/L1", method: .get, headers: [.cookie: aylin.cookie]) { #expect($0.status == .ok) }
        }
        let lines = sink.lines.withLock { $0 }
        #expect(lines.contains { $0.contains("POST /api/sheets 201") })
        #expect(lines.contains { $0.contains("GET /api/sheets/L1 200") })
        for secret in ["Vogelsang", "Ottilie", "17.04.1961", "1961-04-17", "Hauptstraße", WebFixture.passwords["aylin"] ?? "-"] {
            #expect(!lines.contains { $0.contains(secret) }, "\(secret)")
        }
    }

    @Test("A session ends after its lifetime: the API answers 401, pages send to /login; a failed-login lock ends after 15 minutes")
    func expiry() async throws {
        let db = try WebFixture.database()
        let clock = Mutex(Date(timeIntervalSince1970: 1_750_000_000))
        let sessions = SessionStore(lifetime: 3600, now: { clock.withLock { $0 } })
        let app = Application(router: WebApp(backend: db, sessions: sessions).router())
        try await app.test(.router) { client in
            let aylin = try await WebFixture.login(client, "aylin")
            clock.withLock { $0 += 3599 }
            try await client.execute(uri: "/api/session", method: .get, headers: [.cookie: aylin.cookie]) { #expect($0.status == .ok) }
            for _ in 0..<10 {
                try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "user=bernd&password=raten")
                ) { #expect($0.status == .unauthorized) }
            }
            clock.withLock { $0 += 14 * 60 }
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=bernd&password=\(WebFixture.passwords["bernd"] ?? "")")
            ) { #expect($0.status == .tooManyRequests) }
            clock.withLock { $0 += 61 }
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=bernd&password=\(WebFixture.passwords["bernd"] ?? "")")
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/session", method: .get, headers: [.cookie: aylin.cookie]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/mine", method: .get, headers: [.cookie: aylin.cookie]) {
                #expect($0.headers[.location] == "/login?next=/mine")
            }
        }
    }
}
