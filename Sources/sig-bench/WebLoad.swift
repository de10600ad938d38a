import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SignatureKit
import SignatureKitWeb

/// The load benchmark of sig-web: many volunteers entering sheets at the same time over loopback against one server.
/// Each volunteer keeps one connection (NIO's HTTP client from HummingbirdTesting: far less CPU on the shared two
/// cores than URLSession, whose share was measured above the server's own).
enum WebLoad {
    struct Result {
        var latencies: [Double] = []
        var failures = 0
    }

    /// Starts a server on 127.0.0.1:`port` on a fresh database, lets `volunteers` accounts each post `sheets` sheets
    /// concurrently, and checks that every sheet is stored exactly once. First, as the baseline in the same run, the
    /// same clients ask for their session as often (a read, no write).
    static func run(workdir: String, volunteers: Int, sheets: Int, port: Int, hotBlock: Bool = false) async throws {
        let path = workdir + "/web.sqlite"
        let db = try SignatureDatabase.create(at: path, election: ElectionCatalog.load(), meetingDate: CalendarDay(year: 2025, month: 3, day: 1))
        for v in 0..<volunteers { try db.addAccount("v\(v)", role: .volunteer, password: "Passwort-\(v)-lang", by: "bench") }
        let app = Application(router: WebApp(backend: db).router(), configuration: .init(address: .hostname("127.0.0.1", port: port)))
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let clients = (0..<volunteers).map { _ in TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(60))) }
        for client in clients { client.connect() }
        defer { Task { for client in clients { try? await client.shutdown() } } }
        // Everybody logs in first (scrypt is slow on purpose; logins are not what is measured).
        let logins = try await withThrowingTaskGroup(of: (Int, String, String).self) { group in
            for v in 0..<volunteers {
                group.addTask {
                    let response = try await clients[v].execute(
                        .init(
                            "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                            body: ByteBuffer(string: "user=v\(v)&password=Passwort-\(v)-lang")))
                    let cookie = (response.headers[.setCookie] ?? "").split(separator: ";").first ?? ""
                    let body = response.body.map { Data($0.readableBytesView) } ?? Data()
                    let csrf = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["csrf"] as? String ?? ""
                    return (v, String(cookie), csrf)
                }
            }
            var all: [Int: (cookie: String, csrf: String)] = [:]
            for try await (v, cookie, csrf) in group { all[v] = (cookie, csrf) }
            return all
        }
        /// Every volunteer sends `sheets` requests one after another, all volunteers at once.
        func phase(_ makeRequest: @escaping @Sendable (Int, Int, String, String) throws -> TestClient.Request, expect: HTTPResponse.Status)
            async throws -> (Result, Double)
        {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try await withThrowingTaskGroup(of: Result.self) { group in
                for v in 0..<volunteers {
                    let (cookie, csrf) = logins[v] ?? ("", "")
                    group.addTask {
                        var result = Result()
                        for i in 0..<sheets {
                            let request = try makeRequest(v, i, cookie, csrf)
                            let t0 = DispatchTime.now().uptimeNanoseconds
                            let response = try await clients[v].execute(request)
                            result.latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                            if response.head.status != expect {
                                if result.failures == 0 {
                                    print("Fehlantwort \(response.head.status.code): \(response.body.map { String(buffer: $0) }?.prefix(200) ?? "")")
                                }
                                result.failures += 1
                            }
                        }
                        return result
                    }
                }
                var all = Result()
                for try await r in group {
                    all.latencies += r.latencies
                    all.failures += r.failures
                }
                return all
            }
            return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let (baseline, baselineSeconds) = try await phase(
            { _, _, cookie, _ in
                guard let field = HTTPField.Name("Cookie") else { return .init("/api/session", method: .get) }
                return .init("/api/session", method: .get, headers: [field: cookie])
            }, expect: .ok)
        let (results, seconds) = try await phase(
            { v, i, cookie, csrf in
                var rng = SeededRandom(seed: UInt64(v * 100_000 + i + 1))
                var body = DemoData.randomSheetFields(sheet: "W\(v)-\(i)", nomination: "ward:\(1 + (v % 29))", collector: "v\(v)", rng: &rng)
                if hotBlock { body.merge(HotBlock.alike(v * 100_000 + i)) { $1 } }
                body["client_id"] = "bench-\(v)-\(i)"
                var headers: HTTPFields = [.contentType: "application/json"]
                if let cookieName = HTTPField.Name("Cookie"), let csrfName = HTTPField.Name("X-CSRF-Token") {
                    headers[cookieName] = cookie
                    headers[csrfName] = csrf
                }
                return .init("/api/sheets", method: .post, headers: headers, body: ByteBuffer(bytes: try JSONEncoder().encode(body)))
            }, expect: .created)
        func pct(_ values: [Double], _ q: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
        }
        let expected = volunteers * sheets
        print(
            String(
                format: "Grundlinie GET /api/session, gleiche Last: %.0f Anfragen/s; Latenz p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                Double(expected) / baselineSeconds, pct(baseline.latencies, 0.5), pct(baseline.latencies, 0.95), pct(baseline.latencies, 0.99)))
        print(
            String(
                format:
                    "sig-web\(hotBlock ? " (ein Dublettenblock)" : ""): %d Sammler × %d Formblätter gleichzeitig über 127.0.0.1: %.0f Formblätter/s; Latenz p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (p95 %.2f× Grundlinie)",
                volunteers, sheets, Double(expected) / seconds, pct(results.latencies, 0.5), pct(results.latencies, 0.95),
                pct(results.latencies, 0.99), pct(results.latencies, 0.95) / max(0.001, pct(baseline.latencies, 0.95))))
        let stored = try db.sheetCount()
        let integrity = try db.integrityCheck()
        print(
            "  gespeichert \(stored) von \(expected): verloren \(max(0, expected - stored)), doppelt \(max(0, stored - expected)), Fehlantworten \(results.failures + baseline.failures), integrity_check \(integrity)"
        )
    }
}
