import Foundation
import GRDB
import Testing

@testable import SignatureKit

/// Hostile and unlucky input at the command line: what a person sees, what is stored, what is written.
extension CLITests {
    func freshDatabase() throws -> (dir: URL, db: String) {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("h.sqlite").path
        #expect(try run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025"]).status == 0)
        return (dir, db)
    }

    @Test("Import messages name line and field, not the value; --names quotes it; rows, not field problems, are counted")
    func valuesStayOut() throws {
        let (dir, db) = try freshDatabase()
        let csv = TestSupport.write(
            TestSupport.header
                + "H1;ward:12;Schulz;Jan;31.02.1975;Ostwall;5;4779;Krefeld;02.05.2025;Bernd\n"
                + "H2;ward:12;Meier;Eva;01.01.1970;Ostwall;;47798;Krefeld;02.05.2025;Bernd\n", in: dir)
        let r = try run("sig-cli", ["import", "--db", db, csv])
        #expect(r.status == 1)
        // H2 lacks its house number: stored as incomplete (accounted for, cannot count), not rejected.
        #expect(r.out.contains("1 Formblätter gespeichert, 0 bereits vorhanden, 1 Zeilen abgelehnt."))
        #expect(try run("sig-cli", ["show", "--db", db, "H2"]).out.contains("Fehler [incomplete]: Unvollständig: Hausnummer fehlt"))
        #expect(r.err.contains("Zeile 2, Feld „Geburtsdatum“: kein gültiges Datum"))
        #expect(r.err.contains("Zeile 2, Feld „PLZ“: Postleitzahl muss fünfstellig sein"))
        for secret in ["31.02.1975", "4779;", "Schulz", "Meier"] { #expect(!r.err.contains(secret) && !r.out.contains(secret)) }
        let named = try run("sig-cli", ["import", "--db", db, csv, "--names"])
        #expect(named.err.contains("Zeile 2, Feld „Geburtsdatum“: „31.02.1975“: kein gültiges Datum"))
    }

    @Test("Control characters are refused at entry with a message; stored ones are printed escaped, never raw")
    func controlCharacters() throws {
        let (dir, db) = try freshDatabase()
        let csv = TestSupport.write(
            TestSupport.header
                + "C1;ward:12;Evil\u{1B}[2J;Eva;01.01.1970;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n"
                + "C2;ward:12;Müller;\"Anna\nC9 gespeichert – kann zählen.\";12.03.1980;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n", in: dir)
        let r = try run("sig-cli", ["import", "--db", db, csv])
        #expect(r.status == 1)
        #expect(r.err.contains("Zeile 2, Feld „Familienname“: enthält Steuerzeichen"))
        #expect(r.err.contains("Zeile 3, Feld „Vornamen“: enthält Steuerzeichen"))
        #expect(!r.err.contains("\u{1B}"))
        let add = try run(
            "sig-cli",
            [
                "add", "--db", db, "--sheet", "C3", "--nomination", "ward:12", "--surname", "A\u{1B}B", "--given-names", "Eva",
                "--born", "01.01.1970", "--street", "Ostwall", "--house-number", "5", "--postal-code", "47798", "--city", "Krefeld",
                "--signed-on", "02.05.2025", "--collector", "Bernd",
            ])
        #expect(add.status == 2)
        #expect(add.err.contains("Feld „Familienname“: enthält Steuerzeichen"))
        // A NUL byte typed at the prompt is refused there (argv cannot carry one).
        let answers = ["C4", "ward:12", "A\u{0}B", "AB", "Eva", "01.01.1970", "Ostwall", "5", "47798", "", "02.05.2025", "Bernd", ""]
        let prompt = try run("sig-cli", ["add", "--db", db], stdin: answers.joined(separator: "\n") + "\n")
        #expect(prompt.out.contains("✗ enthält Steuerzeichen"))
        #expect(prompt.out.contains("C4: gespeichert"))
        // A name stored by an older version is printed escaped.
        let escaped = SignerData(
            sheet: "X", surname: "Evil\u{1B}[2J", givenNames: "Eva\nF1: gespeichert", birthDate: nil, street: "", houseNumber: "",
            postalCode: "", city: "")
        let text = SheetDetail(
            sheet: "X", nomination: .list, status: .entered, signedOn: nil, collector: "a\u{7}", enteredBy: "t", findings: [],
            history: []
        ).germanLines(signer: escaped).joined(separator: "\n")
        #expect(text.contains("Name: Evil\\u{1B}[2J, Eva\\u{A}F1: gespeichert"))
        #expect(!text.contains("\u{1B}") && !text.contains("\u{7}"))
    }

    @Test("A rejects file that cannot be written stops the import before anything is stored")
    func rejectsNotWritable() throws {
        let (dir, db) = try freshDatabase()
        // A file where the folder should be: not writable for anyone, root included.
        let locked = dir.appendingPathComponent("locked")
        try Data("x".utf8).write(to: locked)
        let csv = TestSupport.write(
            TestSupport.header
                + "R1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "R2;ward:12;Schulz;Jan;31.02.1990;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n", in: dir)
        let r = try run("sig-cli", ["import", "--db", db, csv, "--rejects", locked.appendingPathComponent("r.csv").path])
        #expect(r.status == 2)
        #expect(r.err.contains("der Ordner ist nicht beschreibbar; nichts geändert."))
        #expect(try run("sig-cli", ["list", "--db", db]).out.contains("0 Formblätter."))
    }

    @Test("A report output replaces the old file only when complete; a folder as output is refused")
    func outputsWhole() throws {
        let (dir, db) = try freshDatabase()
        let out = dir.appendingPathComponent("stand.csv").path
        try Data("alt\n".utf8).write(to: URL(fileURLWithPath: out))
        #expect(try run("sig-report", ["progress", "--db", db, "--format", "csv", "--output", out]).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("Wahlvorschlag;Bezeichnung;Soll"))
        let attrs = try FileManager.default.attributesOfItem(atPath: out)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let folder = try run("sig-report", ["progress", "--db", db, "--format", "csv", "--output", dir.path])
        #expect(folder.status == 2)
        #expect(folder.err.contains("ist ein Ordner"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}

extension CLITests {
    /// Whether the built tools can be run as `nobody` here (every folder above them must be open to others).
    var othersCanRunTools: Bool {
        (try? run("sig-cli", ["--help"], asUser: "nobody").status) == 0
    }

    @Test("Another user's database: no permission, said so; a read-only database: reports work, changes are refused")
    func permissions() throws {
        let dir = TestSupport.tempDir()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        let db = dir.appendingPathComponent("p.sqlite").path
        #expect(try run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025"]).status == 0)
        #expect(try run("sig-cli", ["demo", "--db", dir.appendingPathComponent("unused.sqlite").path, "--count", "0"]).status == 0)
        let csv = TestSupport.write(
            TestSupport.header + "P1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n", in: dir)
        #expect(try run("sig-cli", ["import", "--db", db, csv]).status == 0)
        try #require(othersCanRunTools, "the build folder must be readable by others for this test")
        // 0600, owned by root: nobody may not read it.
        let denied = try run("sig-cli", ["list", "--db", db], asUser: "nobody")
        #expect(denied.status == 2)
        #expect(denied.err.contains("keine Berechtigung"))
        #expect(!denied.err.contains("init"))
        // 0644 in a folder nobody cannot write: read-only for nobody.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        let list = try run("sig-cli", ["list", "--db", db], asUser: "nobody")
        #expect(list.status == 0, "\(list.err)")
        #expect(list.out.contains("1 Formblätter."))
        let progress = try run("sig-report", ["progress", "--db", db, "--format", "json"], asUser: "nobody")
        #expect(progress.status == 0, "\(progress.err)")
        let check = try run("sig-cli", ["check", "--db", db], asUser: "nobody")
        #expect(check.err.contains("schreibgeschützt"))
        let status = try run("sig-cli", ["status", "--db", db, "sent", "P1"], asUser: "nobody")
        #expect(status.status == 2)
        #expect(status.err.contains("ist schreibgeschützt"))
        #expect(try run("sig-cli", ["list", "--db", db, "--format", "json"]).out.contains("\"entered\""))
    }
}

extension CLITests {
    @Test(
        "Out-of-range options get a German message naming the option, never a trap",
        arguments: [
            (["--margin", "nan"], "--margin"), (["--margin", "inf"], "--margin"), (["--margin", "1e20"], "--margin"),
            (["--margin=-150"], "--margin"), (["--lead-days", "9223372036854775807"], "--lead-days"),
        ])
    func badOptions(extra: [String], option: String) throws {
        let (_, db) = try freshDatabase()
        let r = try run("sig-report", ["progress", "--db", db] + extra)
        #expect(r.status == 2, "\(r.err)")
        #expect(r.err.contains("Feld „\(option)“"))
    }

    @Test("demo --count 0 makes an empty demo; status --from counts sheets, not lines")
    func smallThings() throws {
        let (dir, db) = try freshDatabase()
        let demo = dir.appendingPathComponent("d.sqlite").path
        let made = try run("sig-cli", ["demo", "--db", demo, "--count", "0"])
        #expect(made.out.contains("mit 0 erfundenen Formblättern"))
        let csv = TestSupport.write(
            TestSupport.header + "S1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n", in: dir)
        _ = try run("sig-cli", ["import", "--db", db, csv])
        let office = TestSupport.write("Formblatt;Status\nS1;bescheinigt\ns1;bescheinigt\n", in: dir, name: "amt.csv")
        let r = try run("sig-cli", ["status", "--db", db, "--from", office])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("1 Formblätter aktualisiert."))
        #expect(
            try run("sig-cli", ["status", "--db", db, "--from", office]).out.contains("0 Formblätter aktualisiert, 1 hatten diesen Status schon."))
    }
}

extension CLITests {
    @Test("Stopped with SIGTERM while printing a PDF with names: the temporary HTML is removed, the old PDF stays")
    func pdfInterrupted() throws {
        guard PDFPrinter.findEngine() != nil else {
            Issue.record("Chromium missing: .ci/run installs it")
            return
        }
        let (dir, db) = try freshDatabase()
        let csv = TestSupport.write(
            TestSupport.header + "T1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n", in: dir)
        _ = try run("sig-cli", ["import", "--db", db, csv])
        _ = try run("sig-cli", ["status", "--db", db, "certified", "T1"])
        let tmp = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let pdf = dir.appendingPathComponent("liste.pdf").path
        try Data("alt".utf8).write(to: URL(fileURLWithPath: pdf))
        let p = Process()
        p.executableURL = Self.root.appendingPathComponent(".build/debug/sig-report")
        p.arguments = ["submission", "--db", db, "--include-names", "--output", pdf]
        p.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": tmp.path]) { $1 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the HTML with names is on disk, then stop the program as Ctrl-C or a shutdown would.
        let deadline = Date().addingTimeInterval(20)
        func htmlFiles() -> [String] {
            ((try? FileManager.default.subpathsOfDirectory(atPath: tmp.path)) ?? []).filter { $0.hasSuffix("list.html") }
        }
        while htmlFiles().isEmpty && p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(!htmlFiles().isEmpty)
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 143)
        #expect(htmlFiles().isEmpty)
        #expect(try String(contentsOfFile: pdf, encoding: .utf8) == "alt")
    }
}

/// A small file system of its own (tmpfs), to show a full disk and a read-only mount for real. Needs root, as CI runs.
struct SmallDisk {
    let folder: URL

