import Foundation

/// A legal value with where it comes from and how sure it is.
public struct LegalValue<Value: Codable & Sendable>: Codable, Sendable {
    public var value: Value
    /// The paragraph, e.g. "KWahlG NRW § 16 Abs. 1 S. 3".
    public var basis: String
    public var source: String
    public var confirmed: Bool
    public var note: String?

    public init(_ value: Value, basis: String, source: String = "", confirmed: Bool = true, note: String? = nil) {
        self.value = value
        self.basis = basis
        self.source = source
        self.confirmed = confirmed
        self.note = note
    }
}

/// A deadline counted back from election day, with a time of day.
public struct DayOffset: Codable, Sendable {
    public var daysBefore: Int
    public var time: String?
    public var timeZone: String?
}

/// How many signatures a nomination needs: data, so a new rule is a file change.
public struct QuotaRule: Codable, Sendable {
    /// The kinds of quota rule; an unknown one in an election file is a decoding error naming the field.
    public enum Kind: String, Codable, Sendable {
        /// By inhabitants of the ward (§ 15 Abs. 2): tiers, or a default while inhabitants are unknown.
        case inhabitantTiers = "inhabitant-tiers"
        /// Per mille of the eligible voters, with a minimum and a maximum (§ 16).
        case perMille = "per-mille"
        /// A factor times the council size (§ 46d).
        case perCouncilSeat = "per-council-seat"
        /// A fixed number.
        case fixed
    }
    /// How a per-mille quota is rounded.
    public enum Rounding: String, Codable, Sendable { case up, down }
    public struct Tier: Codable, Sendable {
        public var upTo: Int?
        public var required: Int
    }
    public var rule: Kind
    public var tiers: [Tier]?
    public var `default`: Int?
    public var perMille: Double?
    public var minimum: Int?
    public var maximum: Int?
    /// `up` (default) or `down` for per-mille rules.
    public var rounding: Rounding?
    public var factor: Int?
    public var required: Int?

    /// Applies a per-mille rule to a number of eligible voters.
    package func perMille(of voters: Int) -> Int? {
        guard let perMille else { return nil }
        let raw = Double(voters) * perMille / 1000
        var n = rounding == .down ? Int(raw.rounded(.down)) : Int(raw.rounded(.up))
        if let minimum { n = max(n, minimum) }
        if let maximum { n = min(n, maximum) }
        return n
    }
}

/// A council ward (*Wahlbezirk*). Names only where a source confirms them.
public struct Ward: Codable, Sendable {
    public var number: Int
    public var name: String?
    public var district: String?
    public var inhabitants: Int?
    /// Overrides the computed quota (from the city's call for nominations).
    public var required: Int?
}

/// A city district (*Stadtbezirk*) with its own district council.
public struct District: Codable, Sendable {
    public var number: Int
    public var name: String
}

/// Which lists take part in the balancing recount after overhang seats.
public enum RecountParticipation: String, Codable, Sendable {
    /// Only lists that won a seat in the first allocation (KWahlO § 61 Abs. 5, OVG NRW 2011).
    case listsWithSeat = "lists-with-seat"
    /// Every list with a reserve list (the reading of VG Aachen 2010).
    case allLists = "all-lists"
}

/// When the majority seat of § 33 Abs. 4 is added.
public enum MajoritySeatOrder: String, Codable, Sendable {
    /// After the even-size step of the overhang recount; the size is not made even again.
    case afterEvenSize = "after-even-size"
}

/// Seat allocation settings for the council, with the legal date of the method.
public struct SeatAllocationSettings: Codable, Sendable {
    public var method: SeatMethod
    public var evenEnlargedSize: Bool
    public var majorityBonus: Bool
    public var threshold: Double
    public var legalDate: String
}

/// Quota rules for every nomination kind the election has (a Bundestag election has no wards, no mayor).
public struct Quotas: Codable, Sendable {
    public var ward: LegalValue<QuotaRule>?
    public var list: LegalValue<QuotaRule>
    public var mayor: LegalValue<QuotaRule>?
    public var district: LegalValue<QuotaRule>?
    /// Kreiswahlvorschläge of the Bundestag or the Landtag.
    public var constituency: LegalValue<QuotaRule>?

