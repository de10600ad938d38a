import Foundation
import Testing

@testable import SignatureKit

/// Runs the built executables as a volunteer or organizer would, and checks exit codes, German messages and JSON.
struct CLITests {
    static let root = TestSupport.root

    struct Run {
        let status: Int32
        let out: String
        let err: String
    }

    func binaryPath(_ tool: String) -> String { Self.root.appendingPathComponent(".build/debug/\(tool)").path }

    func run(
        _ tool: String, _ args: [String], stdin: String? = nil, cwd: URL? = nil, environment: [String: String] = [:],
        asUser user: String? = nil
    ) throws -> Run {
        let binary = Self.root.appendingPathComponent(".build/debug/\(tool)")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build \(tool) first (swift build)")
        let p = Process()
        if let user {
            // Another user, as a colleague's account or a service would be (root is not bound by file modes).
            p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            p.arguments = ["--reuid=\(user)", "--regid=nogroup", "--clear-groups", binary.path] + args
        } else {
            p.executableURL = binary
            p.arguments = args
        }
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    @Test("Import with a bad row: exit 1, German message with file, line and field, rejects file, no names printed")
    func importCLI() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("k.sqlite").path
        #expect(try run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025"]).status == 0)
        let csv = TestSupport.write(
            TestSupport.header
                + "F1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "F2;ward:12;Schulz;Jan;31.02.1990;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n", in: dir)
        let r = try run("sig-cli", ["import", "--db", db, csv])
        #expect(r.status == 1)
        #expect(r.err.contains("\(csv), Zeile 3, Feld „Geburtsdatum“: kein gültiges Datum"))
        #expect(!r.err.contains("31.02.1990") && !r.out.contains("31.02.1990"))
        #expect(r.out.contains("1 Formblätter gespeichert"))
        #expect(!r.out.contains("Müller") && !r.err.contains("Müller"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("input.rejects.csv").path))
        // Again: nothing twice.
        let again = try run("sig-cli", ["import", "--db", db, csv])
        #expect(again.out.contains("0 Formblätter gespeichert, 1 bereits vorhanden"))
        // A file in another encoding: exit 2, nothing stored.
        let latin = dir.appendingPathComponent("latin.csv")
        try (Data(TestSupport.header.utf8) + Data("F3;list;M".utf8) + Data([0xFC]) + Data("ller;A;01.01.1970;X;1;47798;Krefeld;01.05.2025;A\n".utf8))
            .write(to: latin)
        let bad = try run("sig-cli", ["import", "--db", db, latin.path])
        #expect(bad.status == 2)
        #expect(bad.err.contains("Zeile 2: Die Datei ist nicht UTF-8-kodiert"))
        let list = try run("sig-cli", ["list", "--db", db, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [String: [[String: String]]])
        #expect(json["sheets"]?.map { $0["sheet"] ?? "" } == ["F1"])
        #expect(json["sheets"]?.first?["status"] == "entered")
        #expect(json["sheets"]?.first?["nomination"] == "ward:12")
        // Impossible move: refused in German, exit 2.
        let submit = try run("sig-cli", ["status", "--db", db, "submitted", "F1"])
        #expect(submit.status == 2)
        #expect(submit.err.contains("Statuswechsel von „erfasst“ nach „eingereicht“ ist nicht möglich"))
    }

    @Test("Interactive entry: prompts in German, rejects a bad date at once, stores the sheet")
    func interactive() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("k.sqlite").path
        _ = try run("sig-cli", ["init", "--db", db])
        let answers =
            [
                "F7", "ward:3", "Beispiel", "Erika", "31.02.1990", "28.02.1990", "Ostwall", "5", "47798", "", "02.05.2025", "Aylin",
                "f7", "F8", "", "Beispiel", "Erika", "28.02.1990", "Ostwall", "5", "", "", "", "", "",
            ].joined(separator: "\n") + "\n"
        let r = try run("sig-cli", ["add", "--db", db], stdin: answers)
        #expect(r.status == 0)
        #expect(r.out.contains("Geburtsdatum: "))
        #expect(r.out.contains("✗ kein gültiges Datum"))
        #expect(r.out.contains("F7: gespeichert – kann zählen."))
        #expect(r.out.contains("✗ F7 ist bereits erfasst"))
        #expect(r.out.contains("F8: gespeichert – zählt NICHT."))
        #expect(r.out.contains("Doppelt: Diese Person hat schon für Wahlbezirk 3 unterschrieben (F7) – zählt nur einmal"))
        #expect(r.out.contains("2 Formblätter gespeichert"))
    }

    @Test("check --format json has the documented shape")
    func checkJSON() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("k.sqlite").path
        _ = try run("sig-cli", ["init", "--db", db])
        let csv = TestSupport.write(
            TestSupport.header
                + "F000014;list;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "F000015;list;MUELLER;anna;1980-03-12;Hauptstr.;12 A;47798;Krefeld;02.05.2025;Aylin\n", in: dir)
        _ = try run("sig-cli", ["import", "--db", db, csv])
        let r = try run("sig-cli", ["check", "--db", db, "--format", "json"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: [[String: Any]]])
        let duplicate = try #require(object["findings"]?.first { $0["code"] as? String == "duplicate" })
        #expect(duplicate["sheets"] as? [String] == ["F000014", "F000015"])
        #expect(duplicate["severity"] as? String == "error")
        #expect(duplicate["message"] is String)
    }

    @Test("Seats for Krefeld 2025 from the bundled sample: LUKS 2 of 58")
    func seats() throws {
        let r = try run(
            "sig-report",
            [
                "seats", Self.root.appendingPathComponent("districts/results/krefeld-2025-rat.csv").path,
                "--council-size", "58", "--format", "json",
            ])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "sainte-lague")
        #expect(object["regularSize"] as? Int == 58)
        #expect(object["councilSize"] as? Int == 58)
        let luks = try #require((object["parties"] as? [[String: Any]])?.first { $0["party"] as? String == "LUKS" })
        #expect(luks["seats"] as? Int == 2)
        #expect(luks["percent"] as? Double == 2.8)
        let bad = try run("sig-report", ["seats", "/nonexistent.csv"])
        #expect(bad.status == 2)
        #expect(bad.err.contains("Datei /nonexistent.csv nicht gefunden"))
    }