    init?(kilobytes: Int) {
        guard getuid() == 0 else { return nil }
        folder = TestSupport.tempDir()
        guard Self.sh("mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", folder.path) == 0 else { return nil }
    }

    func remountReadOnly() -> Bool { Self.sh("mount", "-o", "remount,ro", folder.path) == 0 }

    func unmount() { _ = Self.sh("umount", "-l", folder.path) }

    @discardableResult
    static func sh(_ args: String...) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}

extension CLITests {
    @Test("A full disk: the import says so and keeps what was stored; a report on a full disk leaves the old one whole")
    func diskFull() throws {
        let disk = try #require(SmallDisk(kilobytes: 700), "needs root and tmpfs (CI runs as root)")
        defer { disk.unmount() }
        let db = disk.folder.appendingPathComponent("k.sqlite").path
        #expect(try run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025"]).status == 0)
        let small = TestSupport.write(
            TestSupport.header + "D1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n",
            in: TestSupport.tempDir())
        #expect(try run("sig-cli", ["import", "--db", db, small]).status == 0)
        let report = disk.folder.appendingPathComponent("stand.csv").path
        #expect(try run("sig-report", ["progress", "--db", db, "--format", "csv", "--output", report]).status == 0)
        let old = try String(contentsOfFile: report, encoding: .utf8)
        let big = TestSupport.tempDir().appendingPathComponent("big.csv").path
        try DemoData.writeCSV(path: big, count: 20_000, seed: 5)
        let r = try run("sig-cli", ["import", "--db", db, big, "--rejects", TestSupport.tempDir().appendingPathComponent("r.csv").path])
        #expect(r.status == 2)
        #expect(r.err.contains("Der Datenträger ist voll"), "\(r.err)")
        #expect(try run("sig-cli", ["list", "--db", db]).out.contains("1 Formblätter."))
        // Fill the rest of the disk, then write the report again.
        SmallDisk.sh("dd", "if=/dev/zero", "of=\(disk.folder.appendingPathComponent("filler").path)", "bs=4096")
        let full = try run("sig-report", ["progress", "--db", db, "--format", "html", "--output", report])
        #expect(full.status == 2)
        #expect(try String(contentsOfFile: report, encoding: .utf8) == old)
    }

