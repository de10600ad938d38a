import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SignatureKit
import SignatureKitPostgres

/// `sig-bench --database-url OWNER_URL`: the hosted backend measured next to baselines of the same run – the import
/// against `COPY` of the same file into a table with the same indexes, progress against a plain `GROUP BY`, the full
/// duplicate pass, the importer's peak memory, and sig-web with volunteers on three campaigns through two processes,
/// one of which is killed with SIGKILL halfway (the clients go on against the other).
enum PostgresBench {
    static let appRole = "sig_bench_app"
    static let appPassword = "bench-app-password"

    static func appURL(_ owner: String) throws -> String {
        guard var c = URLComponents(string: owner) else { throw SignatureKitError.invalidField(field: "--database-url", reason: "keine Adresse") }
        c.user = appRole
        c.password = appPassword
        return c.string ?? owner
    }

    static func run(
        ownerURL: String, workdir: String, sheets: Int, volunteers: Int, webSheets: Int, pace: Double, cli: String, web: String, psql: String
    ) async throws {
        let owner = try await PostgresServer.connect(url: ownerURL, maximumConnections: 2)
        _ = try await owner.initialize(appRole: appRole, appPassword: appPassword)
        let app = try await PostgresServer.connect(url: try appURL(ownerURL), maximumConnections: 30)
        let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        if sheets > 0 {
            try await importAndReports(owner: owner, app: app, ownerURL: ownerURL, workdir: workdir, sheets: sheets, run: run, cli: cli, psql: psql)
        }
        if volunteers > 0 {
            try await webLoad(app: app, ownerURL: ownerURL, volunteers: volunteers, sheets: webSheets, pace: pace, run: run, web: web)
        }
        await app.shutdown()
        await owner.shutdown()
    }