    public init(
        ward: LegalValue<QuotaRule>? = nil, list: LegalValue<QuotaRule>, mayor: LegalValue<QuotaRule>? = nil,
        district: LegalValue<QuotaRule>? = nil, constituency: LegalValue<QuotaRule>? = nil
    ) {
        self.ward = ward
        self.list = list
        self.mayor = mayor
        self.district = district
        self.constituency = constituency
    }
}

/// The kind of election: which nominations exist and which rules apply comes from the data, never from the kind.
public enum ElectionKind: String, Codable, Sendable, CaseIterable {
    case kommunalwahl, kreistag, bundestag, landtag
}

/// What happens when one person signed two nominations of the same kind (a conflict).
public enum ConflictRule: String, Codable, Sendable {
    /// The organizers decide in the review (KWahlO NRW § 26 Abs. 3: one nomination per person; which counts is not
    /// settled): both stay pending until then.
    case review
    /// The first signature stays valid, every later one is invalid (BWO § 34 Abs. 4 Nr. 4): the later-signed sheet
    /// no longer counts, at once.
    case firstSignedCounts = "first-signed-counts"
}

/// A constituency (*Wahlkreis*) of the Bundestag or the Landtag.
public struct Constituency: Codable, Sendable, Equatable {
    public var number: Int
    public var name: String
    public init(number: Int, name: String) {
        self.number = number
        self.name = name
    }
}

/// One election as described by a file in `districts/elections/`.
public struct Election: Codable, Sendable {
    public var id: String
    public var name: String
    /// The Wahlgebiet's name: the city, the Kreis, or the Land (NRW) for the Bundestag and the Landtag.
    public var city: String
    /// Kommunalwahl (the default of older files), Kreistag, Bundestag or Landtag.
    public var kind: ElectionKind?
    /// Constituencies (Bundestag, Landtag): nominations `constituency:N`.
    public var constituencies: [Constituency]?
    /// Labels that differ by election: `list` ("Landesliste"), `mayor` ("Landrat/Landrätin").
    public var labels: [String: String]?
    /// Who may sign, in German, as the collector must ask it (citizenship is not on the form).
    public var signers: LegalValue<String>?
    /// What a conflict (one person, two nominations of one kind) means; `review` when absent.
    public var conflictRule: LegalValue<ConflictRule>?
    /// Whether the signer's place of residence is checked against ``city`` (a municipality); `false` for a Kreis or a
    /// Land without a list of its municipalities. Absent: `true`.
    public var residenceByCity: Bool?

    /// See ``residenceByCity``.
    public var checksResidenceByCity: Bool { residenceByCity ?? true }
    public var electionDay: LegalValue<CalendarDay>
    public var nominationDeadline: LegalValue<DayOffset>
    public var residenceCutoff: LegalValue<DayOffset>
    public var earliestNominationMeeting: LegalValue<CalendarDay>?
    public var minimumAge: LegalValue<Int>
    public var eligibleVoters: LegalValue<Int>
    /// The population of the municipality (or Kreis): council size, the ward tier (divided by the number of wards,
    /// KWahlO § 78 Abs. 1) and the mayor's factor. Absent in older files: then only wards with their own figure count
    /// as known.
    public var inhabitants: LegalValue<Int>?
    public var councilSize: LegalValue<Int>
    public var wardCount: LegalValue<Int>
    public var postalCodes: LegalValue<[String]>
    public var districts: [District]
    public var wards: [Ward]
    public var wardsNote: String?
    public var quotas: Quotas
    public var districtEligibleVoters: LegalValue<[String: Int]>?
    public var seatAllocation: LegalValue<SeatAllocationSettings>
    public var districtCouncilThreshold: LegalValue<Double>?
    /// The day the council result was published (the objection period starts then).
    public var resultPublished: LegalValue<CalendarDay>?
    /// The day a run-off result was published: it postpones the objection period.
    public var runOffResultPublished: LegalValue<CalendarDay>?
    /// The objection period in months (§ 39: one month).
    public var objectionPeriodMonths: LegalValue<Int>?
    /// When a pending election review (Wahlprüfung) ends; personal data stays until then.
    public var electionReviewUntil: LegalValue<CalendarDay>?
    /// Which lists take part in the balancing recount after overhang (§ 33 Abs. 3, KWahlO § 61 Abs. 5).
    public var recountParticipation: LegalValue<RecountParticipation>?
    /// When the majority seat (§ 33 Abs. 4) is added relative to the even-size step.
    public var majoritySeat: LegalValue<MajoritySeatOrder>?
    /// The ward quota of a cautious plan for wards whose inhabitants are unknown.
    public var wardQuotaCautious: LegalValue<Int>?
    /// Members of each district council (Bezirksvertretung).
    public var districtCouncilSize: LegalValue<Int>?

