import Foundation

/// Settings of the progress report and forecast.
public struct ProgressSettings: Sendable {
    /// The report date (counts include sheets signed up to it).
    public var asOf: CalendarDay
    /// Safety margin over the quota (0.3 = 30 %).
    public var margin: Double = 0.3
    /// Days the city needs to certify: the campaign's own deadline is the legal one minus this.
    public var leadDays: Int = 14
    /// Certification rate assumed while nothing is decided yet.
    public var assumedRate: Double = 0.8
    /// Plan with the highest ward quota (20) for every ward whose inhabitants are unknown.
    public var cautious = false

    /// Settings from the command line, checked: margin in percent (0 to 500), lead days (0 to 365).
    ///
    /// - Throws: ``SignatureKitError/invalidField(field:reason:)`` naming the option.
    public static func checked(asOf: CalendarDay, marginPercent: Double, leadDays: Int, cautious: Bool = false) throws
        -> ProgressSettings
    {
        guard marginPercent.isFinite, (0...500).contains(marginPercent) else {
            throw SignatureKitError.invalidField(field: "--margin", reason: "muss eine Zahl von 0 bis 500 (Prozent) sein")
        }
        guard (0...365).contains(leadDays) else {
            throw SignatureKitError.invalidField(field: "--lead-days", reason: "muss zwischen 0 und 365 Tagen liegen")
        }
        var settings = ProgressSettings(asOf: asOf, margin: marginPercent / 100, leadDays: leadDays)
        settings.cautious = cautious
        return settings
    }

    public init(asOf: CalendarDay, margin: Double = 0.3, leadDays: Int = 14, assumedRate: Double = 0.8) {
        self.asOf = asOf
        self.margin = margin
        self.leadDays = leadDays
        self.assumedRate = assumedRate
    }
}

/// The status a person reads at a glance.
public enum ProgressStatus: String, Sendable, Codable, Comparable {
    /// After the deadline: fewer valid sheets than required.
    case missed = "verfehlt"
    case behind = "zurück"
    case atRisk = "gefährdet"
    case onTrack = "auf Kurs"
    case reached = "erreicht"

    private var rank: Int { [.missed: -1, .behind: 0, .atRisk: 1, .onTrack: 2, .reached: 3][self] ?? 0 }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// Progress of one nomination (or of the whole campaign in `totals`).
public struct NominationProgress: Sendable, Codable, Equatable {
    public var id: String
    public var label: String
    public var required: Int
    public var entered: Int
    public var valid: Int
    public var pending: Int
    /// Pending sheets with an error finding: they cannot count.
    public var invalid: Int
    public var rejected: Int
    public var rejectedByReason: [String: Int]
    public var lost: Int
    public var duplicates: Int
    public var projected: Int
    public var target: Int
    public var missing: Int
    /// Sheets per day so far.
    public var pace: Double
    /// Sheets per day needed until the campaign deadline to reach the target.
    public var neededPace: Double?
    /// Projected valid sheets at the campaign deadline at the current pace.
    public var forecast: Int
    public var willMissTarget: Bool
    public var status: ProgressStatus
}

/// The progress report: a value, computed from stored sheets by SQL aggregates; renderers only format it.
public struct ProgressReport: Sendable {
    public var electionName: String
    public var asOf: CalendarDay
    public var legalDeadline: String
    /// The day of the legal deadline (18:00 on it).
    public var legalDeadlineDay: CalendarDay
    public var campaignDeadline: CalendarDay
    public var daysLeft: Int

    /// The campaign's own deadline in words: "noch 22 Tage", "heute", or "überschritten" once it has passed (never
    /// "noch 0 Tage" a week after it).
    public var campaignDeadlineText: String {
        let days = asOf.days(until: campaignDeadline)
        if days > 1 { return "noch \(days) Tage" }
        if days == 1 { return "noch 1 Tag" }
        if days == 0 { return "heute" }
        return "seit \(-days) \(-days == 1 ? "Tag" : "Tagen") überschritten"
    }
    public var certificationRate: Double
    public var conservativeRate: Double
    public var decided: Int
    public var margin: Double
    public var nominations: [NominationProgress]
    public var totals: NominationProgress
    /// Valid-or-pending sheets per signing day (duplicates counted once), for the cumulative curve.
    public var daily: [(day: CalendarDay, count: Int)]
    /// True after the legal deadline: only certified and submitted sheets count, statuses are reached or missed.
    public var afterDeadline = false
    /// Wards whose quota rests on the default because their inhabitants are unknown (unconfirmed).
    public var unconfirmedWardQuotas = 0
    /// Whether those wards were planned with the highest quota (`--cautious`).
    public var cautious = false
    /// The quota a cautious plan uses for them.
    public var cautiousWardQuota = 20

    /// Nominations sorted with those at risk first.
    public var byRisk: [NominationProgress] {
        nominations.enumerated().sorted { a, b in
            a.element.status != b.element.status ? a.element.status < b.element.status : a.offset < b.offset
        }.map(\.element)
    }
}

extension ProgressReport {
    /// The report on the campaign's counts, through its ports (any backend).
    public static func load(from backend: any ReportQueries & CampaignScope, _ settings: ProgressSettings) async throws -> ProgressReport {
        ProgressReport(election: backend.election, counts: try await backend.progress(asOf: settings.asOf), settings: settings)
    }