    static func importAndReports(
        owner: PostgresServer, app: PostgresServer, ownerURL: String, workdir: String, sheets: Int, run: String, cli: String, psql: String
    ) async throws {
        let csv = workdir + "/pg-sheets.csv"
        try DemoData.writeCSV(path: csv, count: sheets, seed: 1)
        let size = (try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        print("PostgreSQL (\(app.display)): Datei mit \(sheets) Formblättern, \(size / 1_000_000) MB")
        // Baseline: psql's \copy of the same file into a table with indexes like the sheets': a generated key, the
        // unique sheet number and three indexes of several columns (five, as the sheets have), text in binary order
        // (as the sheets' columns).
        let copyScript = """
            SET client_min_messages = warning;
            DROP TABLE IF EXISTS bench_copy;
            CREATE TABLE bench_copy(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sheet text COLLATE "C" UNIQUE,
              nomination text COLLATE "C", surname text COLLATE "C", given_names text COLLATE "C", born text COLLATE "C",
              street text COLLATE "C", house_number text COLLATE "C", postal_code text COLLATE "C", city text COLLATE "C",
              signed_on text COLLATE "C", collector text COLLATE "C");
            CREATE INDEX bench_copy_b ON bench_copy(nomination, born, surname, given_names);
            CREATE INDEX bench_copy_d ON bench_copy(nomination, street, house_number, surname);
            CREATE INDEX bench_copy_e ON bench_copy(nomination, signed_on, collector);
            \\copy bench_copy(sheet, nomination, surname, given_names, born, street, house_number, postal_code, city, signed_on, collector) FROM '\(csv)' WITH (FORMAT csv, DELIMITER ';', HEADER true)
            DROP TABLE bench_copy;
            """
        let copy = try time { try runProcess(psql, ["-q", "-v", "ON_ERROR_STOP=1", ownerURL], input: copyScript) }
        let id = "bench-\(run)"
        let campaign = try await app.createCampaign(
            id: id, election: ElectionCatalog.load(), title: "Messung", meetingDate: CalendarDay(year: 2025, month: 3, day: 1), hostKey: nil)
        let appURL = try appURL(ownerURL)
        let before = cpuSeconds()
        let imported = try time {
            try runProcess(cli, ["import", csv], environment: ["SIG_DATABASE_URL": appURL, "SIG_CAMPAIGN": id])
        }
        let cpu = cpuSeconds() - before
        print(String(format: "psql \\copy (gleiche Indizes):           %7.2f s", copy))
        print(String(format: "sig-cli import --database-url (Regeln + Dubletten): %7.2f s → Faktor %.2f (Ziel ≤ 2)", imported, imported / copy))
        print("  CPU-Zeit von sig-cli \(String(format: "%.2f", cpu)) s; Spitzen-Speicher \(childPeakRSS() / 1024) MB (Ziel < 200 MB)")
        let stored = try await campaign.statusCounts().values.reduce(0, +)
        let findings = try await campaign.campaignFindings()
        print(
            "  gespeichert \(stored); doppelt \(findings.filter { $0.code == "duplicate" }.count), möglich doppelt "
                + "\(findings.filter { $0.code == "possible-duplicate" }.count), Konflikte \(findings.filter { $0.code.hasSuffix("conflict") }.count)"
        )
        // After a bulk load the visibility map is set by VACUUM (or autovacuum later): index-only scans need it. All
        // three filled tables, so that no autovacuum of the findings or pairs runs beside the measurements below.
        try await owner.maintenance("VACUUM ANALYZE sig.sheet, sig.finding, sig.pair")
        var progress: [Double] = []
        var plain: [Double] = []
        let today = CalendarDay(year: 2025, month: 7, day: 1) ?? .today()
        for _ in 0..<3 {
            progress.append(try await timeAsync { _ = try await campaign.progress(asOf: today) })
            plain.append(try await timeAsync { _ = try await campaign.plainStatusGroupBy() })
        }
        let (p, g) = (progress.sorted()[1], plain.sorted()[1])
        print(
            String(
                format: "Fortschritt bei %d Formblättern: %.3f s gegen einfaches GROUP BY nomination, status %.3f s → Faktor %.2f (Ziel ≤ 1,5)",
                stored, p, g, p / g))
        var summary: CheckSummary?
        let pass = try await timeAsync { summary = try await campaign.fullDuplicatePass(by: Actor(account: "bench", role: .admin)) }
        print(
            String(
                format: "Voller Dublettenlauf über %d Formblätter: %.2f s (%d Paare verglichen, %d neu; Ziel < 10 s)", stored, pass,
                summary?.pairsCompared ?? 0,
                summary?.newPairs ?? 0))
    }

    // MARK: Web

    struct Volunteer: Sendable {
        let index: Int
        let campaign: String
        var port: Int
        var cookie = ""
        var csrf = ""
    }

    static func webLoad(app: PostgresServer, ownerURL: String, volunteers: Int, sheets: Int, pace: Double, run: String, web: String) async throws {
        let ids = (1...3).map { "bench-web-\(run)-\($0)" }
        var campaigns: [PostgresCampaign] = []
        for id in ids {
            campaigns.append(
                try await app.createCampaign(
                    id: id, election: ElectionCatalog.load(), title: "Last", meetingDate: CalendarDay(year: 2025, month: 3, day: 1), hostKey: nil))
        }
        let admin = Actor(account: "bench", role: .admin)
        for v in 0..<volunteers { try await campaigns[v % 3].addAccount("v\(v)", role: .volunteer, password: "Passwort-\(v)-lang", by: admin) }
        let ports = [18_700, 18_701]
        let appURL = try appURL(ownerURL)
        let processes = try ports.map { port in
            try startProcess(web, ["--port", String(port)], environment: ["SIG_DATABASE_URL": appURL])
        }
        defer { for p in processes where p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        for (p, port) in zip(processes, ports) { try await waitForPort(port, of: p) }
        // Baseline in the same run: the same clients ask for their session as often (one read with the account check,
        // the least any request of a campaign costs), through both processes.
        let sessions = try await logIn(volunteers: volunteers, ids: ids, ports: ports)
        let baseline = try await withThrowingTaskGroup(of: [Double].self) { group in
            for v in 0..<volunteers {
                guard let me = sessions[v] else { continue }
                group.addTask {
                    let client = TestClient(host: "127.0.0.1", port: me.port, configuration: .init(timeout: .seconds(30)))
                    client.connect()
                    var latencies: [Double] = []
                    for _ in 0..<sheets {
                        var headers: HTTPFields = [:]
                        if let cookie = HTTPField.Name("Cookie") { headers[cookie] = me.cookie }
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        _ = try await client.execute(.init("/c/\(me.campaign)/api/session", method: .get, headers: headers))
                        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                    }
                    try? await client.shutdown()
                    return latencies
                }
            }
            var all: [Double] = []
            for try await l in group { all += l }
            return all.sorted()
        }
        // As fast as each volunteer gets answers (the servers saturated: latency is then mostly waiting in line), with
        // process 1 killed halfway.
        let killed = Killed()
        let saturated = try await writePhase(
            series: "W", volunteers: volunteers, sheets: sheets, ids: ids, ports: ports, pace: 0
        ) { v, i in
            if v == 0 && i == sheets / 2 { killed.kill(processes[0]) }
        }
        let base = PhaseResult(latencies: baseline)
        print(
            String(
                format: "Grundlinie GET /c/ID/api/session, gleiche Last: Latenz p50 %.1f ms, p95 %.1f ms, p99 %.1f ms", base.percentile(0.5),
                base.percentile(0.95), base.percentile(0.99)))
        print(
            String(
                format:
                    "sig-web --database-url: %d Sammler auf 3 Kampagnen über 2 Prozesse, je %d Formblätter ohne Pause: %.0f Formblätter/s; Latenz p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (Ziel p95 < 50 ms)",
                volunteers, sheets, saturated.rate, saturated.percentile(0.5), saturated.percentile(0.95), saturated.percentile(0.99)))
        var total = volunteers * sheets
        var results = saturated
        if pace > 0 {
            // The same volunteers at a fixed pace (each one sheet every `pace` seconds, spread over the interval) through
            // both processes again; latency counted from the planned moment of sending, so a late answer also delays
            // the next sheet's clock (no coordinated omission).
            let restarted = try startProcess(web, ["--port", String(ports[0])], environment: ["SIG_DATABASE_URL": appURL])
            defer { if restarted.isRunning { kill(restarted.processIdentifier, SIGKILL) } }
            try await waitForPort(ports[0], of: restarted)
            let paced = try await writePhase(series: "P", volunteers: volunteers, sheets: sheets, ids: ids, ports: ports, pace: pace) { _, _ in }
            print(
                String(
                    format:
                        "  dieselben %d Sammler, jede/r alle %.0f ms ein Formblatt (%.0f Formblätter/s angeboten): %.0f Formblätter/s; Latenz p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                    volunteers, pace * 1000, Double(volunteers) / pace, paced.rate, paced.percentile(0.5), paced.percentile(0.95),
                    paced.percentile(0.99)))
            total += volunteers * sheets
            results.resent += paced.resent
            results.failures += paced.failures
        }
        var stored = 0
        var whole = 0
        for c in campaigns {
            stored += try await c.statusCounts().values.reduce(0, +)
            if case .whole = try await c.verifyAudit() { whole += 1 }
        }
        print(
            "  Prozess 1 mit SIGKILL beendet nach der Hälfte; \(results.resent) Anfragen an Prozess 2 neu gesendet. Gespeichert \(stored) von \(total): verloren \(max(0, total - stored)), doppelt \(max(0, stored - total)), Fehlantworten \(results.failures); Prüfkette lückenlos in \(whole) von 3 Kampagnen"
        )
    }

    struct PhaseResult {
        var latencies: [Double] = []
        var resent = 0
        var failures = 0
        var rate = 0.0
        func percentile(_ q: Double) -> Double {
            let sorted = latencies.sorted()
            return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
        }
    }

    /// Everybody logs in first, all at once (scrypt is slow on purpose, and logins are not what is measured): volunteer
    /// `v` in campaign `v % 3` through process `v % 2`.
    static func logIn(volunteers: Int, ids: [String], ports: [Int]) async throws -> [Int: Volunteer] {
        try await withThrowingTaskGroup(of: Volunteer.self) { group in
            for v in 0..<volunteers {
                group.addTask {
                    var me = Volunteer(index: v, campaign: ids[v % 3], port: ports[v % 2])
                    let client = TestClient(host: "127.0.0.1", port: me.port, configuration: .init(timeout: .seconds(30)))
                    client.connect()
                    try await login(client, &me)
                    try? await client.shutdown()
                    return me
                }
            }
            var all: [Int: Volunteer] = [:]
            for try await me in group { all[me.index] = me }
            return all
        }
    }

    /// Every volunteer logs in and posts `sheets` sheets (numbers `series` + volunteer + sheet), `pace` seconds apart
    /// (0: each as soon as the last is answered). A refused connection (a killed process) sends the same sheet to the
    /// other process with the same session.
    static func writePhase(
        series: String, volunteers: Int, sheets: Int, ids: [String], ports: [Int], pace: Double,
        before: @escaping @Sendable (_ volunteer: Int, _ sheet: Int) -> Void
    ) async throws -> PhaseResult {
        let sessions = try await logIn(volunteers: volunteers, ids: ids, ports: ports)
        let start = DispatchTime.now().uptimeNanoseconds
        var all = try await withThrowingTaskGroup(of: PhaseResult.self) { group in
            for v in 0..<volunteers {
                guard var me = sessions[v] else { continue }
                group.addTask {
                    var client = TestClient(host: "127.0.0.1", port: me.port, configuration: .init(timeout: .seconds(30)))
                    client.connect()
                    var result = PhaseResult()
                    let first = start + UInt64(pace * 1e9 * Double(v) / Double(volunteers))
                    var i = 0
                    var consecutiveFailures = 0
                    while i < sheets {
                        before(v, i)
                        var t0 = DispatchTime.now().uptimeNanoseconds
                        if pace > 0 {
                            let planned = first + UInt64(pace * 1e9 * Double(i))
                            if planned > t0 { try await Task.sleep(nanoseconds: planned - t0) }
                            t0 = planned
                        }
                        do {
                            let status = try await post(client, me, sheet: i, series: series)
                            result.latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                            consecutiveFailures = 0
                            if status != .created && status != .ok { result.failures += 1 }
                            i += 1
                        } catch {
                            // The process is gone: the same session goes on at the other one (sessions live in the
                            // database), and the same sheet is sent again (stored once, or "already there"). Both
                            // gone (another run holding the ports, say): the run ends instead of resending forever.
                            consecutiveFailures += 1
                            if consecutiveFailures > 20 {
                                throw SignatureKitError.invalidField(
                                    field: "--web-volunteers", reason: "kein sig-web-Prozess antwortet (Ports \(ports) belegt oder beendet?)")
                            }
                            try? await client.shutdown()
                            me.port = ports[1]
                            client = TestClient(host: "127.0.0.1", port: me.port, configuration: .init(timeout: .seconds(30)))
                            client.connect()
                            result.resent += 1
                        }
                    }
                    try? await client.shutdown()
                    return result
                }
            }
            var all = PhaseResult()
            for try await r in group {
                all.latencies += r.latencies
                all.resent += r.resent
                all.failures += r.failures
            }
            return all
        }
        all.rate = Double(volunteers * sheets) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return all
    }

    final class Killed: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        func kill(_ p: Process) {
            lock.lock()
            defer { lock.unlock() }
            guard !done else { return }
            done = true
            Foundation.kill(p.processIdentifier, SIGKILL)
        }
    }

    static func login(_ client: TestClient, _ me: inout Volunteer) async throws {
        let response = try await client.execute(
            .init(
                "/c/\(me.campaign)/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=v\(me.index)&password=Passwort-\(me.index)-lang")))
        me.cookie = String((response.headers[.setCookie] ?? "").split(separator: ";").first ?? "")
        let body = response.body.map { Data($0.readableBytesView) } ?? Data()
        me.csrf = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["csrf"] as? String ?? ""
    }