    // MARK: - Derived dates

    public var day: CalendarDay { electionDay.value }

    /// The last day a nomination (with its certified signatures) can be handed in: 69th day before.
    public var deadlineDay: CalendarDay { day.adding(days: -nominationDeadline.value.daysBefore) }

    /// The deadline as people read it: "07.07.2025, 18:00 Uhr".
    public var deadlineText: String {
        "\(deadlineDay.german)" + (nominationDeadline.value.time.map { ", \($0) Uhr" } ?? "")
    }

    /// The residence cut-off (16th day before the election).
    public var residenceCutoffDay: CalendarDay { day.adding(days: -residenceCutoff.value.daysBefore) }

    /// Personal data may be deleted from this day on: the day after the latest of the objection periods (from the
    /// publication of the result and of a run-off) and of a pending election review.
    public var purgeAllowedFrom: CalendarDay { purgeRule.day }

    /// ``purgeAllowedFrom`` with the reason, in German, as `purge` says it.
    public var purgeRule: (day: CalendarDay, reason: String) {
        let months = objectionPeriodMonths?.value ?? 1
        var candidates: [(CalendarDay, String)] = [
            (
                (resultPublished?.value ?? day).adding(months: months).adding(days: 1),
                "Einspruchsfrist (\(months) Monat) nach Bekanntmachung des Wahlergebnisses am \((resultPublished?.value ?? day).german)"
            )
        ]
        if let runOff = runOffResultPublished?.value {
            candidates.append(
                (runOff.adding(months: months).adding(days: 1), "Einspruchsfrist nach der Stichwahl (Bekanntmachung \(runOff.german))"))
        }
        if let review = electionReviewUntil?.value {
            candidates.append((review.adding(days: 1), "Ende der Wahlprüfung am \(review.german)"))
        }
        let latest = candidates.max { $0.0 < $1.0 } ?? candidates[0]
        return (latest.0, latest.1)
    }

    /// Born on or before this day means old enough on election day.
    public var latestBirthDate: CalendarDay { day.subtracting(years: minimumAge.value) }

    // MARK: - Nominations and quotas

    /// The nominations the campaign runs (`init --nominations`, `sig-cli nominations`); `nil` for all. Set from the
    /// database, never from the election file.
    public var campaign: [NominationID]?

    /// Every nomination of this election: each ward, the list, the mayor and each district council.
    public var allNominations: [NominationID] {
        wards.map { .ward($0.number) } + [.list] + (quotas.mayor == nil ? [] : [.mayor]) + districts.map { .district($0.name) }
            + (constituencies ?? []).map { .constituency($0.number) }
    }

    public func constituency(_ number: Int) -> Constituency? { constituencies?.first { $0.number == number } }

    /// The conflict rule of this election (`review` for older files).
    public var conflicts: ConflictRule { conflictRule?.value ?? .review }

    /// The reminder a collector reads: who may sign (the form does not ask for citizenship).
    public var signerReminder: String {
        let who = signers.map { "\($0.value) (\($0.basis))" } ?? "Deutsche und Unionsbürger (KWahlG NRW § 7)"
        return "Hinweis: Unterschreiben dürfen nur \(who). Das Formblatt fragt die Staatsangehörigkeit nicht ab – beim Sammeln "
            + "nachfragen. Kommt ein Formblatt vom Wahlamt deshalb zurück: Ablehnungsgrund not-eligible (nicht wahlberechtigt)."
    }

