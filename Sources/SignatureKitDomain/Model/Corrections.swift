// Corrections, bulk status changes and probe signals: values the entry, lifecycle and audit ports exchange.

/// What a bulk status change would do, shown before it is done: each sheet with its status now and afterwards, and the
/// sheets already in that status.
public struct StatusPreview: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var sheet: String
        public var from: SheetStatus
        public var to: SheetStatus

        public init(sheet: String, from: SheetStatus, to: SheetStatus) {
            self.sheet = sheet
            self.from = from
            self.to = to
        }
    }
    public var changes: [Item]
    public var unchanged: [String]

    public init(changes: [Item], unchanged: [String]) {
        self.changes = changes
        self.unchanged = unchanged
    }
}

/// Sheet numbers from a pasted or scanned list.
public enum StatusList {
    /// The numbers in `text`, separated by spaces, commas, semicolons or line breaks (a scanner's Enter), upper-cased,
    /// each once, in the order given.
    public static func numbers(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }).map { $0.uppercased() }.filter {
            seen.insert($0).inserted
        }
    }
}

/// Whether a volunteer uses entry to find out who signed (issue 17, D3): every answer that named another sheet of the
/// same person is a read of personal data on the audit record, a sheet's identity may be changed by its volunteer only
/// a few times, and organizers see who asked how often.
public struct ProbeSignal: Sendable, Equatable {
    public var account: String
    /// Answers that named another sheet of the same person (duplicate or conflict).
    public var duplicateAnswers: Int
    /// Corrections that changed a sheet's name, birth date or address.
    public var identityChanges: Int

    public init(account: String, duplicateAnswers: Int, identityChanges: Int) {
        self.account = account
        self.duplicateAnswers = duplicateAnswers
        self.identityChanges = identityChanges
    }
}

/// Who may correct an entry, and until when: the person who entered it, while the sheet is only entered (not yet
/// sent for certification), within the window, and before anyone decided about it in the review queue.
public struct CorrectionPolicy: Sendable, Equatable {
    /// Days after the entry day on which it may still be corrected (0: the same day only).
    public var days: Int

    public init(days: Int = 3) { self.days = days }

    /// Why `user` may not correct the sheet, or `nil` when they may (the checks that need no database).
    public func refusal(_ detail: SheetDetail, by user: String, today: CalendarDay) -> String? {
        if detail.enteredBy != user { return "nur die Person, die es erfasst hat, kann es korrigieren" }
        return refusal(status: detail.status, enteredOn: detail.enteredOn, today: today)
    }

    /// Why the entering person may not correct a sheet in this state, or `nil` when they may.
    public func refusal(status: SheetStatus, enteredOn: CalendarDay?, today: CalendarDay) -> String? {
        if status != .entered { return "es ist schon \(status.germanName); die Organisation kann den Status ändern" }
        guard let day = enteredOn, day.adding(days: days) >= today else {
            return "die Frist für Korrekturen (\(days) Tage nach der Eingabe) ist abgelaufen; bitte die Organisation fragen"
        }
        return nil
    }
}

/// What an organizer's correction did.
public enum AmendOutcome: Sendable, Equatable {
    /// The sheet now reads as `input`: findings and pairs as newly checked.
    case amended(sheet: String, fields: [String], findings: [Finding], duplicates: [DuplicateNotice])
    /// The values are those already stored: nothing changed.
    case unchanged(sheet: String)
}

extension StatusPreview {
    /// The sheet numbers of a bulk change (upper case), after the checks that need no database: some numbers, each a
    /// valid sheet number; a rejection with a reason; not back to "entered".
    public static func checkedRequest(_ sheets: [String], to status: SheetStatus, reason: RejectReason?) throws -> [String] {
        guard !sheets.isEmpty else { throw SignatureKitError.invalidField(field: "Formblätter", reason: "keine Formblatt-Nummern angegeben") }
        if status == .rejected && reason == nil {
            throw SignatureKitError.invalidField(
                field: "Grund", reason: "eine Ablehnung braucht einen Grund (z. B. nicht im Wahlbezirk); nichts geändert")
        }
        guard status != .entered else {
            throw SignatureKitError.invalidField(field: "Status", reason: "„erfasst“ ist kein Ziel eines Statuswechsels")
        }
        let numbers = sheets.map { $0.uppercased() }
        for number in numbers {
            if let problem = SheetParser.problem(field: "sheet", value: number) {
                throw SignatureKitError.invalidField(field: "Formblätter", reason: "„\(number.escapedForTerminal)“: \(problem); nichts geändert")
            }
        }
        return numbers
    }

    /// The preview of a bulk change from the stored statuses of the named sheets (upper case): every number must be
    /// a stored sheet that may move to `status`; one wrong number refuses the whole list, naming it.
    public static func plan(_ numbers: [String], stored: [String: SheetStatus], to status: SheetStatus) throws -> StatusPreview {
        var preview = StatusPreview(changes: [], unchanged: [])
        for number in numbers {
            guard let from = stored[number] else {
                throw SignatureKitError.invalidField(field: "Formblätter", reason: "\(number) ist nicht erfasst; nichts geändert")
            }
            if from == status {
                preview.unchanged.append(number)
            } else if from.allowedNext.contains(status) {
                preview.changes.append(.init(sheet: number, from: from, to: status))
            } else {
                throw SignatureKitError.invalidField(
                    field: "Formblätter",
                    reason: "\(number) kann nicht von \(quote(from.germanName)) nach \(quote(status.germanName)) wechseln; nichts geändert")
            }
        }
        return preview
    }
}

extension CorrectionNote {
    /// The reason a correction needs at least (a word, not a letter).
    public static let minimumReasonLength = 3

    /// An organizer's reason for a correction, trimmed: at least a word, at most 300 characters.
    public static func checkedReason(_ raw: String) throws -> String {
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count >= minimumReasonLength else {
            throw SignatureKitError.invalidField(field: "reason", reason: "Grund der Korrektur fehlt (z. B. „Tippfehler laut Wahlamt“)")
        }
        guard reason.unicodeScalars.count <= 300 else {
            throw SignatureKitError.invalidField(field: "reason", reason: "Grund der Korrektur ist zu lang (höchstens 300 Zeichen)")
        }
        return reason
    }

    /// The fields (CSV names) in which two versions of a sheet differ.
    public static func changedFields(_ before: SheetInput, _ after: SheetInput) -> [String] {
        var fields: [String] = []
        if before.nomination != after.nomination { fields.append("nomination") }
        if before.surname != after.surname { fields.append("surname") }
        if before.givenNames != after.givenNames { fields.append("given_names") }
        if before.birthDate != after.birthDate { fields.append("born") }
        if before.street != after.street { fields.append("street") }
        if before.houseNumber != after.houseNumber { fields.append("house_number") }
        if before.postalCode != after.postalCode { fields.append("postal_code") }
        if before.city != after.city { fields.append("city") }
        if before.signedOn != after.signedOn { fields.append("signed_on") }
        if before.collector != after.collector { fields.append("collector") }
        return fields
    }

    /// Fields whose change makes the sheet possibly another person's, or a pair of another class.
    public static let pairingFields: Set<String> = ["nomination", "surname", "given_names", "born", "street", "house_number"]
}
