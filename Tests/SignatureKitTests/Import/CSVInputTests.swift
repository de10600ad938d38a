import Foundation
import Testing

@testable import SignatureKit

struct CSVInputTests {
    func records(_ text: [UInt8], name: String = "in.csv") throws -> (CSVInput, [CSVRecord]) {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(text))
        let csv = try CSVInput(path: path)
        var out: [CSVRecord] = []
        while let r = try csv.next() { out.append(r) }
        return (csv, out)
    }

    @Test("Quotes, doubled quotes, a line break inside quotes, CRLF and CR endings, BOM; the line where each record starts")
    func format() throws {
        let text = "\u{FEFF}a;b\r\n\"x;1\";\"say \"\"hi\"\"\"\r\n\"two\nlines\";z\rlast;row\n"
        let (csv, rows) = try records(Array(text.utf8))
        #expect(csv.header == ["a", "b"])
        #expect(rows.map(\.fields) == [["x;1", "say \"hi\""], ["two\nlines", "z"], ["last", "row"]])
        #expect(rows.map(\.line) == [2, 3, 5])
    }

    @Test("A record over 64 KB is one problem row, the rows after it are read; memory holds no more than the bound")
    func longRecord() throws {
        var bytes = Array("a,b\n1,2\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 200_000) + [0x0A]
        bytes += Array("3,4\n".utf8)
        let (_, rows) = try records(bytes)
        #expect(rows.count == 3)
        #expect(rows[1].line == 3 && rows[1].fields.isEmpty)
        #expect(rows[1].problem == "Zeile länger als 64 KB: keine Formblattzeile")
        #expect(rows[2].fields == ["3", "4"] && rows[2].line == 4)
    }

    @Test("A header over 64 KB or with NUL bytes is not a CSV file; an empty file is empty")
    func badHeader() throws {
        #expect(throws: SignatureKitError.self) { try records([UInt8](repeating: 0x41, count: 100_000)) }
        do {
            _ = try records([UInt8](repeating: 0x41, count: 100_000))
        } catch let error as SignatureKitError {
            guard error.code == .notCSV else { throw error }
            #expect(error.errorDescription?.count ?? 1000 < 200)
        }
        #expect(throws: SignatureKitError.self) { try records([0x61, 0, 0x62, 0x0A]) }
        do {
            _ = try records([])
            Issue.record("empty file read")
        } catch let error as SignatureKitError where error.code == .emptyFile {}
    }

    @Test("A NUL byte makes its row a problem row; the file goes on")
    func nulByte() throws {
        let (_, rows) = try records(Array("a;b\nx\u{0}y;1\nok;2\n".utf8))
        #expect(rows.map(\.problem) == ["enthält ein Nullbyte (keine Textdatei?)", nil])
        #expect(rows[1].fields == ["ok", "2"])
    }

    @Test("An unclosed quote is reported at the line where it opened; the rows after it are still read")
    func unclosedQuote() throws {
        let (_, rows) = try records(Array("a;b\n\"open;1\nnext;2\nmore;3\n".utf8))
        #expect(rows.first?.line == 2)
        #expect(rows.first?.problem == "Anführungszeichen in Zeile 2 wird nicht geschlossen")
        #expect(rows.dropFirst().map(\.fields) == [["next", "2"], ["more", "3"]])
        #expect(rows.dropFirst().map(\.line) == [3, 4])
    }

    @Test("Invalid UTF-8 names the line")
    func notUTF8() throws {
        do {
            _ = try records(Array("a;b\nx;y\nM".utf8) + [0xFC] + Array("ller;1\n".utf8))
            Issue.record("read invalid UTF-8")
        } catch let error as SignatureKitError where error.code == .notUTF8 {
            #expect(error.line == 3)
        }
    }

    @Test("Standard input (a pipe) is read like a file")
    func pipe() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("p.sqlite").path
        let cli = CLITests()
        #expect(try cli.run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025"]).status == 0)
        let r = try cli.run(
            "sig-cli", ["import", "--db", db, "-", "--rejects", dir.appendingPathComponent("r.csv").path],
            stdin: TestSupport.header + "P1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("1 Formblätter gespeichert"))
    }
}
