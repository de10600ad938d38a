import Foundation
import SignatureKit

/// The hot duplicate block of the security probe (D2): thousands of sheets with the same birth date and names that
/// sound the same, against as many varied sheets, imported by `sig-cli import` the same way; time and pairs stored.
enum HotBlock {
    /// The fields that put a sheet into the one block: same birth date, Meier/Mayer/Maier/Meyer, Hans, one street.
    static func alike(_ i: Int) -> [String: String] {
        let surnames = ["Meier", "Mayer", "Maier", "Meyer"]
        return ["surname": surnames[i % 4], "given_names": "Hans", "born": "01.03.1950", "street": "Langestraße", "house_number": "\(1 + i % 500)"]
    }

    static func run(workdir: String, count: Int) throws {
        let varied = workdir + "/varied.csv"
        try DemoData.writeCSV(path: varied, count: count, seed: 3)
        let hot = workdir + "/hot.csv"
        var text = "sheet;nomination;surname;given_names;born;street;house_number;postal_code;city;signed_on;collector\n"
        for i in 0..<count {
            let f = alike(i)
            text += "H\(i);ward:12;\(f["surname"] ?? "");Hans;01.03.1950;Langestraße;\(f["house_number"] ?? "");47798;Krefeld;01.05.2025;b\n"
        }
        try text.write(toFile: hot, atomically: true, encoding: .utf8)
        let today = CalendarDay(year: 2025, month: 7, day: 1) ?? .today()
        var results: [(String, Double, Int, Int)] = []
        for (name, csv) in [("verschieden", varied), ("ein Block", hot)] {
            let db = try SignatureDatabase.create(
                at: workdir + "/\(results.count).sqlite", election: ElectionCatalog.load(), meetingDate: CalendarDay(year: 2025, month: 3, day: 1))
            let start = Date()
            _ = try db.importSheets(from: csv, enteredBy: "bench", today: today)
            let seconds = Date().timeIntervalSince(start)
            let pairs = try db.findings().filter { $0.code.contains("duplicate") || $0.code.contains("conflict") }.count
            let pass = try db.duplicatePass()
            results.append((name, seconds, pairs, pass.pairsCompared))
        }
        for (name, seconds, pairs, compared) in results {
            print(
                String(
                    format: "Import %d Formblätter (%@): %.2f s, %d Paarbefunde; voller Lauf danach: %d Vergleiche", count, name, seconds, pairs,
                    compared))
        }
        print(String(format: "Ein Block gegen verschieden (gleicher Lauf): Faktor %.2f", results[1].1 / max(0.001, results[0].1)))
    }
}
