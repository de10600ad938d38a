import Foundation

/// What became of one entry in a database with double entry.
public enum DoubleEntryOutcome: Sendable, Equatable {
    /// The first entry of the sheet: it waits until a second person types the same sheet.
    case awaitingSecond(sheet: String)
    /// A second person typed the same: the sheet is recorded (or was already: repeated, conflicting).
    case recorded(RecordOutcome)
    /// The two entries differ in these fields (CSV names): the review queue shows them side by side.
    case mismatch(sheet: String, fields: [String])
}

/// Two differing entries of one sheet, waiting for an organizer (no personal data: field names only).
public struct EntryMismatch: Sendable, Equatable {
    public var sheet: String
    /// The two entries: draft id and who typed it.
    public var entries: [(id: Int64, enteredBy: String)]
    /// The CSV fields in which they differ.
    public var fields: [String]

    public init(sheet: String, entries: [(id: Int64, enteredBy: String)], fields: [String]) {
        self.sheet = sheet
        self.entries = entries
        self.fields = fields
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.sheet == b.sheet && a.fields == b.fields && a.entries.map(\.id) == b.entries.map(\.id)
            && a.entries.map(\.enteredBy) == b.entries.map(\.enteredBy)
    }
}

/// One entry of a sheet under double entry with its fields as typed (personal data: read through the privacy gate).
public struct EntryDraft: Sendable, Equatable {
    public var id: Int64
    public var enteredBy: String
    public var input: SheetInput

    public init(id: Int64, enteredBy: String, input: SheetInput) {
        self.id = id
        self.enteredBy = enteredBy
        self.input = input
    }

    /// A draft as stored: its fields as JSON (opened), parsed as the entry would be.
    public init(id: Int64, enteredBy: String, payload: String) throws {
        guard let fields = try? JSONDecoder().decode([String: String].self, from: Data(payload.utf8)),
            case .success(let input) = SheetParser.parse(fields)
        else { throw SignatureKitError.unknownStoredValue(path: "entryDraft", column: "payload") }
        self.init(id: id, enteredBy: enteredBy, input: input)
    }
}

extension SheetInput {
    /// The fields as the CSV columns name them, dates as ISO.
    public var csvFields: [String: String] {
        [
            "sheet": sheetNumber, "nomination": nomination.description, "surname": surname, "given_names": givenNames, "born": birthDate.iso,
            "street": street, "house_number": houseNumber, "postal_code": postalCode, "city": city, "signed_on": signedOn.iso,
            "collector": collector,
        ]
    }

    /// The CSV fields in which two entries differ, in the paper's order.
    public func differingFields(from other: SheetInput) -> [String] {
        let a = csvFields
        let b = other.csvFields
        return SheetParser.columns.map(\.0).filter { a[$0] != b[$0] }
    }
}

/// Double entry as a pure function: a backend loads the sheet's drafts inside its transaction, asks ``plan(_:by:drafts:flagged:)``
/// what this entry means, and writes what the plan says (the draft, the recorded sheet, the flag, the audit action).
public enum DoubleEntry {
    /// What to do with the typist's own draft.
    public enum DraftWrite: Sendable, Equatable {
        /// Store a new draft (the typist's first entry of this sheet).
        case insert
        /// Replace the typist's draft (a corrected entry).
        case update(id: Int64)
        /// Leave it (the same entry again: a phone retrying).
        case keep
    }

    /// What the entry means for the sheet.
    public enum Step: Sendable, Equatable {
        /// Wait for a second person; `first` when nobody had typed the sheet before (audit `entry:first`).
        case awaitSecond(first: Bool)
        /// Two people agree: record this input as entered by `enteredBy` (the first typist), drop the drafts
        /// (audit `entry:confirmed`).
        case confirm(SheetInput, enteredBy: String)
        /// The entries differ (or differed before): mark the sheet's drafts as a mismatch (audit `entry:mismatch`).
        case mismatch(fields: [String])
    }

    public struct Plan: Sendable, Equatable {
        public var draft: DraftWrite
        public var step: Step

        public init(draft: DraftWrite, step: Step) {
            self.draft = draft
            self.step = step
        }
    }

    /// The plan for `input` typed by `typist`, given the sheet's stored drafts (oldest first) and whether they were
    /// already marked as differing. Once two entries differed, only an organizer decides: another try never records
    /// the sheet by itself (a typist who never saw the paper cannot converge field by field).
    public static func plan(_ input: SheetInput, by typist: String, drafts: [EntryDraft], flagged: Bool) -> Plan {
        let own = drafts.first { $0.enteredBy == typist }
        let draft: DraftWrite = own.map { $0.input == input ? .keep : .update(id: $0.id) } ?? .insert
        let other = drafts.first { $0.enteredBy != typist }
        if flagged {
            return Plan(draft: draft, step: .mismatch(fields: other.map { input.differingFields(from: $0.input) } ?? []))
        }
        guard let other else { return Plan(draft: draft, step: .awaitSecond(first: drafts.isEmpty)) }
        let differing = input.differingFields(from: other.input)
        if differing.isEmpty { return Plan(draft: draft, step: .confirm(other.input, enteredBy: other.enteredBy)) }
        return Plan(draft: draft, step: .mismatch(fields: differing))
    }

    /// The fields two stored entries differ in (the first two drafts; none with fewer).
    public static func differences(_ drafts: [EntryDraft]) -> [String] {
        drafts.count >= 2 ? drafts[0].input.differingFields(from: drafts[1].input) : []
    }

    /// Who settles a mismatch: never a person who typed one of its entries.
    ///
    /// - Throws: ``SignatureKitError/sheetNotFound(_:)`` when `keep` is not one of the drafts,
    ///   ``SignatureKitError/invalidField(field:reason:)`` when `decider` typed one of them.
    public static func resolution(_ drafts: [EntryDraft], keep id: Int64, sheet: String, by decider: String) throws -> EntryDraft {
        guard let chosen = drafts.first(where: { $0.id == id }) else { throw SignatureKitError.sheetNotFound(sheet) }
        if drafts.contains(where: { AccountPolicy.key($0.enteredBy) == AccountPolicy.key(decider) }) {
            throw SignatureKitError.invalidField(
                field: "Entscheidung",
                reason: "\(chosen.input.sheetNumber) haben Sie selbst eingegeben; entscheiden muss eine andere Person der Organisation")
        }
        return chosen
    }
}
