import Foundation
import GRDB
import Testing

@testable import SignatureKit

struct AuditTests {
    @Test("Every change and every read of names appends an entry: who, what, which sheets – never the personal data")
    func entries() throws {
        let db = try TestSupport.database()
        _ = try db.record(TestSupport.sheet("A1"), enteredBy: "aylin", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("A2", born: "03.12.1980"), enteredBy: "bernd", today: TestSupport.today)
        try db.setStatus([.init(sheet: "A1", status: .sent)], by: "orga")
        let pair = try #require(try db.openReviewCases().first)
        try db.decide(pair: pair.id, .dismissed, by: "vorstand")
        _ = try db.personalData(of: ["A1"], purpose: .show, by: "vorstand")
        try db.setMeetingDate(TestSupport.day("2025-03-02"), for: [.ward(12)], by: "orga")
        let entries = try db.auditEntries()
        #expect(entries.map(\.action) == ["entry", "entry", "status:sent", "review:dismissed", "read:show", "meeting:2025-03-02:ward:12"])
        #expect(entries.map(\.user) == ["aylin", "bernd", "orga", "vorstand", "vorstand", "orga"])
        #expect(entries[3].sheets == ["A1", "A2"])
        let text = "\(entries)"
        #expect(!text.contains("Müller") && !text.contains("Hauptstraße") && !text.contains("1980"))
        #expect(try db.verifyAudit() == .whole(entries: 6))
    }

    @Test("A changed, deleted or reordered entry breaks the chain at the first such entry")
    func tamper() throws {
        // Changed entry 2: broken at 2. Entry 2 deleted: entry 3 no longer links. Entry 1 moved to the end: 2 no longer links.
        let attacks: [(String, Int64)] = [
            ("UPDATE audit SET user = 'jemand' WHERE id = 2", 2), ("DELETE FROM audit WHERE id = 2", 3), ("UPDATE audit SET id = 99 WHERE id = 1", 2),
        ]
        for (attack, first) in attacks {
            let db = try TestSupport.database()
            for i in 1...3 {
                _ = try db.record(TestSupport.sheet("T\(i)", surname: "Person\(i)x", born: "0\(i).01.1970"), enteredBy: "t", today: TestSupport.today)
            }
            try db.write { try $0.execute(sql: attack) }
            guard case .broken(let at) = try db.verifyAudit() else {
                Issue.record("not detected: \(attack)")
                continue
            }
            #expect(at == first, "\(attack)")
        }
    }

    @Test("The record survives purge; import writes one entry with every stored sheet; the CLI verifies and lists it")
    func cli() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("a.sqlite").path
        let cli = CLITests()
        _ = try cli.run("sig-cli", ["init", "--db", path, "--meeting-date", "01.03.2025"])
        let csv = TestSupport.write(
            TestSupport.header + "I1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "I2;list;Schulz;Jan;01.01.1990;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n", in: dir)
        _ = try cli.run("sig-cli", ["import", "--db", path, csv, "--entered-by", "aylin"])
        _ = try cli.run("sig-cli", ["show", "--db", path, "I1", "--names"])
        _ = try cli.run("sig-cli", ["purge", "--db", path, "--confirm", "--force"])
        let verify = try cli.run("sig-cli", ["audit", "verify", "--db", path])
        #expect(verify.status == 0)
        #expect(verify.out.contains("Protokoll vollständig: 3 Einträge"))
        let list = try cli.run("sig-cli", ["audit", "list", "--db", path, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [String: [[String: Any]]])
        let entries = try #require(json["entries"])
        #expect(entries.map { $0["action"] as? String } == ["import", "read:show", "purge"])
        #expect(entries.first?["sheets"] as? [String] == ["I1", "I2"])
        #expect(entries.first?["user"] as? String == "aylin")
        try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE audit SET action = 'nichts' WHERE id = 2") }
        let broken = try cli.run("sig-cli", ["audit", "verify", "--db", path])
        #expect(broken.status == 1)
        #expect(broken.err.contains("Eintrag 2 passt nicht zur Kette"))
    }
}

struct OutputSafetyTests {
    @Test("CSV cells a spreadsheet would run as a formula are neutralised; the import reads its own rejects file back unchanged")
    func formulas() throws {
        #expect(CSVOutput.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        for s in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] { #expect(CSVOutput.field(s).contains("'" + String(s.prefix(1)))) }
        #expect(CSVOutput.field("Müller") == "Müller")
        #expect(CSVOutput.unneutralised("'=1") == "=1" && CSVOutput.unneutralised("'Anna") == "'Anna")
        let dir = TestSupport.tempDir()
        let db = try TestSupport.database()
        let csv = TestSupport.write(
            TestSupport.header + "X1;ward:12;=cmd|' /C calc'!A0;Anna;31.02.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;@Aylin\n", in: dir)
        let rejects = dir.appendingPathComponent("r.csv").path
        let first = try db.importSheets(from: csv, enteredBy: "t", today: TestSupport.today, rejectsPath: rejects)
        #expect(first.rejectedRows == 1)
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(written.contains("'=cmd") && written.contains("'@Aylin"))
        // Fixed in the spreadsheet (the date), imported again: the values are as typed, without the apostrophes.
        try written.replacingOccurrences(of: "31.02.1980", with: "28.02.1980").write(toFile: rejects, atomically: true, encoding: .utf8)
        let second = try db.importSheets(from: rejects, enteredBy: "t", today: TestSupport.today)
        #expect(second.stored == 1)
        let signer = try #require(try db.personalData(of: ["X1"], purpose: .show).first)
        #expect(signer.surname == "=cmd|' /C calc'!A0")
        #expect(try db.sheets().first?.collector == "@Aylin")
    }

    @Test("HTML outputs escape what people typed: names, collectors, election names")
    func html() async throws {
        let db = try TestSupport.database()
        _ = try db.record(
            TestSupport.sheet("H1", surname: "<script>alert(1)</script>", given: "\"><img src=x>"), enteredBy: "t", today: TestSupport.today)
        try db.setStatus([.init(sheet: "H1", status: .certified)], by: "t")
        let html = SubmissionRenderer.html(try await SubmissionList.load(from: db, includeNames: true, today: .today(), by: TestSupport.terminal))
        #expect(!html.contains("<script>alert") && !html.contains("<img src=x>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test("Database, -wal, -shm and rejects file are owner-only even under umask 000")
    func modes() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("m.sqlite").path
        let csv = TestSupport.write(TestSupport.header + "M1;ward:12;Müller;Anna;31.02.1980;X;1;47798;Krefeld;01.05.2025;A\n", in: dir)
        let cli = CLITests().binaryPath("sig-cli")
        let script = "umask 000; \(cli) init --db \(db) && \(cli) import --db \(db) \(csv); sleep 0"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        // Hold the database open so that -wal and -shm exist while they are checked.
        let holder = try DatabaseQueue(path: db)
        try holder.read { _ = try Int.fetchOne($0, sql: "SELECT count(*) FROM sheet") }
        for file in [db, db + "-wal", db + "-shm", dir.appendingPathComponent("input.rejects.csv").path]
        where FileManager.default.fileExists(atPath: file) {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file)")
        }
    }
}
