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
    func perMille(of voters: Int) -> Int? {
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

/// Seat allocation settings for the council, with the legal date of the method.
public struct SeatAllocationSettings: Codable, Sendable {
    public var method: SeatMethod
    public var evenEnlargedSize: Bool
    public var majorityBonus: Bool
    public var threshold: Double
    public var legalDate: String
}

/// Quota rules for every nomination kind.
public struct Quotas: Codable, Sendable {
    public var ward: LegalValue<QuotaRule>
    public var list: LegalValue<QuotaRule>
    public var mayor: LegalValue<QuotaRule>
    public var district: LegalValue<QuotaRule>
}

/// One election as described by a file in `districts/elections/`.
public struct Election: Codable, Sendable {
    public var id: String
    public var name: String
    public var city: String
    public var electionDay: LegalValue<CalendarDay>
    public var nominationDeadline: LegalValue<DayOffset>
    public var residenceCutoff: LegalValue<DayOffset>
    public var earliestNominationMeeting: LegalValue<CalendarDay>?
    public var minimumAge: LegalValue<Int>
    public var eligibleVoters: LegalValue<Int>
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
    /// The end of the objection period, counted from election day (a negative `daysBefore` is after it).
    public var objectionPeriod: LegalValue<DayOffset>?
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

    /// Personal data may be deleted from this day on: after the objection period (or the day after the election).
    public var purgeAllowedFrom: CalendarDay { day.adding(days: -(objectionPeriod?.value.daysBefore ?? -1)) }

    /// Born on or before this day means old enough on election day.
    public var latestBirthDate: CalendarDay { day.subtracting(years: minimumAge.value) }

    // MARK: - Nominations and quotas

    /// Every nomination of this election: each ward, the list, the mayor and each district council.
    public var nominations: [NominationID] {
        wards.map { .ward($0.number) } + [.list, .mayor] + districts.map { .district($0.name) }
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
        return nomination
    }

    /// Whether the nomination exists in this election.
    public func contains(_ nomination: NominationID) -> Bool {
        switch nomination {
        case .ward(let n): ward(n) != nil
        case .list, .mayor: true
        case .district(let name): district(named: name) != nil
        }
    }

    /// Signatures the nomination needs, computed from the rule data.
    public func required(for nomination: NominationID) -> Int {
        switch nomination {
        case .ward(let n):
            let rule = quotas.ward.value
            guard let w = ward(n) else { return rule.default ?? 0 }
            if let r = w.required { return r }
            if let inhabitants = w.inhabitants, let tiers = rule.tiers {
                for tier in tiers where tier.upTo.map({ inhabitants <= $0 }) ?? true { return tier.required }
            }
            return rule.default ?? rule.required ?? 0
        case .list:
            return apply(quotas.list.value, voters: eligibleVoters.value)
        case .mayor:
            return apply(quotas.mayor.value, voters: eligibleVoters.value)
        case .district(let name):
            let canonical = district(named: name)?.name ?? name
            let voters = districtEligibleVoters?.value[canonical] ?? 0
            return apply(quotas.district.value, voters: voters)
        }
    }

    /// The legal value behind a nomination's quota (basis, source, confirmed).
    public func quotaSource(for kind: NominationKind) -> LegalValue<QuotaRule> {
        switch kind {
        case .ward: quotas.ward
        case .list: quotas.list
        case .mayor: quotas.mayor
        case .district: quotas.district
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
