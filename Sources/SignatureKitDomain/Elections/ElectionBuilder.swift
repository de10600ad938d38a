import Foundation

/// What a group knows about its election: enough to derive every nomination and quota from the statutes.
public struct ElectionSpec: Sendable {
    public var kind: ElectionKind
    public var name: String
    /// The file's id (default: from the name, `kommunalwahl-musterstadt-2030`).
    public var id: String?
    /// The municipality or Kreis (Kommunalwahl, Kreistag); the Land for the Bundestag and the Landtag.
    public var city: String?
    public var electionDay: CalendarDay
    /// Population of the municipality or Kreis (IT.NRW figure of the 42nd month).
    public var inhabitants: Int?
    /// Eligible voters of the Wahlgebiet (reference date of the 45th month).
    public var voters: Int?
    /// A council made smaller by Satzung (§ 3 Abs. 2 S. 2).
    public var councilSize: Int?
    /// The number of wards, when given: must be half the council.
    public var wards: Int?
    /// Stadtbezirke with their eligible voters (kreisfreie Städte).
    public var districts: [(name: String, voters: Int)] = []
    /// Ward names by number (from `--ward-names FILE`).
    public var wardNames: [Int: String] = [:]
    /// Eligible voters of the Land at the last Bundestag election (the Landesliste's base).
    public var stateVoters: Int?
    public var constituencies: [Constituency] = []
    public var postalCodes: [String] = []

    public init(kind: ElectionKind, name: String, electionDay: CalendarDay) {
        self.kind = kind
        self.name = name
        self.electionDay = electionDay
    }
}

/// Builds an election file from an ``ElectionSpec`` by the statute tables: council size (KWahlG § 3 Abs. 2), wards,
/// the ward tier by the municipality's average (KWahlO § 78 Abs. 1), the reserve list (§ 16), mayor or Landrat
/// (§ 46d), district lists (§ 46a), and for the Bundestag and the Landtag the Landesliste and the constituencies.
/// Every value carries its paragraph and whether it is confirmed (`../shared/domain/elections-beyond.md`).
public enum ElectionBuilder {
    /// Council sizes by population (KWahlG NRW § 3 Abs. 2), for a Gemeinde: (up to inhabitants, members).
    public static let municipalCouncil: [(upTo: Int?, members: Int)] = [
        (5_000, 20), (8_000, 26), (15_000, 32), (30_000, 38), (50_000, 44), (100_000, 50), (250_000, 58), (400_000, 66),
        (550_000, 74), (700_000, 82), (nil, 90),
    ]
    /// Kreistag sizes by population (§ 3 Abs. 2).
    public static let kreisCouncil: [(upTo: Int?, members: Int)] = [
        (200_000, 48), (300_000, 54), (400_000, 60), (500_000, 66), (nil, 72),
    ]

    /// The statutory council size for a population (no Satzung reduction).
    public static func statutoryCouncilSize(inhabitants: Int, kreis: Bool) -> Int {
        let table = kreis ? kreisCouncil : municipalCouncil
        return table.first { $0.upTo.map { inhabitants <= $0 } ?? true }?.members ?? table[table.count - 1].members
    }

    package static func fail(_ option: String, _ reason: String) -> SignatureKitError { .invalidField(field: option, reason: reason) }

