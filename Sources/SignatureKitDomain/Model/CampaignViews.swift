import Foundation

// What the report queries, the settings and the sessions ports return: plain values, no personal data unless named.

/// Sheets of one nomination counted by ``SheetStanding``, as the progress report and the submission list need them.
public struct StandingCounts: Sendable, Equatable {
    public var entered = 0
    public var valid = 0
    public var pending = 0
    public var invalid = 0
    public var rejected = 0
    public var lost = 0
    public var duplicates = 0
    /// Rejected sheets by reason code.
    public var rejectedByReason: [RejectReason: Int] = [:]

    public init() {}

    /// Adds `n` sheets of one standing.
    public mutating func add(_ standing: SheetStanding, _ n: Int, reason: RejectReason? = nil) {
        entered += n
        switch standing {
        case .valid: valid += n
        case .pending: pending += n
        case .invalid: invalid += n
        case .rejected:
            rejected += n
            rejectedByReason[reason ?? .other, default: 0] += n
        case .lost: lost += n
        case .duplicate: duplicates += n
        }
    }

    /// Adds another nomination's counts (for totals).
    public mutating func add(_ other: StandingCounts) {
        entered += other.entered
        valid += other.valid
        pending += other.pending
        invalid += other.invalid
        rejected += other.rejected
        lost += other.lost
        duplicates += other.duplicates
        for (k, v) in other.rejectedByReason { rejectedByReason[k, default: 0] += v }
    }
}

/// What the progress report is computed from: counts per nomination and the valid-or-pending sheets per day.
public struct ProgressCounts: Sendable {
    public var byNomination: [NominationID: StandingCounts]
    /// Valid-or-pending sheets per signing day up to the report date (duplicates counted once).
    public var daily: [(day: CalendarDay, count: Int)]
    /// The first signing day of any stored sheet.
    public var firstDay: CalendarDay?

    public init(byNomination: [NominationID: StandingCounts], daily: [(day: CalendarDay, count: Int)], firstDay: CalendarDay? = nil) {
        self.byNomination = byNomination
        self.daily = daily
        self.firstDay = firstDay
    }
}

/// A sheet as volunteers see it in lists: no personal data.
public struct SheetSummary: Sendable, Codable, Equatable {
    public var sheet: String
    public var nomination: String
    public var status: SheetStatus
    public var signedOn: String
    public var collector: String
    public var errors: Int
    public var warnings: Int
    public var duplicateOf: String?
    /// The day the sheet was entered (ISO), for the entering person's own list and the correction window.
    public var enteredOn: String

    public init(
        sheet: String, nomination: String, status: SheetStatus, signedOn: String, collector: String, errors: Int, warnings: Int,
        duplicateOf: String? = nil, enteredOn: String
    ) {
        self.sheet = sheet
        self.nomination = nomination
        self.status = status
        self.signedOn = signedOn
        self.collector = collector
        self.errors = errors
        self.warnings = warnings
        self.duplicateOf = duplicateOf
        self.enteredOn = enteredOn
    }
}

/// One recorded status change of a sheet: who moved it when.
public struct StatusEvent: Sendable, Equatable {
    public var from: SheetStatus
    public var to: SheetStatus
    public var reason: RejectReason?
    /// ISO 8601 timestamp.
    public var at: String
    public var by: String

    public init(from: SheetStatus, to: SheetStatus, reason: RejectReason? = nil, at: String, by: String) {
        self.from = from
        self.to = to
        self.reason = reason
        self.at = at
        self.by = by
    }
}

/// One sheet with its findings and history, without the signer's personal data.
public struct SheetDetail: Sendable, Equatable {
    public var sheet: String
    public var nomination: NominationID?
    public var status: SheetStatus
    public var rejectReason: RejectReason?
    public var signedOn: CalendarDay?
    public var collector: String
    public var enteredBy: String
    /// The day the sheet was entered.
    public var enteredOn: CalendarDay?
    /// Ward and district of the address according to the street directory, when it was found there.
    public var addressWard: Int?
    public var addressDistrict: String?
    public var findings: [Finding]
    public var history: [StatusEvent]
    /// The sheet this one duplicates (it counts once there), if any.
    public var duplicateOf: String? = nil
    /// Every pair it is part of that still matters (not dismissed), with the other sheet, as it stands after decisions.
    public var pairs: [DuplicateNotice] = []
    /// Organizers' corrections, oldest first.
    public var corrections: [CorrectionNote] = []

