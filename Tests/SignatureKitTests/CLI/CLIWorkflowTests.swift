import Foundation
import Testing

@testable import SignatureKit

/// The board's and organizers' commands as they run them, and the gates for names.
extension CLITests {
    /// A database with three sheets of ward 12 (one certain duplicate) and one of the list.
    func workflowDatabase() throws -> (dir: URL, db: String) {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("w.sqlite").path
        #expect(try run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025"]).status == 0)
        let csv = TestSupport.write(
            TestSupport.header
                + "G1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "G2;ward:12;Schulz;Jan;01.01.1990;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n"
                + "G3;ward:12;MUELLER;anna;1980-03-12;Hauptstr.;12 A;47798;Krefeld;03.05.2025;Aylin\n"
                + "G4;list;Yılmaz;Ayşe;05.06.1985;Rheinstraße;7;47799;Krefeld;03.05.2025;Aylin\n", in: dir)
        #expect(try run("sig-cli", ["import", "--db", db, csv]).status == 0)
        return (dir, db)
    }

    @Test("batch --mark-sent moves exactly the listed sheets to sent; submission lists the certified ones without names")
    func batchAndSubmission() throws {
        let (dir, db) = try workflowDatabase()
        let batch = try run("sig-report", ["batch", "--db", db, "--mark-sent"])
        #expect(batch.status == 0)
        #expect(batch.out.contains("Antrag auf Bescheinigung des Wahlrechts"))
        #expect(batch.out.contains("G1, G2") && !batch.out.contains("G3"))
        #expect(batch.err.contains("3 Formblätter als „zur Bescheinigung“ vermerkt."))
        let listed = try run("sig-cli", ["list", "--db", db, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [String: [[String: String]]])
        #expect(json["sheets"]?.map { "\($0["sheet"] ?? "")=\($0["status"] ?? "")" } == ["G1=sent", "G2=sent", "G3=entered", "G4=sent"])
        // A second batch is empty: nothing is sent twice.
        #expect(try run("sig-report", ["batch", "--db", db, "--mark-sent"]).err.contains("0 Formblätter"))
        #expect(try run("sig-cli", ["status", "--db", db, "certified", "G1", "G4"]).status == 0)
        let csv = dir.appendingPathComponent("einreichung.csv").path
        let sub = try run("sig-report", ["submission", "--db", db, "--format", "csv", "--output", csv])
        #expect(sub.status == 0)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.hasPrefix("Wahlvorschlag;Formblatt;unterschrieben am\n"))
        #expect(text.contains("ward:12;G1;01.05.2025\n") && text.contains("list;G4;03.05.2025\n"))
        #expect(!text.contains("G2") && !text.contains("Müller"))
        #expect(sub.err.contains("Achtung: Wahlbezirk 12: 1 von 10 bescheinigt."))
        let attrs = try FileManager.default.attributesOfItem(atPath: csv)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
    }

    @Test("Names appear only with --names / --include-names")
    func nameGates() throws {
        let (dir, db) = try workflowDatabase()
        let plain = try run("sig-cli", ["list", "--db", db])
        #expect(plain.status == 0 && plain.out.contains("G1") && !plain.out.contains("Müller"))
        let named = try run("sig-cli", ["list", "--db", db, "--names"])
        #expect(named.out.contains("Müller, Anna") && named.out.contains("Yılmaz, Ayşe"))
        let show = try run("sig-cli", ["show", "--db", db, "G1"])
        #expect(show.out.contains("Formblatt G1 – Wahlbezirk 12") && !show.out.contains("Müller") && !show.out.contains("Hauptstraße"))
        let shown = try run("sig-cli", ["show", "--db", db, "G1", "--names"])
        #expect(shown.out.contains("Name: Müller, Anna, geb. 12.03.1980") && shown.out.contains("Anschrift: Hauptstraße 12a, 47798 Krefeld"))
        #expect(try run("sig-cli", ["status", "--db", db, "certified", "G1"]).status == 0)
        let without = dir.appendingPathComponent("ohne.csv").path
        let with = dir.appendingPathComponent("mit.csv").path
        _ = try run("sig-report", ["submission", "--db", db, "--format", "csv", "--output", without])
        _ = try run("sig-report", ["submission", "--db", db, "--format", "csv", "--output", with, "--include-names"])
        #expect(!(try String(contentsOfFile: without, encoding: .utf8)).contains("Müller"))
        #expect(try String(contentsOfFile: with, encoding: .utf8).contains("ward:12;G1;01.05.2025;Müller, Anna"))
        let html = try run("sig-report", ["submission", "--db", db, "--format", "html", "--output", dir.appendingPathComponent("l.html").path])
        #expect(html.status == 0)
        #expect(!(try String(contentsOfFile: dir.appendingPathComponent("l.html").path, encoding: .utf8)).contains("Müller"))
    }

    @Test("Two processes import into the same database at once: every sheet stored once, no lock error reaches the user")
    func concurrentWriters() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("c.sqlite").path
        #expect(try run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025"]).status == 0)
        let a = dir.appendingPathComponent("a.csv").path
        let b = dir.appendingPathComponent("b.csv").path
        try DemoData.writeCSV(path: a, count: 3000, seed: 11, prefix: "A")
        try DemoData.writeCSV(path: b, count: 3000, seed: 12, prefix: "B")
        let results = try [a, b].map { file in
            try startProcess("sig-cli", ["import", "--db", db, file, "--rejects", file + ".rej"])
        }.map { $0() }
        for r in results {
            #expect(r.status == 0 || r.status == 1, "\(r.err)")
            #expect(!r.err.contains("locked") && !r.err.contains("SQLite") && !r.err.contains("gesperrt"))
        }
        let stored = results.compactMap { r in
            r.out.split(separator: ":").dropFirst().first.flatMap { Int($0.split(separator: " ").first ?? "") }
        }
        let listed = try run("sig-cli", ["list", "--db", db, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [String: [[String: String]]])
        let numbers = json["sheets"]?.compactMap { $0["sheet"] } ?? []
        #expect(numbers.count == 6000)
        #expect(Set(numbers).count == 6000)
        #expect(stored.reduce(0, +) == 6000)
    }

    /// Starts a tool and returns a function that waits for it.
    func startProcess(_ tool: String, _ args: [String]) throws -> () -> Run {
        let binary = Self.root.appendingPathComponent(".build/debug/\(tool)")
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        let outFile = TestSupport.tempDir().appendingPathComponent("out")
        let errFile = outFile.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: outFile)
        p.standardError = try FileHandle(forWritingTo: errFile)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return {
            p.waitUntilExit()
            let out = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
            return Run(status: p.terminationStatus, out: out, err: err)
        }
    }
}