    /// Builds and checks the election; every refusal names the option.
    ///
    /// - Throws: ``SignatureKitError/invalidField(field:reason:)``.
    public static func build(_ spec: ElectionSpec) throws -> Election {
        let name = spec.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.unicodeScalars.count <= 120, !name.unicodeScalars.contains(where: \.isControlOrBidi) else {
            throw fail("--name", "Name der Wahl fehlt oder ist zu lang (höchstens 120 Zeichen)")
        }
        let id = spec.id ?? slug(name)
        guard !id.isEmpty, id.utf8.count <= 80, id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            throw fail("--id", "nur Kleinbuchstaben a–z, Ziffern und Bindestriche, höchstens 80 Zeichen")
        }
        switch spec.kind {
        case .kommunalwahl, .kreistag: return try local(spec, name: name, id: id)
        case .bundestag, .landtag: return try federal(spec, name: name, id: id)
        }
    }

    /// `Kommunalwahl Musterstadt 2030` → `kommunalwahl-musterstadt-2030`.
    package static func slug(_ text: String) -> String {
        var out = ""
        for ch in Normalizer.nameKey(text) {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch) } else if !out.hasSuffix("-") { out.append("-") }
        }
        return String(out.trimmingCharacters(in: CharacterSet(charactersIn: "-")))
    }

    package static func positive(_ value: Int?, _ option: String, upTo limit: Int) throws -> Int {
        guard let value else { throw fail(option, "fehlt") }
        guard value > 0 else { throw fail(option, "muss größer als 0 sein") }
        guard value <= limit else { throw fail(option, "höchstens \(limit)") }
        return value
    }

    /// Kommunalwahl or Kreistag.
    package static func local(_ spec: ElectionSpec, name: String, id: String) throws -> Election {
        let kreis = spec.kind == .kreistag
        let inhabitants = try positive(spec.inhabitants, "--inhabitants", upTo: 20_000_000)
        let voters = try positive(spec.voters, "--voters", upTo: 20_000_000)
        guard let city = spec.city?.trimmingCharacters(in: .whitespaces), !city.isEmpty else {
            throw fail("--city", kreis ? "Name des Kreises fehlt" : "Name der Gemeinde fehlt")
        }
        let statutory = statutoryCouncilSize(inhabitants: inhabitants, kreis: kreis)
        var council = statutory
        var councilBasis = "KWahlG NRW § 3 Abs. 2 (\(inhabitants.formatted(.number.locale(Locale(identifier: "de_DE")))) Einwohner → \(statutory))"
        if let asked = spec.councilSize {
            let reduction = statutory - asked
            guard asked <= statutory, reduction % 2 == 0, reduction <= 12, asked >= 20 else {
                throw fail(
                    "--council-size",
                    "\(asked) passt nicht: gesetzlich \(statutory) Sitze; eine Satzung verringert um 2, 4, … bis 12, nie unter 20 (§ 3 Abs. 2 S. 2)")
            }
            council = asked
            if reduction > 0 { councilBasis = "KWahlG NRW § 3 Abs. 2 S. 2 (durch Satzung von \(statutory) auf \(asked) verringert)" }
        }
        let wardCount = council / 2
        if let asked = spec.wards, asked != wardCount {
            throw fail("--wards", "\(asked) passt nicht zu \(council) Sitzen: die Hälfte der Sitze wird in Wahlbezirken gewählt, also \(wardCount)")
        }
        for number in spec.wardNames.keys where !(1...wardCount).contains(number) {
            throw fail("--ward-names", "Wahlbezirk \(number) gibt es nicht (1 bis \(wardCount))")
        }
        if kreis && !spec.districts.isEmpty { throw fail("--district", "Stadtbezirke gibt es nur in kreisfreien Städten, nicht im Kreistag") }
        var seenDistricts = Set<String>()
        for d in spec.districts {
            guard !d.name.isEmpty, seenDistricts.insert(Normalizer.nameKey(d.name)).inserted else {
                throw fail("--district", "„\(d.name)“ ist leer oder doppelt")
            }
            guard d.voters > 0 else { throw fail("--district", "\(d.name): die Zahl der Wahlberechtigten muss größer als 0 sein") }
        }
        // The ward tier from the municipality's average (the same for every ward).
        let tiers = [QuotaRule.Tier(upTo: 5_000, required: 5), .init(upTo: 10_000, required: 10), .init(upTo: nil, required: 20)]
        let average = Double(inhabitants) / Double(wardCount)
        let wardQuota = tiers.first { $0.upTo.map { average <= Double($0) } ?? true }?.required ?? 20
        let averageText = GermanNumber.format(average, digits: 0)
        let smallTown = !kreis && inhabitants <= 10_000
        let mayorFactor = smallTown ? 3 : 5
        let lawNames = kreis ? "Kreistag" : "Rat"
        var e = Election.template(id: id, name: name, city: city, day: spec.electionDay, kind: spec.kind)
        e.inhabitants = LegalValue(
            inhabitants, basis: "KWahlO NRW § 78 Abs. 1 (Bevölkerungszahl, im 42. Monat der Wahlperiode veröffentlicht)",
            source: "Angabe beim Anlegen (IT.NRW)", confirmed: true)
        e.eligibleVoters = LegalValue(
            voters, basis: "KWahlO NRW § 78 Abs. 2 (Wahlberechtigte am Stichtag des 45. Monats)", source: "Angabe beim Anlegen")
        e.councilSize = LegalValue(council, basis: councilBasis, source: "Tabelle § 3 Abs. 2 (\(lawNames))")
        e.wardCount = LegalValue(wardCount, basis: "KWahlG NRW § 3 Abs. 2 (die Hälfte der Sitze in Wahlbezirken)")
        e.wards = (1...wardCount).map { Ward(number: $0, name: spec.wardNames[$0]) }
        e.districts = spec.districts.enumerated().map { District(number: $0.offset + 1, name: $0.element.name) }
        e.postalCodes = LegalValue(
            spec.postalCodes, basis: "KWahlG NRW § 7 (Wohnung im Wahlgebiet)", source: "Angabe beim Anlegen", confirmed: false,
            note: spec.postalCodes.isEmpty ? "Keine Postleitzahlen angegeben: nicht geprüft." : nil)
        e.residenceByCity = !kreis
        e.quotas = Quotas(
            ward: LegalValue(
                QuotaRule(rule: .inhabitantTiers, tiers: tiers, default: wardQuota), basis: "KWahlG NRW § 15 Abs. 2 S. 3; KWahlO NRW § 78 Abs. 1",
                source: "lexmea.de/gesetz/kwahlg-nrw/15; anwalt24 KWahlO § 78",
                note:
                    "\(inhabitants) Einwohner / \(wardCount) Wahlbezirke ≈ \(averageText) je Wahlbezirk → \(wardQuota) Unterschriften in jedem Wahlbezirk."
            ),
            list: LegalValue(
                QuotaRule(rule: .perMille, perMille: 1, minimum: 5, maximum: 100, rounding: .up), basis: "KWahlG NRW § 16 Abs. 1 S. 3",
                source: "lexmea.de/en/gesetz/kwahlg-nrw/16",
                note: "1 ‰ der Wahlberechtigten, mindestens 5, höchstens 100; aufgerundet (Rundung unbestätigt)."),
            mayor: LegalValue(
                QuotaRule(rule: .perCouncilSeat, factor: mayorFactor), basis: "KWahlG NRW § 46d Abs. 1 S. 3",
                source: "lexmea.de/gesetz/kwahlg-nrw/46d",
                note: "\(mayorFactor) × \(council) Sitze" + (smallTown ? " (Gemeinde bis 10.000 Einwohner)" : "")),
            district: spec.districts.isEmpty
                ? nil
                : LegalValue(
                    QuotaRule(rule: .perMille, perMille: 1, minimum: 5, maximum: 50, rounding: .up), basis: "KWahlG NRW § 46a Abs. 5 i. V. m. § 16",
                    source: "recht.nrw.de (Stand 10.06.2021)",
                    note: "1 ‰ der Wahlberechtigten des Stadtbezirks, mindestens 5, höchstens 50."))
        if !spec.districts.isEmpty {
            e.districtEligibleVoters = LegalValue(
                Dictionary(uniqueKeysWithValues: spec.districts.map { ($0.name, $0.voters) }), basis: "KWahlG NRW § 46a Abs. 5",
                source: "Angabe beim Anlegen")
            e.districtCouncilThreshold = LegalValue(2.5, basis: "KWahlG NRW § 33 Abs. 2 i. V. m. § 46b", source: "VerfGH NRW 21.11.2017")
        }
        e.labels =
            kreis
            ? ["mayor": "Landrat/Landrätin", "list": "Reserveliste"] : ["mayor": spec.districts.isEmpty ? "Bürgermeister/in" : "Oberbürgermeister/in"]
        e.signers = LegalValue(
            "Deutsche und Unionsbürger/innen ab 16 Jahren mit Hauptwohnung im Wahlgebiet seit dem 16. Tag vor der Wahl",
            basis: "KWahlG NRW § 7", source: "lexmea.de/gesetz/kwahlg-nrw/7")
        e.conflictRule = LegalValue(
            .review, basis: "KWahlO NRW § 26 Abs. 3", source: "stadt-willich.de (Sekundärquelle)", confirmed: false,
            note:
                "Eine Person unterstützt nur einen Wahlvorschlag je Art; welche Unterschrift gilt, ist nicht geregelt gefunden: die Organisation entscheidet in der Prüfung."
        )
        return e
    }

    /// Bundestag or Landtag in NRW.
    package static func federal(_ spec: ElectionSpec, name: String, id: String) throws -> Election {
        let landtag = spec.kind == .landtag
        guard !spec.constituencies.isEmpty else { throw fail("--constituency", "mindestens einen Wahlkreis angeben: NUMMER=NAME") }
        var seen = Set<Int>()
        for c in spec.constituencies {
            guard (1...999).contains(c.number) else { throw fail("--constituency", "Nummer \(c.number) liegt außerhalb von 1 bis 999") }
            guard seen.insert(c.number).inserted else { throw fail("--constituency", "Wahlkreis \(c.number) ist doppelt angegeben") }
            guard !c.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("--constituency", "Wahlkreis \(c.number): Name fehlt") }
        }
        if spec.inhabitants != nil || spec.councilSize != nil || spec.wards != nil || !spec.districts.isEmpty {
            throw fail(
                spec.inhabitants != nil ? "--inhabitants" : spec.councilSize != nil ? "--council-size" : spec.wards != nil ? "--wards" : "--district",
                "gilt nur für Kommunalwahl und Kreistag")
        }
        let city = spec.city?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? "Nordrhein-Westfalen"
        var e = Election.template(id: id, name: name, city: city, day: spec.electionDay, kind: spec.kind)
        e.constituencies = spec.constituencies.sorted { $0.number < $1.number }
        e.councilSize = LegalValue(0, basis: "–", note: "keine Ratswahl")
        e.wardCount = LegalValue(0, basis: "–", note: "keine Wahlbezirke; Kreiswahlvorschläge je Wahlkreis")
        e.residenceByCity = false
        e.postalCodes = LegalValue(spec.postalCodes, basis: landtag ? "LWahlG NRW § 1" : "BWahlG § 12", confirmed: false)
        e.labels = ["list": "Landesliste"]
        if landtag {
            let voters = spec.stateVoters ?? spec.voters ?? 0
            e.eligibleVoters = LegalValue(voters, basis: "LWahlG NRW § 20 Abs. 1 S. 2", note: "nur zur Auskunft: das Soll ist eine feste Zahl")
            e.minimumAge = LegalValue(
                16, basis: "LWahlG NRW § 1 Nr. 2 (Fassung vom 03.02.2026); LV NRW Art. 31 Abs. 2", source: "GV. NRW. 2026 S. 5 und S. 141")
            e.signers = LegalValue(
                "Deutsche ab 16 Jahren mit Wohnung in Nordrhein-Westfalen seit dem 16. Tag vor der Wahl (keine Unionsbürger/innen)",
                basis: "LWahlG NRW §§ 1, 2", source: "lexmea LWahlG § 1; GV. NRW. 2026 S. 141")
            e.nominationDeadline = LegalValue(
                DayOffset(daysBefore: 59, time: "18:00", timeZone: "Europe/Berlin"), basis: "LWahlG NRW § 19 Abs. 1",
                source: "2022: 59. Tag (Kreis Borken, Kreis Coesfeld)", confirmed: false,
                note: "Für 2027 nicht bestätigt; glich NRW an den 69. Tag der Kommunalwahl an, wäre es der 15.02.2027.")
            e.quotas = Quotas(
                list: LegalValue(
                    QuotaRule(rule: .fixed, required: 2_000), basis: "LWahlG NRW § 20 Abs. 1 S. 2", source: "LD NRW, 09.02.2026 (eine Parteiquelle)",
                    confirmed: false, note: "Bis 2025 laut Gesetz 1.000; für 2027 werden 2.000 berichtet – bis zur Bestätigung die höhere Zahl."),
                constituency: LegalValue(
                    QuotaRule(rule: .fixed, required: 200), basis: "LWahlG NRW § 19 Abs. 2 S. 2", source: "LD NRW, 09.02.2026 (eine Parteiquelle)",
                    confirmed: false, note: "Bis 2025 laut Gesetz 100; für 2027 werden 200 berichtet – bis zur Bestätigung die höhere Zahl."))
            e.conflictRule = LegalValue(
                .review, basis: "LWahlO NRW § 23", source: "WDR Wahl-Lexikon (Sekundärquelle)", confirmed: false,
                note:
                    "Nur einen Kreiswahlvorschlag unterschreiben; ob dann alle oder nur die späteren ungültig sind, ist unbestätigt: die Organisation entscheidet."
            )
        } else {
            let stateVoters = try positive(spec.stateVoters, "--state-voters", upTo: 20_000_000)
            e.eligibleVoters = LegalValue(stateVoters, basis: "BWahlG § 27 Abs. 1 S. 2 (Wahlberechtigte des Landes bei der letzten Bundestagswahl)")
            e.minimumAge = LegalValue(18, basis: "BWahlG § 12 Abs. 1", source: "gesetze-im-internet.de/bwahlg/__12.html")
            e.signers = LegalValue(
                "Deutsche ab 18 Jahren, seit mindestens drei Monaten in Deutschland wohnhaft (keine Unionsbürger/innen)", basis: "BWahlG § 12 Abs. 1",
                source: "gesetze-im-internet.de/bwahlg/__12.html")
            e.nominationDeadline = LegalValue(
                DayOffset(daysBefore: 69, time: "18:00", timeZone: "Europe/Berlin"), basis: "BWahlG § 19",
                source: "gesetze-im-internet.de/bwahlg/__19.html",
                note: "Bei vorgezogener Wahl kürzt eine Verordnung die Fristen (2025: 34. Tag).")
            e.quotas = Quotas(
                list: LegalValue(
                    QuotaRule(rule: .perMille, perMille: 1, maximum: 2_000, rounding: .up), basis: "BWahlG § 27 Abs. 1 S. 2",
                    source: "gesetze-im-internet.de/bwahlg/__27.html", note: "1 ‰ der Wahlberechtigten des Landes, höchstens 2.000; NRW: 2.000."),
                constituency: LegalValue(
                    QuotaRule(rule: .fixed, required: 200), basis: "BWahlG § 20 Abs. 2 S. 3", source: "gesetze-im-internet.de/bwahlg/__20.html"))
            e.conflictRule = LegalValue(
                .firstSignedCounts, basis: "BWO § 34 Abs. 4 Nr. 4", source: "BWO in der Fassung vom 12.09.2024",
                note: "Wer mehrere Kreiswahlvorschläge unterzeichnet, dessen Unterschrift ist auf allen weiteren ungültig.")
        }
        e.residenceCutoff = LegalValue(
            DayOffset(daysBefore: landtag ? 16 : 0),
            basis: landtag ? "LWahlG NRW § 1" : "BWahlG § 20 Abs. 2 S. 3 (Wahlrecht im Zeitpunkt der Unterzeichnung)")
        return e
    }
}

