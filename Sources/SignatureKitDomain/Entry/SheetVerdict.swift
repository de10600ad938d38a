/// The whole verdict on one sheet, the one value every front end renders (the CLI's lines, the API's JSON, the page's
/// banner): whether it can count, every rule finding and every pair found (duplicate, possible duplicate, conflict,
/// possible conflict) with the other sheet and its nomination, in words a volunteer can act on at once.
///
/// It carries no personal data: other sheets appear by number and nomination only.
public struct SheetVerdict: Sendable, Equatable {
    /// What happened to the sheet.
    public enum State: String, Sendable, Equatable {
        /// Stored now.
        case stored
        /// The same sheet was stored before (a phone sending again): nothing changed.
        case alreadyPresent = "already-present"
        /// The number is stored with other content: nothing overwritten.
        case numberTaken = "number-taken"
        /// A field could not be read: nothing stored.
        case refused
        /// Double entry: waits for a second person's entry.
        case awaitingSecondEntry = "awaiting-second-entry"
        /// Double entry: the second entry differs from the first.
        case mismatch
        /// Corrected by an organizer (same number, new values).
        case corrected
    }

    /// One thing said about the sheet: a rule finding (code of the rule) or a pair (code = the pair class).
    public struct Item: Sendable, Equatable {
        public var code: String
        public var severity: Severity
        public var message: String
        /// The legal basis of a rule finding.
        public var basis: String?
        /// The other sheet of a pair.
        public var sheet: String?
        /// The other sheet's nomination (its code) for a pair.
        public var nomination: String?
        /// The field at fault (CSV name) of a refused sheet.
        public var field: String?
        /// Whether this is a pair (duplicate or conflict) rather than a rule finding.
        public var isPair: Bool { PairClass(rawValue: code) != nil && sheet != nil }

        public init(
            code: String, severity: Severity, message: String, basis: String? = nil, sheet: String? = nil, nomination: String? = nil,
            field: String? = nil
        ) {
            self.code = code
            self.severity = severity
            self.message = message
            self.basis = basis
            self.sheet = sheet
            self.nomination = nomination
            self.field = field
        }
    }

    public var sheet: String
    public var state: State
    /// Whether the sheet can count (stored, no error finding, not a duplicate).
    public var counts: Bool
    public var items: [Item]
    /// The earlier sheet this one duplicates (counts once there).
    public var duplicateOf: String?

    /// The worst severity said, `nil` when all is well: the colour of the verdict.
    public var severity: Severity? {
        if !counts { return .error }
        return items.map(\.severity).max()
    }

    /// The first line: what became of the sheet, in German.
    public var headline: String {
        switch state {
        case .stored:
            if !counts { return "\(sheet): gespeichert – zählt NICHT." }
            if items.contains(where: { $0.code == PairClass.conflict.rawValue && $0.severity == .error }) {
                return "\(sheet): gespeichert – kann zählen, aber nur wenn der Konflikt geklärt wird."
            }
            return "\(sheet): gespeichert – kann zählen."
        case .alreadyPresent: return "\(sheet): bereits mit gleichem Inhalt erfasst, nichts geändert."
        case .numberTaken: return "\(sheet) ist bereits mit anderem Inhalt erfasst; nichts überschrieben. Formblatt-Nummer prüfen."
        case .refused: return "\(sheet.isEmpty ? "Formblatt" : sheet): nicht gespeichert – bitte die markierten Felder prüfen."
        case .awaitingSecondEntry: return SheetEntry.Outcome.awaitingText(sheet)
        case .mismatch: return items.first?.message ?? sheet
        case .corrected: return "\(sheet): korrigiert – " + (counts ? "kann zählen." : "zählt NICHT.")
        }
    }

    /// The verdict as terminal lines: the headline, then one line per finding and pair.
    public var germanLines: [String] {
        if state == .refused { return items.map { "Fehler: Feld \(quote(SheetParser.label($0.field ?? ""))): \($0.message)" } }
        if state == .mismatch || state == .awaitingSecondEntry { return [headline] }
        return [headline]
            + items.map { item in
                if item.isPair { return "  \(PairClass(rawValue: item.code)?.germanName.capitalizedFirst ?? item.code): \(item.message)" }
                return "  \(item.severity == .error ? "Fehler" : "Hinweis") [\(item.code)]: \(item.message)" + (item.basis.map { " (\($0))" } ?? "")
            }
    }

    public init(sheet: String, state: State, counts: Bool, items: [Item], duplicateOf: String? = nil) {
        self.sheet = sheet
        self.state = state
        self.counts = counts
        self.items = items
        self.duplicateOf = duplicateOf
    }