    @Test("A read-only mount: list and reports work, a change is refused as read-only")
    func readOnlyMount() throws {
        let disk = try #require(SmallDisk(kilobytes: 2000), "needs root and tmpfs (CI runs as root)")
        defer { disk.unmount() }
        let db = disk.folder.appendingPathComponent("k.sqlite").path
        #expect(try run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025"]).status == 0)
        let csv = TestSupport.write(
            TestSupport.header + "M1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n",
            in: TestSupport.tempDir())
        #expect(try run("sig-cli", ["import", "--db", db, csv]).status == 0)
        try #require(disk.remountReadOnly())
        let list = try run("sig-cli", ["list", "--db", db])
        #expect(list.status == 0, "\(list.err)")
        #expect(list.out.contains("1 Formblätter."))
        #expect(try run("sig-report", ["progress", "--db", db, "--format", "json"]).status == 0)
        let change = try run("sig-cli", ["status", "--db", db, "sent", "M1"])
        #expect(change.status == 2)
        #expect(change.err.contains("ist schreibgeschützt"))
    }
}

extension CLITests {
    @Test("Huge hostile files: a 1 GB header of NULs is 'not a CSV file' at once; a valid header then 200 MB of NULs is one rejected row")
    func hugeFiles() throws {
        let (dir, db) = try freshDatabase()
        let sparse = dir.appendingPathComponent("sparse.csv").path
        FileManager.default.createFile(atPath: sparse, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: sparse))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        let start = Date()
        let r = try run("sig-cli", ["import", "--db", db, sparse])
        #expect(r.status == 2)
        #expect(r.err.contains("keine CSV-Datei"))
        #expect(r.err.count < 400)
        #expect(Date().timeIntervalSince(start) < 5)
        let nuls = dir.appendingPathComponent("nuls.csv").path
        FileManager.default.createFile(atPath: nuls, contents: Data((TestSupport.header).utf8))
        let more = try #require(FileHandle(forWritingAtPath: nuls))
        try more.truncate(atOffset: UInt64(TestSupport.header.utf8.count + 200_000_000))
        try more.close()
        let rejects = dir.appendingPathComponent("nuls.rejects.csv").path
        let n = try run("sig-cli", ["import", "--db", db, nuls, "--rejects", rejects])
        #expect(n.status == 1)
        #expect(n.out.contains("0 Formblätter gespeichert, 0 bereits vorhanden, 1 Zeilen abgelehnt."))
        #expect(n.err.contains("Zeile 2, Feld „Zeile“: enthält ein Nullbyte"))
        let size = try FileManager.default.attributesOfItem(atPath: rejects)[.size] as? Int ?? 0
        #expect(size < 1000)
    }
}

