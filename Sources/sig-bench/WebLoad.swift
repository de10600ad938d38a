import Foundation
import Hummingbird
import SignatureKit
import SignatureKitWeb

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The load benchmark of sig-web: many volunteers entering sheets at the same time over loopback against one server.
enum WebLoad {
    struct Result {
        var latencies: [Double] = []
        var failures = 0
    }

    /// Starts a server on 127.0.0.1:`port` on a fresh database, lets `volunteers` accounts each post `sheets` sheets
    /// concurrently, and checks that every sheet is stored exactly once.
    static func run(workdir: String, volunteers: Int, sheets: Int, port: Int) async throws {
        let path = workdir + "/web.sqlite"
        let db = try SignatureDatabase.create(at: path, election: ElectionCatalog.load(), meetingDate: CalendarDay(year: 2025, month: 3, day: 1))
        for v in 0..<volunteers { try db.addAccount("v\(v)", role: .volunteer, password: "Passwort-\(v)-lang", by: "bench") }
        let app = Application(router: WebApp(database: db).router(), configuration: .init(address: .hostname("127.0.0.1", port: port)))
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        try await Task.sleep(nanoseconds: 1_000_000_000)
        guard let loginURL = URL(string: "http://127.0.0.1:\(port)/login"), let sheetsURL = URL(string: "http://127.0.0.1:\(port)/api/sheets")
        else { return }
        // Each volunteer sends their own cookie; a shared cookie jar would mix the sessions.
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpMaximumConnectionsPerHost = volunteers
        let session = URLSession(configuration: configuration)
        let start = DispatchTime.now().uptimeNanoseconds
        let results = try await withThrowingTaskGroup(of: Result.self) { group in
            for v in 0..<volunteers {
                group.addTask {
                    var result = Result()
                    var login = URLRequest(url: loginURL)
                    login.httpMethod = "POST"
                    login.httpBody = Data("user=v\(v)&password=Passwort-\(v)-lang".utf8)
                    login.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
                    let (data, response) = try await session.data(for: login)
                    let cookie = ((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Set-Cookie") ?? "").split(separator: ";").first ?? ""
                    let csrf = (try JSONSerialization.jsonObject(with: data) as? [String: String])?["csrf"] ?? ""
                    var rng = SeededRandom(seed: UInt64(v + 1))
                    for i in 0..<sheets {
                        var body = DemoData.randomSheetFields(sheet: "W\(v)-\(i)", nomination: "ward:\(1 + (v % 29))", collector: "v\(v)", rng: &rng)
                        body["client_id"] = "bench-\(v)"
                        var request = URLRequest(url: sheetsURL)
                        request.httpMethod = "POST"
                        request.httpBody = try JSONEncoder().encode(body)
                        request.setValue(String(cookie), forHTTPHeaderField: "Cookie")
                        request.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token")
                        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        let (answer, r) = try await session.data(for: request)
                        result.latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                        if (r as? HTTPURLResponse)?.statusCode != 201 {
                            if result.failures == 0 {
                                print(
                                    "Fehlantwort \((r as? HTTPURLResponse)?.statusCode ?? 0): \(String(decoding: answer.prefix(200), as: UTF8.self))")
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
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let sorted = results.latencies.sorted()
        func pct(_ q: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
        let stored = try db.sheetCount()
        let expected = volunteers * sheets
        let integrity = try db.integrityCheck()
        print(
            String(
                format:
                    "sig-web: %d Sammler × %d Formblätter gleichzeitig über 127.0.0.1: %.0f Formblätter/s; Latenz p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                volunteers, sheets, Double(expected) / seconds, pct(0.5), pct(0.95), pct(0.99)))
        print(
            "  gespeichert \(stored) von \(expected): verloren \(max(0, expected - stored)), doppelt \(max(0, stored - expected)), Fehlantworten \(results.failures), integrity_check \(integrity)"
        )
    }
}