    /// The verdict on a sheet just handed to the database. An already present sheet is described by `stored`
    /// (its findings and pairs as they are now), when given.
    public init(_ outcome: RecordOutcome, election: Election, stored: SheetDetail? = nil) {
        switch outcome {
        case .stored(let sheet, let findings, let duplicates):
            self.init(
                sheet: sheet, state: .stored, counts: outcome.canCount,
                items: findings.map(Item.init) + duplicates.map { Item($0, election: election) }, duplicateOf: outcome.duplicateOf)
        case .alreadyPresent(let sheet):
            if let stored {
                self.init(
                    sheet: sheet, state: .alreadyPresent, counts: stored.canCount,
                    items: stored.findings.map(Item.init) + stored.pairs.map { Item($0, election: election) }, duplicateOf: stored.duplicateOf)
            } else {
                self.init(sheet: sheet, state: .alreadyPresent, counts: false, items: [])
            }
        case .conflict(let sheet):
            self.init(sheet: sheet, state: .numberTaken, counts: false, items: [])
        }
    }

    /// The verdict on a sheet an organizer corrected, as it is stored now: findings, pairs, and the notes of corrections
    /// made after certification (the election office saw other values).
    public init(corrected stored: SheetDetail, election: Election) {
        let notes = stored.corrections.filter(\.afterCertification).map {
            Item(code: "corrected-after-certification", severity: .warning, message: $0.german)
        }
        self.init(
            sheet: stored.sheet, state: .corrected, counts: stored.canCount,
            items: stored.findings.map(Item.init) + stored.pairs.map { Item($0, election: election) } + notes,
            duplicateOf: stored.duplicateOf)
    }

    /// The verdict on a sheet whose fields could not be read (nothing stored): one item per field.
    public init(sheet: String, problems: FieldProblems) {
        self.init(
            sheet: sheet, state: .refused, counts: false,
            items: problems.items.map {
                Item(code: "invalid-field", severity: .error, message: $0.reason, field: SheetParser.column(forLabel: $0.field))
            })
    }
}

extension SheetVerdict.Item {
    init(_ f: Finding) { self.init(code: f.code, severity: f.severity, message: f.message, basis: f.basis) }

    /// A pair in words a volunteer can act on at once.
    init(_ d: DuplicateNotice, election: Election) {
        let label = NominationID(d.otherNomination).map(election.label) ?? d.otherNomination
        let message: String
        switch d.kind {
        case .duplicate:
            message = "Diese Person hat schon für \(label) unterschrieben (\(d.otherSheet)) – zählt nur einmal; Formblatt trotzdem abgeben."
        case .possibleDuplicate:
            message =
                "Wahrscheinlich hat diese Person schon für \(label) unterschrieben (\(d.otherSheet)) – nachfragen; die Organisation prüft."
        case .conflict where election.conflicts == .firstSignedCounts:
            message =
                "Diese Person hat auch für \(label) unterschrieben (\(d.otherSheet)): nur die zuerst geleistete Unterschrift gilt (\(election.conflictRule?.basis ?? "BWO § 34 Abs. 4 Nr. 4")) – "
                + (d.invalidatesThis == false ? "die auf \(d.otherSheet) ist später und zählt nicht." : "diese ist die spätere und zählt nicht.")
        case .conflict:
            message =
                "Diese Person hat schon für \(label) unterschrieben (\(d.otherSheet)) – nachfragen: zwei Unterschriften für dieselbe Art Wahlvorschlag können beide ungültig sein."
        case .possibleConflict:
            message =
                "Wahrscheinlich hat diese Person schon für \(label) unterschrieben (\(d.otherSheet)) – nachfragen; zwei Unterschriften für dieselbe Art Wahlvorschlag können beide ungültig sein."
        }
        self.init(
            // A conflict already settled in this sheet's favour (the other one was signed later) is only a note.
            code: d.kind.rawValue, severity: d.kind.isCertain && d.invalidatesThis != false ? .error : .warning, message: message,
            sheet: d.otherSheet,
            nomination: d.otherNomination)
    }
}

extension SheetDetail {
    /// Whether the sheet can count now: no error finding and not a duplicate.
    public var canCount: Bool { !findings.contains { $0.severity == .error } && duplicateOf == nil }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension SheetParser {
    /// The CSV column of a German field label (`Geburtsdatum` → `born`), or the label when there is none.
    public static func column(forLabel label: String) -> String {
        columns.first { $0.0 == label || $0.1.first == label }?.0 ?? label
    }
}