extension Election {
    /// An election with the defaults every NRW Kommunalwahl shares, for the builder to fill in.
    package static func template(id: String, name: String, city: String, day: CalendarDay, kind: ElectionKind) -> Election {
        Election(
            id: id, name: name, city: city, kind: kind, constituencies: nil, labels: nil, signers: nil, conflictRule: nil,
            residenceByCity: nil,
            electionDay: LegalValue(day, basis: kind == .bundestag ? "BWahlG § 16" : kind == .landtag ? "LV NRW Art. 34" : "KWahlG NRW § 14"),
            nominationDeadline: LegalValue(
                DayOffset(daysBefore: 69, time: "18:00", timeZone: "Europe/Berlin"), basis: "KWahlG NRW § 15 Abs. 1",
                source: "lexmea.de/gesetz/kwahlg-nrw/15"),
            residenceCutoff: LegalValue(DayOffset(daysBefore: 16), basis: "KWahlG NRW § 7", source: "lexmea.de/gesetz/kwahlg-nrw/7"),
            earliestNominationMeeting: nil,
            minimumAge: LegalValue(16, basis: "KWahlG NRW § 7", source: "lexmea.de/gesetz/kwahlg-nrw/7"),
            eligibleVoters: LegalValue(0, basis: ""), inhabitants: nil, councilSize: LegalValue(0, basis: ""), wardCount: LegalValue(0, basis: ""),
            postalCodes: LegalValue([], basis: "", confirmed: false), districts: [], wards: [], wardsNote: nil,
            quotas: Quotas(list: LegalValue(QuotaRule(rule: .fixed, required: 0), basis: "")), districtEligibleVoters: nil,
            seatAllocation: LegalValue(
                SeatAllocationSettings(method: .sainteLague, evenEnlargedSize: true, majorityBonus: true, threshold: 0, legalDate: "2025-06-10"),
                basis: "KWahlG NRW § 33 (Fassung vom 10.06.2025)", source: "VerfGH NRW 20.05.2025; Gesetz vom 10.06.2025", confirmed: false),
            districtCouncilThreshold: nil, resultPublished: nil, runOffResultPublished: nil,
            objectionPeriodMonths: LegalValue(1, basis: "KWahlG NRW § 39 Abs. 1", confirmed: false), electionReviewUntil: nil,
            recountParticipation: nil, majoritySeat: nil, wardQuotaCautious: nil, districtCouncilSize: nil, campaign: nil)
    }
}

