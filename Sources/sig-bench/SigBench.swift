import ArgumentParser
import Foundation
import SignatureKit

/// Benchmark: import, add, duplicate pass and progress report, each next to a baseline measured in the same run.
@main
struct SigBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sig-bench", abstract: "Measure import, entry, duplicate pass and progress report against sqlite3 .import.")
    @Option(help: "Sheets in the import benchmark.") var sheets: Int = 200_000
    @Option(help: "Sheets for the progress-report benchmark (0 skips it).") var progressSheets: Int = 1_000_000
    @Option(help: "Rounds of the import comparison (median reported).") var rounds: Int = 3
    @Option(help: "Only write the generated sheet file here and stop (for timing `sig-cli import` by hand).") var writeCSV: String?
    @Option(help: "Working folder (deleted afterwards).") var workdir: String = NSTemporaryDirectory() + "sig-bench"
    @Flag(inversion: .prefixedNo, help: "Also measure an encrypted database against the plain one.") var encrypted = true
    @Option(help: "Only the sig-web load test: this many volunteers at once (0: skip it).") var webVolunteers = 0
    @Option(help: "Sheets each volunteer enters in the load test.") var webSheets = 200
    @Flag(help: "In the load test every sheet falls into one duplicate block (same birth date, names that sound the same).")
    var webHotBlock = false
    @Option(help: "Only the hot-block import: this many alike sheets against as many varied ones (0: skip it).") var hotBlockImport = 0
    @Option(help: "Hosted load test: after the run without pauses, each volunteer sends one sheet every this many ms (0: skip).")
    var webPaceMs = 250
    @Option(help: "Only the hosted backend: the owner's address of a PostgreSQL database (import, progress, full pass; web with --web-volunteers).")
    var databaseURL: String?

    func run() throws {
        umask(0o077)
        if let databaseURL {
            try? FileManager.default.removeItem(atPath: workdir)
            try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: workdir) }
            let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            let done = DispatchSemaphore(value: 0)
            let failure = LockedError()
            let (dir, count, volunteers, perVolunteer, pace) = (workdir, sheets, webVolunteers, webSheets, Double(webPaceMs) / 1000)
            Task {
                do {
                    try await PostgresBench.run(
                        ownerURL: databaseURL, workdir: dir, sheets: count, volunteers: volunteers, webSheets: perVolunteer, pace: pace,
                        cli: folder.appendingPathComponent("sig-cli").path, web: folder.appendingPathComponent("sig-web").path, psql: "/usr/bin/psql")
                } catch { failure.set(error) }
                done.signal()
            }
            done.wait()
            if let error = failure.get() { throw error }
            return
        }
        if webVolunteers > 0 {
            try? FileManager.default.removeItem(atPath: workdir)
            try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: workdir) }
            let done = DispatchSemaphore(value: 0)
            let failure = LockedError()
            let (dir, volunteers, sheets, hot) = (workdir, webVolunteers, webSheets, webHotBlock)
            Task {
                do { try await WebLoad.run(workdir: dir, volunteers: volunteers, sheets: sheets, port: 18_600, hotBlock: hot) } catch {
                    failure.set(error)
                }
                done.signal()
            }
            done.wait()
            if let error = failure.get() { throw error }
            return
        }
        if hotBlockImport > 0 {
            try? FileManager.default.removeItem(atPath: workdir)
            try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: workdir) }
            try HotBlock.run(workdir: workdir, count: hotBlockImport)
            return
        }
        if let writeCSV {
            try DemoData.writeCSV(path: writeCSV, count: sheets, seed: 1)
            return
        }
        try? FileManager.default.removeItem(atPath: workdir)
        try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workdir) }
        let today = CalendarDay(year: 2025, month: 7, day: 1) ?? .today()
        let csv = workdir + "/sheets.csv"
        try DemoData.writeCSV(path: csv, count: sheets, seed: 1)
        let size = (try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        print("Datei: \(sheets) Formblätter, \(size / 1_000_000) MB")

        // Both sides as the user runs them, each a process of its own: `sqlite3 .import` into a table with the same
        // indexes, and `sig-cli import` (all rules, duplicate search). They alternate; medians of the rounds.
        let cli = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sig-cli").path
        guard FileManager.default.isExecutableFile(atPath: cli) else {
            throw ValidationError("sig-cli fehlt neben sig-bench: zuerst `swift build -c release` ausführen.")
        }
        var baselines: [Double] = []
        var imports: [Double] = []
        var baselineCPU: [Double] = []
        var importCPU: [Double] = []
        var importRSS = 0
        let dbPath = workdir + "/bench.sqlite"
        for round in 0..<max(1, rounds) {
            let basePath = workdir + "/baseline\(round).sqlite"
            var before = cpuSeconds(RUSAGE_CHILDREN)
            baselines.append(try time { try sqliteImport(csv: csv, db: basePath) })
            baselineCPU.append(cpuSeconds(RUSAGE_CHILDREN) - before)
            try? FileManager.default.removeItem(atPath: basePath)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
            try runProcess(cli, ["init", "--db", dbPath, "--meeting-date", "01.03.2025"])
            before = cpuSeconds(RUSAGE_CHILDREN)
            imports.append(try time { try runProcess(cli, ["import", "--db", dbPath, csv]) })
            importCPU.append(cpuSeconds(RUSAGE_CHILDREN) - before)
            importRSS = max(importRSS, childPeakRSS())
        }
        let baseline = baselines.sorted()[baselines.count / 2]
        let importTime = imports.sorted()[imports.count / 2]
        print(
            "Runden: \(baselines.count); sqlite3 " + baselines.map { String(format: "%.2f", $0) }.joined(separator: " / ")
                + " s; sig-cli " + imports.map { String(format: "%.2f", $0) }.joined(separator: " / ") + " s")
        print(String(format: "sqlite3 .import (gleiche Indizes):  %7.2f s (Median)", baseline))
        print(String(format: "sig-cli import (Regeln + Dubletten): %7.2f s (Median)  → Faktor %.2f", importTime, importTime / baseline))
        let bCPU = baselineCPU.sorted()[baselineCPU.count / 2]
        let iCPU = importCPU.sorted()[importCPU.count / 2]
        print(String(format: "  CPU-Zeit (user+sys, Median): sqlite3 %.2f s, sig-cli %.2f s auf zwei Threads → Faktor %.2f", bCPU, iCPU, iCPU / bCPU))
        print("  Spitzen-Speicher der Kindprozesse (sig-cli import, sqlite3): \(importRSS / 1024) MB")
        let db = try SignatureDatabase.open(at: dbPath)
        let stored = try db.findings()
        print(
            "  gespeichert \(try db.sheetCount()); doppelt \(stored.filter { $0.code == "duplicate" }.count), möglich doppelt "
                + "\(stored.filter { $0.code == "possible-duplicate" }.count), Konflikte \(stored.filter { $0.code.hasSuffix("conflict") }.count)")
        let prepare = try time { _ = try ImportPipeline.prepareOnly(path: csv) }
        print(String(format: "  davon Lesen und Aufbereiten allein (zweiter Thread): %.2f s", prepare))

        var passSummary: CheckSummary?
        let pass = try time { passSummary = try db.duplicatePass() }
        print(
            String(
                format: "Voller Dublettenlauf (check) über %d Formblätter: %.2f s (%d Paare verglichen)", sheets, pass,
                passSummary?.pairsCompared ?? 0))

        // Duplicate quality on data with known truth: every person twice, a quarter of them in each hard variant class.
        let truthCSV = workdir + "/truth.csv"
        let people = try DemoData.writeRecallCSV(path: truthCSV, count: 20_000, seed: 77)
        let truthDB = try SignatureDatabase.create(at: workdir + "/truth.sqlite", election: ElectionCatalog.load())
        _ = try truthDB.importSheets(from: truthCSV, enteredBy: "bench", today: today)
        try truthDB.duplicatePass()
        let quality = DemoData.recall(findings: try truthDB.findings(), count: people)
        print(
            String(
                format:
                    "Trefferquote bei %d Personen je zweimal (Schreibvarianten, zusammengeschriebene Vornamen, Tippfehler mit anderem Klang, Tippfehler in beiden Namen): Recall %.4f (%d verpasst), Präzision %.4f (%d falsche Paare)",
                people, quality.recall, quality.missed, quality.precision, quality.falsePairs))

        // One sheet at 1,000 and at `sheets` sheets.
        let small = try SignatureDatabase.create(at: workdir + "/small.sqlite", election: ElectionCatalog.load())
        let smallCSV = workdir + "/small.csv"
        try DemoData.writeCSV(path: smallCSV, count: 1000, seed: 1)
        _ = try small.importSheets(from: smallCSV, enteredBy: "bench", today: today)
        let addSmall = try timeAdds(small, today: today)
        let addLarge = try timeAdds(db, today: today)
        print(
            String(
                format: "Ein Formblatt erfassen (Median, eigene Transaktion): %.0f µs bei 1.000, %.0f µs bei %d Formblättern (Faktor %.2f)",
                addSmall * 1e6, addLarge * 1e6, sheets, addLarge / addSmall))
        if encrypted {
            // The same file into an encrypted database, as the user runs it, alternating with the plain import.
            let env = ["SIG_PASSPHRASE": "Benchmark-Passphrase"]
            var plainTimes: [Double] = []
            var sealedTimes: [Double] = []
            let encPath = workdir + "/sealed.sqlite"
            for _ in 0..<max(1, rounds) {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + "2" + suffix) }
                try runProcess(cli, ["init", "--db", dbPath + "2", "--meeting-date", "01.03.2025"])
                plainTimes.append(try time { try runProcess(cli, ["import", "--db", dbPath + "2", csv]) })
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: encPath + suffix) }
                try runProcess(cli, ["init", "--encrypt", "--db", encPath, "--meeting-date", "01.03.2025"], environment: env)
                sealedTimes.append(try time { try runProcess(cli, ["import", "--db", encPath, csv], environment: env) })
            }
            let plainMedian = plainTimes.sorted()[plainTimes.count / 2]
            let sealedMedian = sealedTimes.sorted()[sealedTimes.count / 2]
            print(
                String(
                    format: "Verschlüsselt: Import %.2f s gegen unverschlüsselt %.2f s (Median) → Faktor %.2f", sealedMedian, plainMedian,
                    sealedMedian / plainMedian))
            let sealed = try SignatureDatabase.open(at: encPath, passphrase: env["SIG_PASSPHRASE"])
            var sealedPass: CheckSummary?
            let sealedPassTime = try time { sealedPass = try sealed.duplicatePass() }
            let sealedFindings = try sealed.findings()
            print(
                String(
                    format:
                        "Verschlüsselt: voller Dublettenlauf %.2f s (%d Paare verglichen); doppelt %d, möglich doppelt %d (unverschlüsselt: %d, %d)",
                    sealedPassTime, sealedPass?.pairsCompared ?? 0, sealedFindings.filter { $0.code == "duplicate" }.count,
                    sealedFindings.filter { $0.code == "possible-duplicate" }.count, stored.filter { $0.code == "duplicate" }.count,
                    stored.filter { $0.code == "possible-duplicate" }.count))
            let smallSealed = try SignatureDatabase.create(
                at: workdir + "/small-sealed.sqlite", election: ElectionCatalog.load(), passphrase: env["SIG_PASSPHRASE"])
            _ = try smallSealed.importSheets(from: smallCSV, enteredBy: "bench", today: today)
            let addSealedSmall = try timeAdds(smallSealed, today: today)
            let addSealedLarge = try timeAdds(sealed, today: today)
            print(
                String(
                    format: "Verschlüsselt: ein Formblatt erfassen %.0f µs bei 1.000, %.0f µs bei %d Formblättern (Faktor %.2f)",
                    addSealedSmall * 1e6, addSealedLarge * 1e6, sheets, addSealedLarge / addSealedSmall))
        }
        if progressSheets > 0 {
            let big = workdir + "/progress.sqlite"
            let bigCSV = workdir + "/progress.csv"
            try DemoData.writeCSV(path: bigCSV, count: progressSheets, seed: 3)
            try sqliteImport(csv: bigCSV, db: big + ".raw")
            let bigDB = try SignatureDatabase.create(at: big, election: ElectionCatalog.load())
            try bulkFill(bigDB: big, raw: big + ".raw")
            let report = try time { _ = try bigDB.progressReport(ProgressSettings(asOf: today)) }
            let count = try bigDB.sheetCount()
            let baseline = try time { _ = try bigDB.plainStatusGroupBy() }
            print(
                String(
                    format: "Fortschrittsbericht bei %d Formblättern: %.3f s (Vergleich: einfaches GROUP BY nomination, status %.3f s)",
                    count, report, baseline))
        }
    }

    func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    func timeAdds(_ db: SignatureDatabase, today: CalendarDay) throws -> Double {
        var rng = SeededRandom(seed: 99)
        var times: [Double] = []
        let n = 400
        for i in 0..<n {
            let input = SheetInput(
                sheetNumber: "ADD\(UInt32.random(in: 0...UInt32.max, using: &rng))-\(i)", nomination: .ward(Int.random(in: 1...29, using: &rng)),
                surname: "Testperson\(i)", givenNames: "Eva", birthDate: CalendarDay(dayNumber: Int.random(in: -10000...10000, using: &rng)),
                street: "Ostwall", houseNumber: "\(i)", postalCode: "47798", city: "Krefeld",
                signedOn: CalendarDay(year: 2025, month: 5, day: 1) ?? today, collector: "bench")
            times.append(try time { _ = try db.record(input, enteredBy: "bench", today: today) })
        }
        return times.sorted()[n / 2]  // median: robust against the noisy disk
    }

    func sqliteImport(csv: String, db: String) throws {
        try runSQLite(db: db, script: BenchmarkBaselines.sqliteImportScript(csv: csv))
    }

    /// Fills the big database straight from the raw table (the report benchmark measures the report, not the import).
    func bulkFill(bigDB: String, raw: String) throws {
        try runSQLite(db: bigDB, script: BenchmarkBaselines.bulkFillScript(raw: raw))
    }

    func runSQLite(db: String, script: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = ["-bail", db]
        let pipe = Pipe()
        p.standardInput = pipe
        try p.run()
        pipe.fileHandleForWriting.write(Data(script.utf8))
        try pipe.fileHandleForWriting.close()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ValidationError("sqlite3 ist mit Status \(p.terminationStatus) beendet") }
    }

    /// User plus system CPU seconds of this process or of its finished children.
    func cpuSeconds(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(who.rawValue, &usage)
        let t = { (tv: timeval) in Double(tv.tv_sec) + Double(tv.tv_usec) / 1e6 }
        return t(usage.ru_utime) + t(usage.ru_stime)
    }

    /// Runs a program and waits; a non-zero exit (other than 1 for rejected rows) is an error.
    func runProcess(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ValidationError("\(path) \(arguments.first ?? "") endete mit \(p.terminationStatus)") }
    }

    /// Peak resident memory of the largest finished child process in KiB.
    func childPeakRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return usage.ru_maxrss
    }

    /// Peak resident memory of this process in KiB.
    func peakRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}

/// An error handed from the load test's task to the command.
final class LockedError: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func set(_ e: any Error) { lock.withLock { error = e } }
    func get() -> (any Error)? { lock.withLock { error } }
}
