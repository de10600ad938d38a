import Foundation

/// A small deterministic random generator (SplitMix64), so demo and benchmark data are the same on every run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Fictitious sheets with realistic duplicates, for the demo database and the benchmark.
///
/// Every name is made up from stems and endings; no real person's data.
public enum DemoData {
    static let stems = [
        "Müll", "Schmi", "Schneid", "Fisch", "Web", "Mey", "Wagn", "Beck", "Schulz", "Hoffm",
        "Schäf", "Koch", "Bau", "Rich", "Klei", "Wolf", "Schröd", "Neum", "Schwarz", "Zimm", "Braun", "Krüg",
        "Hofm", "Hartm", "Lang", "Schmitt", "Wern", "Krau", "Meie", "Lehm", "Schmid", "Schulze", "Maie", "Köhl",
        "Herrm", "König", "Walt", "Mayr", "Hub", "Kais", "Fuchs", "Pet", "Lorenz", "Fran", "Jung", "Hahn",
        "Kell", "Vogel", "Friedr", "Gün", "Baum", "Roth", "Beyer", "Stein", "Jäg", "Otto", "Sommer", "Groß",
        "Seidel", "Heinr", "Brand", "Haas", "Schreib", "Graf", "Dietr", "Ziegl", "Kuhn", "Kühn", "Pohl", "Engel",
        "Horn", "Busch", "Berg", "Thom", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiff", "Yılmaz", "Kaya", "Demir",
        "Şahin", "Nowak", "Kowalsk", "Wiśniewsk", "Rossi", "Russo", "Nguyen", "Papadopoul", "Ivanov", "Popesc",
    ]
    static let endings = [
        "er", "mann", "ert", "en", "el", "ke", "ner", "s", "ow", "i", "ing", "hoff", "rath",
        "kamp", "meier", "berg", "dorf", "feld",
    ]
    static let givenNames = [
        "Anna", "Maria", "Ursula", "Monika", "Petra", "Elisabeth", "Sabine", "Renate", "Helga",
        "Karin", "Brigitte", "Ingrid", "Erika", "Andrea", "Gisela", "Claudia", "Susanne", "Gabriele", "Christa",
        "Christine", "Hildegard", "Birgit", "Barbara", "Julia", "Lea", "Leonie", "Lena", "Emma", "Mia", "Hannah",
        "Sophie", "Ayşe", "Fatma", "Zeynep", "Agnieszka", "Małgorzata", "Chiara", "Giulia", "Ana", "Jana",
        "Peter", "Michael", "Thomas", "Andreas", "Wolfgang", "Klaus", "Jürgen", "Günter", "Stefan", "Christian",
        "Uwe", "Werner", "Horst", "Frank", "Dieter", "Manfred", "Gerhard", "Hans", "Bernd", "Torsten", "Jörg",
        "Markus", "Lukas", "Jonas", "Leon", "Finn", "Paul", "Elias", "Ben", "Noah", "Mehmet", "Mustafa", "Ahmet",
        "Łukasz", "Piotr", "Marco", "Luca", "Jan", "Tobias", "Sebastian", "Matthias", "Alexander", "Daniel",
        "Florian", "René", "José", "François", "Björn", "Søren", "Zoë",
    ]
    static let streets = [
        "Ostwall", "Westwall", "Nordwall", "Südwall", "Rheinstraße", "Hochstraße", "Dionysiusstraße",
        "Neusser Straße", "Uerdinger Straße", "Kölner Straße", "Moerser Straße", "Gladbacher Straße", "Hülser Straße",
        "Kempener Allee", "Friedrichstraße", "Ostwall", "Marktstraße", "Lewerentzstraße", "Philadelphiastraße",
        "Petersstraße", "Königstraße", "Steckendorfer Straße", "Glockenspitz", "Oppumer Straße", "Hauptstraße",
        "Kurfürstenstraße", "Bismarckstraße", "Moritzplatz", "Inrather Straße", "Dießemer Bruch", "Gutenbergstraße",
        "Weststraße", "Schönwasserstraße", "Tannenstraße", "Buschstraße", "Blumentalstraße", "Heyenbaumstraße",
        "Kaiserstraße", "Violstraße", "Luisenstraße",
    ]
    static let postalCodes = ["47798", "47799", "47800", "47802", "47803", "47804", "47805", "47807", "47809", "47829", "47839"]
    static let collectors = [
        "Aylin", "Bernd", "Chiara", "Dirk", "Elif", "Frieda", "Gregor", "Hanna", "Ilias", "Jule",
        "Kemal", "Lotte",
    ]
    static let header = SheetParser.columns.map(\.0)