/// Issue 17 on the command line: double entry kept by the CLI, secrets, and reads that leave the file as it was.
struct HardeningCLI3Tests {
    let cli = CLITests()

    static func checksum(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    static func checkpoint(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try queue.close()
    }

    static let addArgs = [
        "--sheet", "ADD-1", "--nomination", "ward:12", "--surname", "Solo", "--given-names", "Sam", "--born", "01.01.1981", "--street",
        "Ostwall", "--house-number", "1", "--postal-code", "47798", "--city", "Krefeld", "--signed-on", "20.06.2025",
    ]

    @Test("D9: with double entry, import is refused and add --entered-by cannot play a second typist")
    func doubleEntryCLI() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("d2.sqlite").path
        #expect(try cli.run("sig-cli", ["init", "--double-entry", "--db", db]).status == 0)
        let csv = TestSupport.write(TestSupport.header + "IMP-1;ward:12;Einmal;Ida;01.01.1980;Ostwall;1;47798;Krefeld;20.06.2025;x\n", in: dir)
        let imported = try cli.run("sig-cli", ["import", csv, "--db", db])
        #expect(imported.status == 2)
        #expect(imported.err.contains("Doppelerfassung"))
        let anna = try cli.run("sig-cli", ["add", "--db", db, "--entered-by", "anna"] + Self.addArgs)
        #expect(anna.status == 2)
        #expect(anna.err.contains("--entered-by"))
        #expect(try SignatureDatabase.open(at: db).sheetCount() == 0)
    }