    public init(
        sheet: String, nomination: NominationID? = nil, status: SheetStatus, rejectReason: RejectReason? = nil, signedOn: CalendarDay? = nil,
        collector: String, enteredBy: String, enteredOn: CalendarDay? = nil, addressWard: Int? = nil, addressDistrict: String? = nil,
        findings: [Finding], history: [StatusEvent], duplicateOf: String? = nil, pairs: [DuplicateNotice] = [], corrections: [CorrectionNote] = []
    ) {
        self.sheet = sheet
        self.nomination = nomination
        self.status = status
        self.rejectReason = rejectReason
        self.signedOn = signedOn
        self.collector = collector
        self.enteredBy = enteredBy
        self.enteredOn = enteredOn
        self.addressWard = addressWard
        self.addressDistrict = addressDistrict
        self.findings = findings
        self.history = history
        self.duplicateOf = duplicateOf
        self.pairs = pairs
        self.corrections = corrections
    }
}

/// What the submission list of one nomination is made of, without personal data.
public struct SubmissionData: Sendable {
    /// Valid sheets (certified or submitted, not duplicates), by sheet number.
    public var certified: [(sheet: String, signedOn: CalendarDay?)]
    /// Every sheet of the nomination counted by standing.
    public var counts: StandingCounts
    /// Signers also on another nomination of the same kind (open or confirmed conflicts, both sheets alive).
    public var conflicts: Int
    /// Possible duplicates nobody has decided yet.
    public var openReviews: Int
    /// Valid sheets that carry a rule error (the office certified what the rules doubt).
    public var certifiedWithError: Int

    public init(
        certified: [(sheet: String, signedOn: CalendarDay?)], counts: StandingCounts, conflicts: Int, openReviews: Int, certifiedWithError: Int
    ) {
        self.certified = certified
        self.counts = counts
        self.conflicts = conflicts
        self.openReviews = openReviews
        self.certifiedWithError = certifiedWithError
    }
}

/// The certification request: sheets ready to be sent to the city.
public struct CertificationItem: Sendable, Equatable {
    public var sheet: String
    public var nomination: NominationID

    public init(sheet: String, nomination: NominationID) {
        self.sheet = sheet
        self.nomination = nomination
    }
}

/// A finding over one or more sheets, as `check` lists it.
public struct CheckFinding: Sendable, Equatable, Codable {
    public var code: String
    public var severity: Severity
    public var sheets: [String]
    public var message: String

    public init(code: String, severity: Severity, sheets: [String], message: String) {
        self.code = code
        self.severity = severity
        self.sheets = sheets
        self.message = message
    }
}

/// Figures of a full check.
public struct CheckSummary: Sendable {
    public var sheets = 0
    public var pairsCompared = 0
    public var newPairs = 0

    public init() {}
}

/// One organizer's correction of a sheet, as it is shown with the sheet: who, when, why, which fields.
public struct CorrectionNote: Sendable, Equatable {
    /// When (ISO timestamp, as stored).
    public var at: String
    public var by: String
    public var reason: String
    /// The CSV names of the changed fields (`surname`, `born`, …); never their values.
    public var fields: [String]
    /// The status the sheet had when it was corrected.
    public var status: SheetStatus

    /// Whether the sheet had already been certified or handed in: such a correction is pointed out wherever the sheet is.
    public var afterCertification: Bool { Self.needsConfirmation.contains(status) }

    /// Statuses in which a correction changes what the election office has already seen.
    public static let needsConfirmation: Set<SheetStatus> = [.certified, .submitted]