    struct Person {
        var surname: String
        var given: String
        var born: CalendarDay
        var street: String
        var number: String
        var postal: String
    }

    /// Writes `count` sheets as CSV (`;`, German dates) to `path`, streaming.
    ///
    /// About 3 % are the same person entered again for the same nomination (certain duplicates),
    /// 2 % are spelling variants (probable duplicates) and 0.5 % sign a second ward (conflicts).
    /// Sheets are signed between 01.03.2025 and `lastSigned`.
    public static func writeCSV(
        path: String, count: Int, seed: UInt64 = 2025, wards: Int = 29, prefix: String = "F",
        lastSigned: CalendarDay = CalendarDay(year: 2025, month: 6, day: 30) ?? CalendarDay(dayNumber: 0)
    ) throws {
        FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let out = FileHandle(forWritingAtPath: path) else {
            throw SignatureKitError.ioFailure(path: path, reason: "Datei kann nicht geschrieben werden.")
        }
        defer { try? out.close() }
        var rng = SeededRandom(seed: seed)
        var buffer = header.joined(separator: ";") + "\n"
        var recent: [(Person, String)] = []
        let firstSigned = CalendarDay(year: 2025, month: 3, day: 1) ?? lastSigned
        let span = max(1, firstSigned.days(until: lastSigned) + 1)
        for i in stride(from: 1, through: count, by: 1) {
            let roll = Int.random(in: 0..<1000, using: &rng)
            var person: Person
            var nomination: String
            if roll < 55, !recent.isEmpty {
                let (p, n) = recent[Int.random(in: 0..<recent.count, using: &rng)]
                person = p
                nomination = n
                if roll < 30 {
                    // certain duplicate: same again, maybe other case or spacing
                    person.surname = roll % 2 == 0 ? p.surname.uppercased() : p.surname
                } else if roll < 50 {
                    person = variant(of: p, rng: &rng)
                } else {
                    nomination = n.hasPrefix("ward:") ? "ward:\(Int.random(in: 1...wards, using: &rng))" : n
                }
            } else {
                person = randomPerson(rng: &rng)
                let k = Int.random(in: 0..<100, using: &rng)
                nomination =
                    k < 70
                    ? "ward:\(Int.random(in: 1...wards, using: &rng))"
                    : k < 88
                        ? "list"
                        : k < 96
                            ? "mayor"
                            : "district:\(["Mitte", "West", "Nord", "Ost", "Süd"][Int.random(in: 0..<5, using: &rng)])"
                if recent.count < 5000 {
                    recent.append((person, nomination))
                } else {
                    recent[Int.random(in: 0..<recent.count, using: &rng)] = (person, nomination)
                }
            }
            // Signing dates cluster towards the end, as campaigns do.
            let u = Double.random(in: 0..<1, using: &rng)
            let signed = firstSigned.adding(days: min(span - 1, Int((u.squareRoot()) * Double(span))))
            let row = [
                prefix + String(format: "%06d", i), nomination, person.surname, person.given, person.born.german,
                person.street, person.number, person.postal, "Krefeld", signed.german,
                collectors[Int.random(in: 0..<collectors.count, using: &rng)],
            ]
            buffer += row.map(CSVOutput.field).joined(separator: ";") + "\n"
            if buffer.utf8.count > 1 << 16 {
                out.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        out.write(Data(buffer.utf8))
    }

    static func randomPerson(rng: inout SeededRandom) -> Person {
        let surname = stems[Int.random(in: 0..<stems.count, using: &rng)] + endings[Int.random(in: 0..<endings.count, using: &rng)]
        var given = givenNames[Int.random(in: 0..<givenNames.count, using: &rng)]
        if Int.random(in: 0..<4, using: &rng) == 0 { given += " " + givenNames[Int.random(in: 0..<givenNames.count, using: &rng)] }
        let born = CalendarDay(dayNumber: Int.random(in: -14000...13000, using: &rng))  // 1931 … 2005
        let street = streets[Int.random(in: 0..<streets.count, using: &rng)]
        var number = String(Int.random(in: 1...180, using: &rng))
        if Int.random(in: 0..<10, using: &rng) == 0 { number += ["a", "b", "c"][Int.random(in: 0..<3, using: &rng)] }
        return Person(
            surname: surname, given: given, born: born, street: street, number: number,
            postal: postalCodes[Int.random(in: 0..<postalCodes.count, using: &rng)])
    }

    /// The fields of one fictitious sheet by CSV column name (for load tests of the web API).
    public static func randomSheetFields(sheet: String, nomination: String, collector: String, rng: inout SeededRandom) -> [String: String] {
        let p = randomPerson(rng: &rng)
        return [
            "sheet": sheet, "nomination": nomination, "surname": p.surname, "given_names": p.given, "born": p.born.german,
            "street": p.street, "house_number": p.number, "postal_code": p.postal, "city": "Krefeld", "signed_on": "01.05.2025",
            "collector": collector,
        ]
    }

    /// The same person written differently: umlaut spelling, a typo, a dropped second name,
    /// swapped day and month, "Str." for "Straße", "12 A" for "12a".
    static func variant(of p: Person, rng: inout SeededRandom) -> Person {
        var v = p
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            v.surname = p.surname.replacingOccurrences(of: "ü", with: "ue").replacingOccurrences(of: "ö", with: "oe")
                .replacingOccurrences(of: "ä", with: "a").replacingOccurrences(of: "ß", with: "s")
            if v.surname == p.surname { v.surname = p.surname.replacingOccurrences(of: "e", with: "ee", options: [], range: nil) }
        case 1:
            var chars = Array(p.surname)
            if chars.count > 4 { chars.swapAt(2, 3) }
            v.surname = String(chars)
        case 2:
            v.given = p.given.split(separator: " ").first.map(String.init) ?? p.given
            if v.given == p.given { v.given = p.given + "a" }
        case 3:
            v.born = p.born.swappedDayMonth ?? p.born
            if v.born == p.born { v.given = String(p.given.dropLast()) + "e" }
        case 4:
            v.street = p.street.replacingOccurrences(of: "straße", with: "str.").replacingOccurrences(of: "Straße", with: "Str.")
            v.given = p.given.uppercased()
        default:
            v.number = p.number.uppercased().replacingOccurrences(of: "A", with: " A")
            v.surname = p.surname.replacingOccurrences(of: "ei", with: "ai")
            if v.surname == p.surname { v.surname = p.surname + "s" }
        }
        return v
    }
}

extension DemoData {
    /// Neighbours on a German (QWERTZ) keyboard, for realistic typos.
    static let keyboardNeighbours: [Character: String] = [
        "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "rzg", "z": "tuh", "u": "zij", "i": "uok", "o": "ipl", "p": "oü",
        "a": "qsy", "s": "adw", "d": "sfe", "f": "dgr", "g": "fht", "h": "gjz", "j": "hku", "k": "jli", "l": "kö", "y": "xa",
        "x": "ycs", "c": "xvd", "v": "cbf", "b": "vng", "n": "bmh", "m": "nj",
    ]

