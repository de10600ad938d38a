import Foundation

/// A whole campaign as plain values, for moving it between backends (`sig-cli campaign import/export`): every sheet
/// with its signer fields opened, every finding, pair, decision, status event, draft, correction, account, written
/// file and the audit chain as stored (its hashes do not cover row ids, so it verifies on the other side). Held only
/// in memory for the move; never written as such. Web sessions are not moved (people log in again).
package struct CampaignDump: Sendable {
    package struct Sheet: Sendable {
        package var id: Int64
        package var input: SheetInput?
        /// The stored signer fields when they do not parse as a sheet (a purged sheet: empty).
        package var rawFields: [String]
        package var enteredBy: String
        package var enteredAt: String
        package var enteredOn: String
        package var status: String
        package var rejectReason: String?
        package var statusChangedAt: String?
        package var addressWard: Int?
        package var addressDistrict: String?
        package var hasError: Bool
        package var duplicateOf: Int64?
        package var sheetNumber: String
        package var nomination: String
        package var kind: String
        package var signedOn: String
        package var collector: String

        package init(
            id: Int64, input: SheetInput?, rawFields: [String], enteredBy: String, enteredAt: String, enteredOn: String, status: String,
            rejectReason: String?, statusChangedAt: String?, addressWard: Int?, addressDistrict: String?, hasError: Bool, duplicateOf: Int64?,
            sheetNumber: String, nomination: String, kind: String, signedOn: String, collector: String
        ) {
            self.id = id
            self.input = input
            self.rawFields = rawFields
            self.enteredBy = enteredBy
            self.enteredAt = enteredAt
            self.enteredOn = enteredOn
            self.status = status
            self.rejectReason = rejectReason
            self.statusChangedAt = statusChangedAt
            self.addressWard = addressWard
            self.addressDistrict = addressDistrict
            self.hasError = hasError
            self.duplicateOf = duplicateOf
            self.sheetNumber = sheetNumber
            self.nomination = nomination
            self.kind = kind
            self.signedOn = signedOn
            self.collector = collector
        }
    }

    package struct FindingRow: Sendable {
        package var sheet: Int64
        package var finding: Finding
        package init(sheet: Int64, finding: Finding) {
            self.sheet = sheet
            self.finding = finding
        }
    }

    package struct PairRow: Sendable {
        package var a: Int64
        package var b: Int64
        package var pairClass: String
        package var score: Double
        package var reasons: String
        package var decision: String
        package var decidedBy: String?
        package var decidedAt: String?
        package init(
            a: Int64, b: Int64, pairClass: String, score: Double, reasons: String, decision: String, decidedBy: String?, decidedAt: String?
        ) {
            (self.a, self.b, self.pairClass, self.score, self.reasons) = (a, b, pairClass, score, reasons)
            (self.decision, self.decidedBy, self.decidedAt) = (decision, decidedBy, decidedAt)
        }
    }

    package struct StatusRow: Sendable {
        package var sheet: Int64
        package var from: String
        package var to: String
        package var reason: String?
        package var at: String
        package var by: String
        package init(sheet: Int64, from: String, to: String, reason: String?, at: String, by: String) {
            (self.sheet, self.from, self.to, self.reason, self.at, self.by) = (sheet, from, to, reason, at, by)
        }
    }

    package struct AccountRow: Sendable {
        package var name: String
        package var role: String
        package var passwordHash: String
        package var createdAt: String
        package var sessionEpoch: Int
        package init(name: String, role: String, passwordHash: String, createdAt: String, sessionEpoch: Int) {
            (self.name, self.role, self.passwordHash, self.createdAt, self.sessionEpoch) = (name, role, passwordHash, createdAt, sessionEpoch)
        }
    }

    package struct DraftRow: Sendable {
        package var sheetNumber: String
        package var enteredBy: String
        package var enteredAt: String
        package var clientID: String?
        /// The draft's fields as JSON, opened.
        package var payload: String
        package var mismatch: Bool
        package init(sheetNumber: String, enteredBy: String, enteredAt: String, clientID: String?, payload: String, mismatch: Bool) {
            (self.sheetNumber, self.enteredBy, self.enteredAt, self.clientID, self.payload, self.mismatch) =
                (sheetNumber, enteredBy, enteredAt, clientID, payload, mismatch)
        }
    }

    package struct CorrectionRow: Sendable {
        package var sheet: Int64
        package var at: String
        package var by: String
        package var reason: String
        package var fields: String
        package var status: String
        package init(sheet: Int64, at: String, by: String, reason: String, fields: String, status: String) {
            (self.sheet, self.at, self.by, self.reason, self.fields, self.status) = (sheet, at, by, reason, fields, status)
        }
    }

    package struct OutputRow: Sendable {
        package var path: String
        package var kind: String
        package var writtenAt: String
        package init(path: String, kind: String, writtenAt: String) { (self.path, self.kind, self.writtenAt) = (path, kind, writtenAt) }
    }

    package struct NominationRow: Sendable {
        package var id: String
        package var kind: String
        package var meetingDate: String?
        package init(id: String, kind: String, meetingDate: String?) { (self.id, self.kind, self.meetingDate) = (id, kind, meetingDate) }
    }

    /// The campaign's election, with its own nominations chosen.
    package var election: Election
    /// Settings by key (profile, double entry, nominations, demo day, purge day); never keys or passphrases.
    package var settings: [String: String] = [:]
    package var nominations: [NominationRow] = []
    package var streets: [StreetEntry] = []
    package var sheets: [Sheet] = []
    package var findings: [FindingRow] = []
    package var pairs: [PairRow] = []
    package var statusEvents: [StatusRow] = []
    package var outputs: [OutputRow] = []
    package var audit: [AuditRow] = []
    package var accounts: [AccountRow] = []
    package var drafts: [DraftRow] = []
    package var corrections: [CorrectionRow] = []

    package init(election: Election) { self.election = election }

    /// The settings a dump carries (the file's own bookkeeping – election, encryption, a pending purge – stays behind).
    package static let movedSettings = ["profile", "doubleEntry", "nominations", "demoDay", "purgedOn"]
}