    /// "Korrigiert am 12.08.2025 von orga (Hausnummer): Tippfehler laut Wahlamt – nach der Bescheinigung".
    public var german: String {
        let day = CalendarDay(parsing: String(at.prefix(10)))?.german ?? at
        let names = fields.map { SheetParser.label($0) }.joined(separator: ", ")
        return "Korrigiert am \(day) von \(by) (\(names)): \(reason)"
            + (afterCertification ? " – nach der Bescheinigung (\(status.germanName)); dem Wahlamt mitteilen" : "")
    }

    public init(at: String, by: String, reason: String, fields: [String], status: SheetStatus) {
        self.at = at
        self.by = by
        self.reason = reason
        self.fields = fields
        self.status = status
    }
}

/// Who sends the papers: the voter group, its address and contact person, who signs, each nomination's candidate, and
/// whether the public counter is on. Printed at the head of the certification letter and every submission list.
public struct CampaignProfile: Sendable, Equatable, Codable {
    public var group: String = ""
    public var address: String = ""
    public var contact: String = ""
    public var signatory: String = ""
    /// Candidate name by nomination code (`ward:12`).
    public var candidates: [String: String] = [:]
    /// `/public/progress` without login (per nomination valid/target and the deadline only); off by default.
    public var publicProgress = false

    public init() {}
}

/// What a purge removed, and the files with names it knows of.
public struct PurgeSummary: Sendable, Equatable {
    public var sheets: Int
    public var rejectedByOffice: Int
    /// Files with names the tool wrote earlier that still exist: the person must delete them too.
    public var outputs: [WrittenOutput]

    public init(sheets: Int, rejectedByOffice: Int, outputs: [WrittenOutput]) {
        self.sheets = sheets
        self.rejectedByOffice = rejectedByOffice
        self.outputs = outputs
    }
}

/// A file with names the tool wrote.
public struct WrittenOutput: Sendable, Equatable {
    public var path: String
    public var kind: OutputKind
    public var writtenAt: String

    public init(path: String, kind: OutputKind, writtenAt: String) {
        self.path = path
        self.kind = kind
        self.writtenAt = writtenAt
    }
}

/// What kind of file with names the tool wrote.
public enum OutputKind: String, Sendable, Codable, CaseIterable {
    /// The rejected rows of an import, with everything they held.
    case rejects
    /// A submission list printed with names.
    case submissionList = "submission-list"
    /// An encrypted backup of the whole database.
    case backup

    public var germanName: String {
        switch self {
        case .rejects: "Ablehnungsdatei"
        case .submissionList: "Einreichungsliste mit Namen"
        case .backup: "Sicherung (verschlüsselt)"
        }
    }
}

/// A web login as stored: who, which role and session epoch it belongs to, its CSRF token and when it ends.
/// The session token itself is never stored, only its SHA-256 hash.
public struct StoredSession: Sendable, Equatable {
    public var account: String
    public var role: AccountRole
    public var epoch: Int
    public var csrf: String
    public var expires: Date

    public init(account: String, role: AccountRole, epoch: Int, csrf: String, expires: Date) {
        self.account = account
        self.role = role
        self.epoch = epoch
        self.csrf = csrf
        self.expires = expires
    }
}

/// Who collected how many sheets, how many may count, and why the others do not: for training, not a leaderboard.
/// No signer's data; the collector is the campaign's own field.
public struct CollectorStats: Sendable, Equatable, Encodable {
    public var collector: String
    public var sheets: Int
    /// Valid or pending (may still count).
    public var counting: Int
    /// Rejected by the election office.
    public var rejected: Int
    /// Rejections by reason code.
    public var rejectedByReason: [String: Int]
    /// Sheets that cannot count because of a rule (under age, outside the ward …), by the rule's code.
    public var notCountingByFinding: [String: Int]

    public init(collector: String, sheets: Int, counting: Int, rejected: Int, rejectedByReason: [String: Int], notCountingByFinding: [String: Int]) {
        self.collector = collector
        self.sheets = sheets
        self.counting = counting
        self.rejected = rejected
        self.rejectedByReason = rejectedByReason
        self.notCountingByFinding = notCountingByFinding
    }
}