    @Test("Reads that write: list, progress and a refused open (no or wrong passphrase) leave every byte of the file as it was")
    func readsLeaveFile() throws {
        let dir = TestSupport.tempDir()
        let plain = dir.appendingPathComponent("p.sqlite").path
        #expect(try cli.run("sig-cli", ["init", "--db", plain]).status == 0)
        #expect(try cli.run("sig-cli", ["add", "--db", plain] + Self.addArgs).status == 0)
        // Everything in the main file, the -wal empty: the state in which a pool's set-up would write.
        try Self.checkpoint(plain)
        let before = Self.checksum(plain)
        #expect(try cli.run("sig-cli", ["list", "--db", plain]).status == 0)
        #expect(try cli.run("sig-report", ["progress", "--db", plain, "--format", "json"]).status == 0)
        #expect(try cli.run("sig-cli", ["show", "ADD-1", "--db", plain]).status == 0)
        #expect(Self.checksum(plain) == before)
        let sealed = dir.appendingPathComponent("e.sqlite").path
        #expect(try cli.run("sig-cli", ["init", "--encrypt", "--db", sealed], environment: ["SIG_PASSPHRASE": "richtig richtig"]).status == 0)
        try Self.checkpoint(sealed)
        let sealedBefore = Self.checksum(sealed)
        let missing = try cli.run("sig-cli", ["list", "--db", sealed])
        #expect(missing.status == 2 && missing.err.contains("nichts geändert"))
        let wrong = try cli.run("sig-cli", ["list", "--db", sealed], environment: ["SIG_PASSPHRASE": "falsch falsch"])
        #expect(wrong.status == 2)
        #expect(Self.checksum(sealed) == sealedBefore)
    }

    @Test("D21: a passphrase file others can read is refused; the passphrase leaves sig-web's environment after reading")
    func secrets() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("e.sqlite").path
        #expect(try cli.run("sig-cli", ["init", "--encrypt", "--db", db], environment: ["SIG_PASSPHRASE": "geheim geheim"]).status == 0)
        let file = TestSupport.write("geheim geheim\n", in: dir, name: "pass.txt")
        chmod(file, 0o644)
        let open = try cli.run("sig-cli", ["list", "--db", db, "--passphrase-file", file])
        #expect(open.status == 2)
        #expect(open.err.contains("für andere lesbar") && open.err.contains("chmod 600"))
        chmod(file, 0o600)
        #expect(try cli.run("sig-cli", ["list", "--db", db, "--passphrase-file", file]).status == 0)
        // sig-web started with SIG_PASSPHRASE: /proc/PID/environ no longer holds it once the server listens.
        let server = Process()
        server.executableURL = CLITests.root.appendingPathComponent(".build/debug/sig-web")
        let port = Int.random(in: 40_000..<50_000)
        server.arguments = ["--db", db, "--port", "\(port)"]
        server.environment = ProcessInfo.processInfo.environment.merging(["SIG_PASSPHRASE": "geheim geheim"]) { $1 }
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var listening = false
        for _ in 0..<100 where !listening {
            Thread.sleep(forTimeInterval: 0.1)
            listening = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8))?.contains(String(format: ":%04X ", port)) == true
        }
        #expect(listening)
        let environ = FileManager.default.contents(atPath: "/proc/\(server.processIdentifier)/environ") ?? Data()
        #expect(!environ.isEmpty)
        #expect(String(decoding: environ, as: UTF8.self).range(of: "geheim geheim") == nil)
    }
}