    @Test("The README's main command works from a fresh folder")
    func demoProgress() throws {
        let dir = TestSupport.tempDir()
        let r = try run("sig-report", ["progress", "--demo", "--format", "json"], cwd: dir)
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect((object["nominations"] as? [Any])?.count == 36)
        let attrs = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("signatures-demo.sqlite").path)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
    }
}

extension CLITests {
    @Test("results: ward winners, German turnout, valid JSON; a tied ward asks for the lot (exit 3)")
    func results() throws {
        let dir = TestSupport.tempDir()
        let file = TestSupport.write(
            "Wahlbezirk;Partei;Stimmen;Wahlberechtigte;Wähler\n1;A;50;200;100\n1;B;40;200;100\n2;A;30;100;60\n2;B;35;100;60\n", in: dir)
        let table = try run("sig-report", ["results", file, "--council-size", "4"])
        #expect(table.status == 0)
        #expect(table.out.contains("Wahlbeteiligung gesamt: 53,33 % (160 von 300)"))
        let json = try run("sig-report", ["results", file, "--council-size", "4", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((object["wards"] as? [[String: Any]])?.compactMap { $0["winner"] as? String } == ["A", "B"])
        #expect(object["turnout"] as? Double == 53.33)
        let tie = TestSupport.write("ward;party;votes\n1;A;50\n1;B;50\n", in: dir, name: "tie.csv")
        let tied = try run("sig-report", ["results", tie, "--council-size", "4"])
        #expect(tied.status == 3)
        #expect(tied.out.contains("Gleichstand: A/B – Los nötig"))
        #expect(try run("sig-report", ["results", tie, "--council-size", "4", "--ward-lot", "1=B"]).status == 0)
    }
}

extension CLITests {
    @Test("Usage errors read German too")
    func usageErrors() throws {
        let unknown = try run("sig-cli", ["frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.err.hasPrefix("Fehler: Unerwartetes Argument „frobnicate“"))
        let format = try run("sig-report", ["progress", "--format", "xml"])
        #expect(
            format.err.hasPrefix(
                "Fehler: Der Wert „xml“ ist für --format <format> nicht erlaubt. Erlaubt: 'table', 'json', 'csv', 'html' oder 'pdf'."))
        let date = try run(
            "sig-cli", ["init", "--db", TestSupport.tempDir().appendingPathComponent("x.sqlite").path, "--meeting-date", "31.02.2025"])
        #expect(date.status == 2)
        #expect(date.err.contains("Feld „--meeting-date“: „31.02.2025“ ist kein gültiges Datum"))
    }
}

extension CLITests {
    @Test("review: a person decides at the prompt, the decision is stored")
    func review() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("r.sqlite").path
        _ = try run("sig-cli", ["init", "--db", db])
        let csv = TestSupport.write(
            TestSupport.header
                + "R1;list;Meier;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "R2;list;Mayer;Anna;03.12.1980;Hauptstr.;12 A;47798;Krefeld;02.05.2025;Aylin\n", in: dir)
        _ = try run("sig-cli", ["import", "--db", db, csv])
        let listed = try run("sig-cli", ["review", "--db", db, "--list"])
        #expect(listed.out.contains("1 offene Prüffälle."))
        #expect(listed.out.contains("möglicherweise doppelt"))
        #expect(!listed.out.contains("Meier") && !listed.out.contains("Mayer"))
        let decided = try run("sig-cli", ["review", "--db", db, "--by", "vorstand"], stdin: "j\n")
        #expect(decided.status == 0)
        #expect(try run("sig-cli", ["review", "--db", db, "--list"]).out.contains("0 offene Prüffälle."))
        let json = try run("sig-cli", ["check", "--db", db, "--format", "json"])
        #expect(json.out.contains("\"duplicate\""))
    }
}

/// The stand's input forms on the command line and in files: labels, bare ward numbers, dates as typed, the campaign's
/// own nominations.
struct CLIStandTests {
    let cli = CLITests()

    @Test("init --nominations with ranges; sig-cli nominations shows and changes them; add takes 12 and 12031980; import takes labels")
    func campaignNominations() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("k.sqlite").path
        let bad = try cli.run("sig-cli", ["init", "--db", db, "--nominations", "ward:1-40,list"])
        #expect(bad.status == 2)
        #expect(bad.err.contains("--nominations") && bad.err.contains("Wahlbezirk 30 gibt es in dieser Wahl nicht"))
        #expect(!FileManager.default.fileExists(atPath: db) || (try? SignatureDatabase.open(at: db)) == nil)
        let made = try cli.run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025", "--nominations", "ward:1-3,list"])
        #expect(made.status == 0, "\(made.err)")
        #expect(made.out.contains("4 Wahlvorschläge der Kampagne: Wahlbezirk 1, Wahlbezirk 2, Wahlbezirk 3, Reserveliste."))
        let shown = try cli.run("sig-cli", ["nominations", "--db", db])
        #expect(shown.out.contains("4 Wahlvorschläge der Kampagne: Wahlbezirk 1, Wahlbezirk 2, Wahlbezirk 3, Reserveliste."))
        // A bare ward number and a date typed without dots.
        let added = try cli.run(
            "sig-cli",
            [
                "add", "--db", db, "--sheet", "F1", "--nomination", "3", "--surname", "Becker", "--given-names", "Jonas", "--born", "12031980",
                "--street", "Ostwall", "--house-number", "5", "--postal-code", "47798", "--city", "Krefeld", "--signed-on", "02.05.25",
            ])
        #expect(added.status == 0, "\(added.err)")
        #expect(added.out.contains("F1: gespeichert – kann zählen."))
        let refused = try cli.run(
            "sig-cli",
            [
                "add", "--db", db, "--sheet", "F2", "--nomination", "Wahlbezirk 12", "--surname", "Kaya", "--given-names", "Elif", "--born",
                "01.01.1990",
                "--street", "Ostwall", "--house-number", "5", "--postal-code", "47798", "--city", "Krefeld", "--signed-on", "02.05.2025",
            ])
        #expect(refused.status == 2)
        #expect(refused.err.contains("Wahlbezirk 12 gehört nicht zu den Wahlvorschlägen dieser Kampagne"))
        let csv = TestSupport.write(
            TestSupport.header + "F3;Wahlbezirk 2;Yilmaz;Deniz;05.06.91;Ostwall;7;47798;Krefeld;03052025;\n"
                + "F4;Reserveliste;Schulz;Uwe;1970-01-01;Ostwall;9;47798;Krefeld;3.5.2025;\n"
                + "F5;Oberbürgermeister/in;Koch;Ina;01.01.1970;Ostwall;9;47798;Krefeld;03.05.2025;\n",
            in: dir)
        let imported = try cli.run("sig-cli", ["import", "--db", db, csv])
        #expect(imported.out.contains("2 Formblätter gespeichert"), "\(imported.out)")
        #expect(imported.err.contains("Zeile 4") && imported.err.contains("Oberbürgermeister/in gehört nicht zu den Wahlvorschlägen dieser Kampagne"))
        let open = try SignatureDatabase.open(at: db)
        let f3 = try #require(try open.personalData(of: ["F3"], purpose: .correction, by: "test").first)
        #expect(f3.birthDate?.german == "05.06.1991")
        #expect(try open.sheetDetail("F3").signedOn?.german == "03.05.2025")
        // Changed later: all again.
        let all = try cli.run("sig-cli", ["nominations", "--db", db, "alle"])
        #expect(all.out.contains("36 Wahlvorschläge der Kampagne (alle der Wahl)"))
        let progress = try cli.run("sig-report", ["progress", "--db", db, "--format", "json", "--as-of", "15.06.2025"])
        #expect(progress.out.contains("\"ward:29\""))
        _ = try cli.run("sig-cli", ["nominations", "--db", db, "ward:1-2"])
        let narrowed = try cli.run("sig-report", ["progress", "--db", db, "--format", "json", "--as-of", "15.06.2025"])
        #expect(narrowed.out.contains("\"ward:2\"") && !narrowed.out.contains("\"ward:3\"") && !narrowed.out.contains("\"list\""))
    }
}

struct CLICollectorTests {
    @Test("sig-report collectors: a table in German and the documented JSON; a wrong format is refused")
    func collectors() throws {
        let cli = CLITests()
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("c.sqlite").path
        #expect(try cli.run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025"]).status == 0)
        let csv = TestSupport.write(
            TestSupport.header + "C1;ward:3;Becker;Jonas;01.01.1980;Ostwall;1;47798;Krefeld;02.05.2025;Aylin\n"
                + "C2;ward:3;Jung;Lena;15.09.2009;Ostwall;2;47798;Krefeld;02.05.2025;Aylin\n", in: dir)
        #expect(try cli.run("sig-cli", ["import", "--db", db, csv]).status == 0)
        let table = try cli.run("sig-report", ["collectors", "--db", db])
        #expect(table.status == 0)
        #expect(table.out.contains("Aylin") && table.out.contains("zu jung: 1"))
        #expect(!table.out.contains("Becker") && !table.out.contains("Jung "))
        let json = try cli.run("sig-report", ["collectors", "--db", db, "--format", "json"])
        #expect(json.out.contains(#""collector":"Aylin","counting":1,"notCountingByFinding":{"under-age":1},"rejected":0"#))
        #expect(try cli.run("sig-report", ["collectors", "--db", db, "--format", "xml"]).status != 0)
    }
}

extension CLITests {
    @Test(
        "Flags checked on their own (validate()): exit 64 with a German message naming the option, before any file is read",
        arguments: [
            ("sig-report", ["seats", "gibt-es-nicht.csv", "--threshold", "60"], "--threshold"),
            ("sig-report", ["seats", "gibt-es-nicht.csv", "--council-size", "0"], "--council-size"),
            ("sig-cli", ["list", "--db", "gibt-es-nicht.sqlite", "--status", "kaputt"], "--status"),
            ("sig-cli", ["profile", "--db", "gibt-es-nicht.sqlite", "--public-progress", "vielleicht"], "--public-progress"),
            ("sig-web", ["--db", "gibt-es-nicht.sqlite", "--correction-days", "400"], "--correction-days"),
            ("sig-web", ["--db", "gibt-es-nicht.sqlite", "--tls-cert", "c.pem"], "--tls-key"),
        ])
    func flagValidation(tool: String, args: [String], option: String) throws {
        let folder = TestSupport.tempDir()
        let r = try run(tool, args, cwd: folder)
        #expect(r.status == 64, "\(r.err)")
        #expect(r.err.hasPrefix("Fehler: ") && r.err.contains(option), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("gibt-es-nicht.sqlite").path))
    }
}