extension String {
    package var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension ElectionBuilder {
    /// Ward names from a CSV file `number;name` (a header line is allowed).
    ///
    /// - Throws: ``SignatureKitError/invalidField(field:reason:)`` naming `--ward-names`, the file and the line.
    public static func wardNames(file path: String) throws -> [Int: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SignatureKitError.invalidField(field: "--ward-names", reason: "\(path) kann nicht gelesen werden")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SignatureKitError.invalidField(field: "--ward-names", reason: "\(path) ist kein UTF-8")
        }
        var names: [Int: String] = [:]
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let parts = line.split(separator: line.contains(";") ? ";" : ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let number = Int(parts[0]) else {
                if index == 0 { continue }  // a header
                throw SignatureKitError.invalidField(field: "--ward-names", reason: "\(path), Zeile \(index + 1): Nummer des Wahlbezirks fehlt")
            }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw SignatureKitError.invalidField(field: "--ward-names", reason: "\(path), Zeile \(index + 1): Name fehlt")
            }
            guard names[number] == nil else {
                throw SignatureKitError.invalidField(field: "--ward-names", reason: "\(path), Zeile \(index + 1): Wahlbezirk \(number) doppelt")
            }
            names[number] = parts[1]
        }
        return names
    }

    /// The election as its file: pretty, sorted keys, checked by reading it back as any election file would be. An
    /// existing file is never overwritten; nothing is written when the check fails.
    public static func write(_ election: Election, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(election)
        _ = try ElectionCatalog.decode(data, path: path)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw SignatureKitError.invalidField(field: "--output", reason: "\(path) gibt es schon; nichts überschrieben")
        }
        guard FileManager.default.createFile(atPath: path, contents: data + Data("\n".utf8)) else {
            throw SignatureKitError.invalidField(field: "--output", reason: "\(path) kann nicht geschrieben werden")
        }
    }
}