    /// The nominations the campaign tracks (progress, submission, entry): all of the election's unless the campaign
    /// chose some.
    public var nominations: [NominationID] {
        guard let campaign else { return allNominations }
        let chosen = Set(campaign.map(canonical))
        return allNominations.filter(chosen.contains)
    }

    /// Whether the campaign runs this nomination (it exists and was chosen).
    public func runs(_ nomination: NominationID) -> Bool {
        guard contains(nomination) else { return false }
        guard let campaign else { return true }
        return campaign.map(canonical).contains(canonical(nomination))
    }

    /// Why a nomination cannot be entered, in German, or `nil` when the campaign runs it.
    public func entryRefusal(_ nomination: NominationID) -> String? {
        if !contains(nomination) { return "\(label(nomination)) gibt es in dieser Wahl nicht" }
        if !runs(nomination) { return "\(label(nomination)) gehört nicht zu den Wahlvorschlägen dieser Kampagne (sig-cli nominations)" }
        return nil
    }

    /// Parses a list of nominations as `init --nominations` takes it: comma-separated, each a nomination as
    /// ``nomination(parsing:)`` reads it or a range of wards (`ward:1-10`, `1-10`). Every entry must exist.
    ///
    /// - Throws: ``SignatureKitError/invalidField(field:reason:)`` naming `option` and the entry.
    public func nominationList(_ text: String, option: String = "--nominations") throws -> [NominationID] {
        var out: [NominationID] = []
        for raw in text.split(separator: ",") {
            let item = raw.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty else { continue }
            let lower = item.lowercased()
            let body = ["ward:", "wahlbezirk ", "wb:"].first(where: lower.hasPrefix).map { String(item.dropFirst($0.count)) } ?? item
            let bounds = body.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if bounds.count == 2, let from = Int(bounds[0]), let to = Int(bounds[1]) {
                guard from >= 1, from <= to else {
                    throw SignatureKitError.invalidField(field: option, reason: "„\(item)“: Bereich von … bis … aufsteigend angeben, z. B. ward:1-10")
                }
                for n in from...to {
                    guard ward(n) != nil else {
                        throw SignatureKitError.invalidField(field: option, reason: "„\(item)“: Wahlbezirk \(n) gibt es in dieser Wahl nicht")
                    }
                    out.append(.ward(n))
                }
                continue
            }
            guard let n = nomination(parsing: item), contains(n) else {
                throw SignatureKitError.invalidField(
                    field: option, reason: "„\(item)“ ist kein Wahlvorschlag dieser Wahl (z. B. ward:1-10,list,mayor,district:Nord)")
            }
            out.append(canonical(n))
        }
        guard !out.isEmpty else { throw SignatureKitError.invalidField(field: option, reason: "keine Wahlvorschläge angegeben") }
        var seen = Set<NominationID>()
        return out.filter { seen.insert($0).inserted }.sorted()
    }

    public func ward(_ number: Int) -> Ward? { wards.first { $0.number == number } }

    /// The district of the given name, matched without regard to case or umlaut spelling.
    public func district(named name: String) -> District? {
        let key = Normalizer.nameKey(name)
        return districts.first { Normalizer.nameKey($0.name) == key }
    }

    /// The nomination as the election spells it (`district:süd` → `district:Süd`).
    public func canonical(_ nomination: NominationID) -> NominationID {
        if case .district(let name) = nomination, let d = district(named: name) { return .district(d.name) }
        // A bare number (or "WB 110") in an election with constituencies and no wards means the constituency.
        if case .ward(let n) = nomination, wards.isEmpty, constituency(n) != nil { return .constituency(n) }
        return nomination
    }

    /// A typed nomination as this election knows it: what ``NominationID`` parses, or a ward's name from the election
    /// data (`Bockum`, `Wahlbezirk 12 – Bockum`), spelled as the election spells it.
    public func nomination(parsing text: String) -> NominationID? {
        if let n = NominationID(text) { return canonical(n) }
        let key = Normalizer.nameKey(text)
        guard !key.isEmpty else { return nil }
        if let w = wards.first(where: { $0.name.map(Normalizer.nameKey) == key }) { return .ward(w.number) }
        return nil
    }