    static func post(_ client: TestClient, _ me: Volunteer, sheet i: Int, series: String) async throws -> HTTPResponse.Status {
        var rng = SeededRandom(seed: UInt64(me.index * 100_000 + i + 1) + (series == "W" ? 0 : 50_000_000))
        var body = DemoData.randomSheetFields(
            sheet: "\(series)\(me.index)-\(i)", nomination: "ward:\(1 + (me.index % 29))", collector: "v\(me.index)", rng: &rng)
        body["client_id"] = "bench-\(series)\(me.index)-\(i)"
        var headers: HTTPFields = [.contentType: "application/json"]
        if let cookie = HTTPField.Name("Cookie"), let csrf = HTTPField.Name("X-CSRF-Token") {
            headers[cookie] = me.cookie
            headers[csrf] = me.csrf
        }
        let response = try await client.execute(
            .init("/c/\(me.campaign)/api/sheets", method: .post, headers: headers, body: ByteBuffer(bytes: try JSONEncoder().encode(body))))
        return response.head.status
    }

    /// Waits until `process` answers on `port`. A process that could not bind its port ends at once while another
    /// one answers there: that is not this run's server.
    static func waitForPort(_ port: Int, of process: Process) async throws {
        for _ in 0..<100 {
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(2)))
            client.connect()
            if (try? await client.execute(.init("/c/x/login", method: .get))) != nil {
                try? await client.shutdown()
                try await Task.sleep(for: .milliseconds(300))
                guard process.isRunning else {
                    throw SignatureKitError.invalidField(field: "--web-volunteers", reason: "sig-web auf Port \(port) ist beendet (Port belegt?)")
                }
                return
            }
            try? await client.shutdown()
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        throw SignatureKitError.serverUnreachable(server: "127.0.0.1:\(port)", reason: "sig-web startet nicht")
    }

    // MARK: Processes and clocks

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func timeAsync(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func startProcess(_ path: String, _ arguments: [String], environment: [String: String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func runProcess(_ path: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        p.standardOutput = FileHandle.nullDevice
        let pipe = Pipe()
        if input != nil { p.standardInput = pipe }
        try p.run()
        if let input {
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw SignatureKitError.invalidField(field: path, reason: "endete mit Status \(p.terminationStatus)")
        }
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let t = { (tv: timeval) in Double(tv.tv_sec) + Double(tv.tv_usec) / 1e6 }
        return t(usage.ru_utime) + t(usage.ru_stime)
    }

    static func childPeakRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return usage.ru_maxrss
    }
}