    /// One letter of `word` (not the first) replaced by a keyboard neighbour.
    static func neighbourTypo(_ word: String, rng: inout SeededRandom) -> String {
        var chars = Array(word)
        guard chars.count > 2 else { return word + "e" }
        let at = Int.random(in: 1..<chars.count, using: &rng)
        let lower = Character(chars[at].lowercased())
        guard let options = keyboardNeighbours[lower], let pick = options.randomElement(using: &rng) else { return word + "e" }
        chars[at] = pick
        return String(chars)
    }

    /// The kinds of variant the matcher used to miss: two given names typed as one, a keyboard typo that changes the
    /// surname's sound, typos in both surname and given name (same address and birth date).
    public enum HardVariant: CaseIterable, Sendable {
        case mergedGivenNames, surnameSoundTypo, bothNamesTypo
    }

    /// The same person written with a hard variant; a second given name is added first where the class needs one.
    static func hardVariant(_ kind: HardVariant, of p: inout Person, rng: inout SeededRandom) -> Person {
        var v = p
        switch kind {
        case .mergedGivenNames:
            if !p.given.contains(" ") { p.given += " " + givenNames[Int.random(in: 0..<givenNames.count, using: &rng)] }
            v = p
            v.given = p.given.replacingOccurrences(of: " ", with: "")
        case .surnameSoundTypo:
            let code = ColognePhonetics.code(folded: Normalizer.nameKey(p.surname))
            for _ in 0..<20 {
                v.surname = neighbourTypo(p.surname, rng: &rng)
                if ColognePhonetics.code(folded: Normalizer.nameKey(v.surname)) != code { break }
            }
        case .bothNamesTypo:
            v.surname = neighbourTypo(p.surname, rng: &rng)
            let first = p.given.split(separator: " ").first.map(String.init) ?? p.given
            if first.count >= 4 { v.given = p.given.replacingOccurrences(of: first, with: neighbourTypo(first, rng: &rng)) }
        }
        return v
    }

