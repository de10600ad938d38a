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
        wards.map { .ward($0.number) } + [.list, .mayor] + districts.map { .district($0.name) }
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
        if case .ward(let n) = nomination, let name = ward(n)?.name, !name.isEmpty { return "Wahlbezirk \(n) – \(name)" }
        return canonical(nomination).germanLabel
    }

    /// Whether the nomination exists in this election.
    public func contains(_ nomination: NominationID) -> Bool {
        switch nomination {
        case .ward(let n): ward(n) != nil
        case .list, .mayor: true
        case .district(let name): district(named: name) != nil
        }
    }

    /// Whether a ward's quota rests on known figures (an override from the city, or its inhabitants).
    public func wardQuotaKnown(_ number: Int) -> Bool {
        guard let w = ward(number) else { return false }
        return w.required != nil || w.inhabitants != nil
    }

    /// Signatures the nomination needs, computed from the rule data. With `cautious`, a ward whose inhabitants are
    /// unknown needs the highest tier (``wardQuotaCautious``, 20) instead of the default.
    public func required(for nomination: NominationID, cautious: Bool = false) -> Int {
        switch nomination {
        case .ward(let n):
            let rule = quotas.ward.value
            guard let w = ward(n) else { return rule.default ?? 0 }
            if let r = w.required { return r }
            if let inhabitants = w.inhabitants, let tiers = rule.tiers {
                for tier in tiers where tier.upTo.map({ inhabitants <= $0 }) ?? true { return tier.required }
            }
            if cautious { return wardQuotaCautious?.value ?? rule.tiers?.map(\.required).max() ?? rule.default ?? 0 }
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
