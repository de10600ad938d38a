import Foundation

@testable import SignatureKit

enum TestSupport {
    /// The package's root folder (where Package.swift is), found from this file.
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    static let election: Election = {
        do { return try ElectionCatalog.load() } catch { fatalError("bundled election missing: \(error)") }
    }()

    static func day(_ s: String) -> CalendarDay {
        guard let d = CalendarDay(parsing: s) else { fatalError("bad test date \(s)") }
        return d
    }

    /// A fresh temporary directory per test.
    static func tempDir() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sigtest-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, in dir: URL, name: String = "input.csv", bom: Bool = false) -> String {
        let path = dir.appendingPathComponent(name).path
        var data = Data(text.utf8)
        if bom { data = Data([0xEF, 0xBB, 0xBF]) + data }
        FileManager.default.createFile(atPath: path, contents: data)
        return path
    }

    static func database(meeting: String? = "2025-03-01") throws -> SignatureDatabase {
        try SignatureDatabase.inMemory(election: election, meetingDate: meeting.map(day))
    }

    static func sheet(
        _ number: String = "F000001", nomination: NominationID = .ward(12), surname: String = "Müller",
        given: String = "Anna Maria", born: String = "12.03.1980", street: String = "Hauptstraße", house: String = "12a",
        postal: String = "47798", city: String = "Krefeld", signed: String = "01.05.2025", collector: String = "Aylin"
    ) -> SheetInput {
        SheetInput(
            sheetNumber: number, nomination: nomination, surname: surname, givenNames: given, birthDate: day(born),
            street: street, houseNumber: house, postalCode: postal, city: city, signedOn: day(signed), collector: collector)
    }

    static let today = day("2025-06-15")

    /// The person at the terminal, as the ports take them (the login name, holding the whole file).
    static let terminal = Actor(account: SignatureDatabase.loginName, role: .admin)

    /// The text of a PDF as `pdftotext` reads it back.
    static func pdfText(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        p.arguments = [path, "-"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text
    }
    static let header = "sheet;nomination;surname;given_names;born;street;house_number;postal_code;city;signed_on;collector\n"
}