    /// Writes a file with known truth for measuring duplicate recall: `count` people as `P…`, each signing again as
    /// `V…` with an ordinary variant or one of the ``HardVariant`` classes (each a quarter).
    ///
    /// - Returns: The number of true pairs (`count`).
    @discardableResult
    public static func writeRecallCSV(path: String, count: Int, seed: UInt64) throws -> Int {
        var rng = SeededRandom(seed: seed)
        var text = header.joined(separator: ";") + "\n"
        func line(_ n: String, _ p: Person) -> String {
            [n, "list", p.surname, p.given, p.born.german, p.street, p.number, p.postal, "Krefeld", "01.05.2025", "t"]
                .joined(separator: ";") + "\n"
        }
        var originals = ""
        var variants = ""
        for i in 0..<count {
            var p = randomPerson(rng: &rng)
            let roll = i % 4
            let v = roll == 3 ? variant(of: p, rng: &rng) : hardVariant(HardVariant.allCases[roll], of: &p, rng: &rng)
            originals += line("P\(i)", p)
            variants += line("V\(i)", v)
        }
        text += originals + variants
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SignatureKitError.ioFailure(path: path, reason: "Datei kann nicht geschrieben werden.")
        }
        return count
    }

    /// Recall and precision of the stored pairs against the truth of ``writeRecallCSV(path:count:seed:)``.
    public static func recall(findings: [CheckFinding], count: Int) -> (recall: Double, precision: Double, missed: Int, falsePairs: Int) {
        var truePairs = Set<Int>()
        var falsePairs = 0
        for f in findings where f.code.contains("duplicate") || f.code.contains("conflict") {
            let numbers = f.sheets.sorted()
            guard numbers.count == 2, numbers[0].hasPrefix("P"), numbers[1].hasPrefix("V"), numbers[0].dropFirst() == numbers[1].dropFirst(),
                let i = Int(numbers[0].dropFirst())
            else {
                falsePairs += 1
                continue
            }
            truePairs.insert(i)
        }
        let found = truePairs.count
        let reported = found + falsePairs
        return (Double(found) / Double(max(1, count)), reported == 0 ? 1 : Double(found) / Double(reported), count - found, falsePairs)
    }
}

extension DemoData {
    /// Creates a database with `count` fictitious sheets and a plausible certification history,
    /// as a campaign would have it on 30.06.2025.
    public static func createDemoDatabase(
        at path: String, count: Int = 800,
        election: Election? = nil
    ) throws -> SignatureDatabase {
        guard (0...1_000_000).contains(count) else {
            throw SignatureKitError.invalidField(field: "--count", reason: "muss zwischen 0 und 1.000.000 liegen")
        }
        let e = try election ?? ElectionCatalog.load()
        let meeting = CalendarDay(year: 2025, month: 3, day: 1)
        let db = try SignatureDatabase.create(at: path, election: e, meetingDate: meeting)
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("sig-demo-\(UInt32.random(in: 0...UInt32.max)).csv").path
        defer { try? FileManager.default.removeItem(atPath: csv) }
        let today = CalendarDay(year: 2025, month: 6, day: 30) ?? .today()
        try db.setDemoDay(today)
        guard count > 0 else { return db }
        try writeCSV(path: csv, count: count, seed: 7, lastSigned: today)
        _ = try db.importSheets(from: csv, enteredBy: "demo", today: today)
        // Sheets signed before June went to the city; most came back certified.
        var rng = SeededRandom(seed: 11)
        var changes: [StatusChange] = []
        for s in try db.sheets() where s.errors == 0 && s.duplicateOf == nil {
            guard let signed = CalendarDay(parsing: s.signedOn), signed.month < 6 || (signed.month == 6 && signed.day < 10)
            else { continue }
            let roll = Int.random(in: 0..<100, using: &rng)
            switch roll {
            case 0..<8:
                changes.append(
                    .init(
                        sheet: s.sheet, status: .rejected,
                        reason: [.notInWard, .notResident, .illegible, .incomplete][roll % 4]))
            case 8..<10: changes.append(.init(sheet: s.sheet, status: .lost))
            case 10..<25: changes.append(.init(sheet: s.sheet, status: .sent))
            default: changes.append(.init(sheet: s.sheet, status: .certified))
            }
        }
        try db.setStatus(changes, by: "demo")
        return db
    }
}