    /// Computes the report from counts: certification rate, projection, pace and status per nomination.
    public init(election e: Election, counts: ProgressCounts, settings: ProgressSettings) {
        // Certification rate observed so far, with a conservative bound (Wilson, 95 %) while few are decided.
        let valid = counts.byNomination.values.reduce(0) { $0 + $1.valid }
        let rejected = counts.byNomination.values.reduce(0) { $0 + $1.rejected }
        let decided = valid + rejected
        let rate = decided > 0 ? Double(valid) / Double(decided) : settings.assumedRate
        let conservative = decided > 0 ? Self.wilsonLowerBound(successes: valid, trials: decided) : settings.assumedRate
        let campaignDeadline = e.deadlineDay.adding(days: -settings.leadDays)
        let daysLeft = max(0, settings.asOf.days(until: campaignDeadline))
        let daysSoFar = max(1, (counts.firstDay.map { $0.days(until: settings.asOf) } ?? 0) + 1)
        // The deadline is 18:00 on its day: from the day after, nothing pending can still be handed in.
        let afterDeadline = settings.asOf > e.deadlineDay

        func progress(id: String, label: String, required: Int, c: StandingCounts) -> NominationProgress {
            let reasons = Dictionary(uniqueKeysWithValues: c.rejectedByReason.map { ($0.key.rawValue, $0.value) })
            if afterDeadline {
                // Only what the city certified (and was submitted) counts now; nothing pending can be handed in.
                let missing = max(0, required - c.valid)
                return NominationProgress(
                    id: id, label: label, required: required, entered: c.entered, valid: c.valid,
                    pending: c.pending, invalid: c.invalid, rejected: c.rejected,
                    rejectedByReason: reasons,
                    lost: c.lost, duplicates: c.duplicates, projected: c.valid, target: required, missing: missing,
                    pace: 0, neededPace: nil, forecast: c.valid, willMissTarget: missing > 0,
                    status: c.valid >= required ? .reached : .missed)
            }
            let projected = c.valid + Int((Double(c.pending) * conservative).rounded(.down))
            let target = Int((Double(required) * (1 + settings.margin)).rounded(.up))
            let usable = c.entered - c.duplicates
            let pace = Double(usable) / Double(daysSoFar)
            let forecast = projected + Int((pace * Double(daysLeft) * conservative).rounded(.down))
            let missing = max(0, target - projected)
            let needed: Double? =
                missing == 0 ? 0 : daysLeft > 0 && conservative > 0 ? Double(missing) / conservative / Double(daysLeft) : nil
            let status: ProgressStatus =
                c.valid >= required ? .reached : forecast >= target ? .onTrack : forecast >= required ? .atRisk : .behind
            return NominationProgress(
                id: id, label: label, required: required, entered: c.entered, valid: c.valid,
                pending: c.pending, invalid: c.invalid, rejected: c.rejected,
                rejectedByReason: reasons,
                lost: c.lost, duplicates: c.duplicates, projected: projected, target: target, missing: missing, pace: pace,
                neededPace: needed, forecast: forecast, willMissTarget: forecast < target, status: status)
        }
        let items = e.nominations.map { n in
            progress(
                id: n.description, label: n.germanLabel, required: e.required(for: n, cautious: settings.cautious),
                c: counts.byNomination[n] ?? StandingCounts())
        }
        var all = StandingCounts()
        for c in counts.byNomination.values { all.add(c) }
        var totals = progress(id: "total", label: "Gesamt", required: items.reduce(0) { $0 + $1.required }, c: all)
        totals.status = items.map(\.status).min() ?? .behind
        // The campaign's plan is per nomination (a surplus in one ward fills no other): the totals are the sums.
        totals.target = items.reduce(0) { $0 + $1.target }
        totals.missing = items.reduce(0) { $0 + $1.missing }
        totals.willMissTarget = items.contains(where: \.willMissTarget)
        if !afterDeadline {
            totals.neededPace =
                totals.missing == 0 ? 0 : daysLeft > 0 && conservative > 0 ? Double(totals.missing) / conservative / Double(daysLeft) : nil
        }
        var report = Self(
            electionName: e.name, asOf: settings.asOf, legalDeadline: e.deadlineText, legalDeadlineDay: e.deadlineDay,
            campaignDeadline: campaignDeadline, daysLeft: daysLeft, certificationRate: rate, conservativeRate: conservative,
            decided: decided, margin: settings.margin, nominations: items, totals: totals, daily: counts.daily)
        report.afterDeadline = afterDeadline
        report.unconfirmedWardQuotas = e.wards.filter { !e.wardQuotaKnown($0.number) }.count
        report.cautious = settings.cautious
        report.cautiousWardQuota = e.wardQuotaCautious?.value ?? e.quotas.ward?.value.tiers?.map(\.required).max() ?? 20
        self = report
    }

    /// Lower bound of the Wilson score interval (z = 1.96).
    static func wilsonLowerBound(successes: Int, trials: Int, z: Double = 1.96) -> Double {
        guard trials > 0 else { return 0 }
        let n = Double(trials)
        let p = Double(successes) / n
        let denominator = 1 + z * z / n
        let centre = p + z * z / (2 * n)
        let spread = z * ((p * (1 - p) + z * z / (4 * n)) / n).squareRoot()
        return max(0, (centre - spread) / denominator)
    }
}