public struct CollectorReport: Sendable, Encodable {
    public var collectors: [CollectorStats]

    /// A terminal table: collector, sheets, counting, rejected, and the reasons in words.
    public var text: String {
        guard !collectors.isEmpty else { return "Noch keine Formblätter." }
        var lines = ["Sammler/in            Formblätter  können zählen  abgelehnt  Gründe"]
        for c in collectors {
            let reasons =
                c.rejectedByReason.sorted { $0.key < $1.key }.map { "\(RejectReason(rawValue: $0.key)?.germanName ?? $0.key): \($0.value)" }
                + c.notCountingByFinding.sorted { $0.key < $1.key }.map { "\(Self.findingName($0.key)): \($0.value)" }
            let name = (c.collector.isEmpty ? "(ohne Angabe)" : c.collector).escapedForTerminal
            lines.append(
                name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%11d  %13d  %9d  ", c.sheets, c.counting, c.rejected)
                    + reasons.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// A rule's code in words, for the collectors' figures.
    public static func findingName(_ code: String) -> String {
        switch code {
        case "under-age": "zu jung"
        case "incomplete": "unvollständig"
        case "not-resident": "nicht in der Stadt"
        case "wrong-ward", "wrong-district": "anderer Wahlbezirk"
        case "signed-after-deadline": "nach Fristende"
        case "signed-before-meeting": "vor der Aufstellung"
        case "birth-date-implausible": "Geburtsdatum unplausibel"
        case "postal-code-unknown": "fremde PLZ"
        default: code
        }
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public init(collectors: [CollectorStats]) {
        self.collectors = collectors
    }
}

/// The result of importing a CSV file of sheets.
public struct ImportSummary: Sendable {
    public var stored = 0
    public var alreadyPresent = 0
    /// The problems of the rows that were not stored: line, field and reason (a row may have several).
    public var rejected: [RowProblem] = []
    /// How many rows were not stored.
    public var rejectedRows = 0
    /// Rows with errors in the rules (stored, but cannot count).
    public var storedWithErrors = 0
    public var storedWithWarnings = 0
    public var duplicates = 0
    public var possibleDuplicates = 0
    public var conflicts = 0
    /// The file the rejected rows were written to, when there were any.
    public var rejectsFile: String?
    /// Why the rejects file could not be written after the sheets were stored.
    public var rejectsFileError: String?
    /// The numbers of the sheets stored, for the audit record.
    package var storedSheets: [String] = []

    public init() {}

    package mutating func count(_ findings: [Finding], _ duplicates: [DuplicateNotice]) {
        stored += 1
        if findings.contains(where: { $0.severity == .error }) {
            storedWithErrors += 1
        } else if !findings.isEmpty {
            storedWithWarnings += 1
        }
        for d in duplicates {
            switch d.kind {
            case .duplicate: self.duplicates += 1
            case .possibleDuplicate: possibleDuplicates += 1
            case .conflict, .possibleConflict: conflicts += 1
            }
        }
    }
}

extension CampaignProfile {
    /// Every field checked (no control characters, at most 200 characters; candidates only for the election's
    /// nominations): what every backend asks before it stores a profile.
    public func check(for election: Election) throws {
        let profile = self
        let fields =
            [("--group", profile.group), ("--address", profile.address), ("--contact", profile.contact), ("--signatory", profile.signatory)]
            + profile.candidates.map { ("--candidate \($0.key)", $0.value) }
        for (field, value) in fields {
            if value.unicodeScalars.contains(where: \.isControlOrBidi) && field != "--address" {
                throw SignatureKitError.invalidField(field: field, reason: "enthält Steuerzeichen")
            }
            if value.unicodeScalars.count > 200 { throw SignatureKitError.invalidField(field: field, reason: "zu lang (höchstens 200 Zeichen)") }
        }
        for code in profile.candidates.keys {
            guard let n = NominationID(code), election.contains(n) else {
                throw SignatureKitError.invalidField(field: "--candidate", reason: "„\(code)“ ist kein Wahlvorschlag dieser Wahl")
            }
        }
    }
}