    /// The German label of a nomination, with the ward's name where the election data has one ("Wahlbezirk 12 – Bockum").
    public func label(_ nomination: NominationID) -> String {
        switch nomination {
        case .ward(let n): if let name = ward(n)?.name, !name.isEmpty { return "Wahlbezirk \(n) – \(name)" }
        case .constituency(let n): if let name = constituency(n)?.name, !name.isEmpty { return "Wahlkreis \(n) – \(name)" }
        case .list: if let text = labels?["list"] { return text }
        case .mayor: if let text = labels?["mayor"] { return text }
        case .district: break
        }
        return canonical(nomination).germanLabel
    }

    /// Whether the nomination exists in this election.
    public func contains(_ nomination: NominationID) -> Bool {
        switch nomination {
        case .ward(let n): ward(n) != nil
        case .list: true
        case .mayor: quotas.mayor != nil
        case .district(let name): district(named: name) != nil
        case .constituency(let n): constituency(n) != nil
        }
    }

    /// Whether a ward's quota rests on known figures (an override from the city, its own population, or the
    /// municipality's divided by the number of wards).
    public func wardQuotaKnown(_ number: Int) -> Bool {
        guard let w = ward(number) else { return false }
        return w.required != nil || wardPopulation(w) != nil
    }

    /// The population the ward tier uses: the ward's own figure where a file gives one, else the municipality's
    /// population divided by the number of wards ("Als Bevölkerungszahl des Wahlbezirks gilt die Zahl, die sich aus
    /// der Teilung der Bevölkerungszahl … ergibt", KWahlO § 78 Abs. 1): the same for every ward.
    public func wardPopulation(_ w: Ward) -> Double? {
        if let own = w.inhabitants { return Double(own) }
        guard let total = inhabitants?.value, wardCount.value > 0 else { return nil }
        return Double(total) / Double(wardCount.value)
    }

    /// Signatures the nomination needs, computed from the rule data. With `cautious`, a ward whose inhabitants are
    /// unknown needs the highest tier (``wardQuotaCautious``, 20) instead of the default.
    public func required(for nomination: NominationID, cautious: Bool = false) -> Int {
        switch nomination {
        case .ward(let n):
            guard let rule = quotas.ward?.value else { return 0 }
            guard let w = ward(n) else { return rule.default ?? 0 }
            if let r = w.required { return r }
            if let population = wardPopulation(w), let tiers = rule.tiers {
                // "bis zu 5 000" is the lower tier: exactly 5,000 needs 5.
                for tier in tiers where tier.upTo.map({ population <= Double($0) }) ?? true { return tier.required }
            }
            if cautious { return wardQuotaCautious?.value ?? rule.tiers?.map(\.required).max() ?? rule.default ?? 0 }
            return rule.default ?? rule.required ?? 0
        case .list:
            return apply(quotas.list.value, voters: eligibleVoters.value)
        case .mayor:
            return quotas.mayor.map { apply($0.value, voters: eligibleVoters.value) } ?? 0
        case .district(let name):
            let canonical = district(named: name)?.name ?? name
            let voters = districtEligibleVoters?.value[canonical] ?? 0
            return quotas.district.map { apply($0.value, voters: voters) } ?? 0
        case .constituency:
            return quotas.constituency.map { apply($0.value, voters: 0) } ?? 0
        }
    }

    /// The legal value behind a nomination's quota (basis, source, confirmed).
    public func quotaSource(for kind: NominationKind) -> LegalValue<QuotaRule>? {
        switch kind {
        case .ward: quotas.ward
        case .list: quotas.list
        case .mayor: quotas.mayor
        case .district: quotas.district
        case .constituency: quotas.constituency
        }
    }

    private func apply(_ rule: QuotaRule, voters: Int) -> Int {
        switch rule.rule {
        case .perMille: rule.perMille(of: voters) ?? 0
        case .perCouncilSeat: (rule.factor ?? 0) * councilSize.value
        case .fixed, .inhabitantTiers: rule.required ?? rule.default ?? 0
        }
    }
}
