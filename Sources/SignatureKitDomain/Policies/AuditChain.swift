import Crypto
import Foundation

/// One stored entry of the audit record as every backend keeps it: when, who, what, which sheets, and the chain.
public struct AuditRow: Sendable, Equatable {
    public var id: Int64?
    public var at: String
    public var user: String
    public var action: String
    /// Sheet numbers, space-separated.
    public var sheets: String
    public var previousHash: String
    public var hash: String

    public init(id: Int64? = nil, at: String, user: String, action: String, sheets: String, previousHash: String, hash: String) {
        self.id = id
        self.at = at
        self.user = user
        self.action = action
        self.sheets = sheets
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// One entry of the audit record as `audit list` shows it.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var at: String
    public var user: String
    public var action: String
    public var sheets: [String]

    public init(id: Int64, at: String, user: String, action: String, sheets: [String]) {
        self.id = id
        self.at = at
        self.user = user
        self.action = action
        self.sheets = sheets
    }
}

/// The result of checking the hash chain.
public enum AuditVerdict: Sendable, Equatable {
    /// Every entry is whole and in order.
    case whole(entries: Int)
    /// The first entry whose hash or link does not fit: changed, deleted before it, or moved.
    case broken(atEntry: Int64)
}

/// The tamper-evident chain of the audit record, as pure functions: every backend appends with ``next(after:at:user:action:sheets:)``
/// inside its write transaction (one writer per campaign, so the previous hash is the newest) and checks with
/// ``Verifier``.
public enum AuditChain {
    /// SHA-256 over the previous hash and every field (unit separator between them), hex.
    public static func hash(previous: String, at: String, user: String, action: String, sheets: String) -> String {
        var hasher = SHA256()
        for part in [previous, at, user, action, sheets] {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0x1F]))
        }
        return Hex.encode(hasher.finalize())
    }

    /// The entry that follows the one with `previousHash` ("" for the first).
    public static func next(after previousHash: String, at: String, user: String, action: String, sheets: [String]) -> AuditRow {
        let list = sheets.joined(separator: " ")
        return AuditRow(
            at: at, user: user, action: action, sheets: list, previousHash: previousHash,
            hash: hash(previous: previousHash, at: at, user: user, action: action, sheets: list))
    }

    /// Checks entries oldest first, one at a time (a backend streams them from its cursor).
    public struct Verifier: Sendable {
        private var previous = ""
        private var count = 0
        private(set) var broken: Int64?

        public init() {}

        /// Takes the next entry; `false` once the chain is broken (later entries are not looked at).
        public mutating func check(_ row: AuditRow) -> Bool {
            guard broken == nil else { return false }
            let expected = AuditChain.hash(previous: previous, at: row.at, user: row.user, action: row.action, sheets: row.sheets)
            guard row.previousHash == previous, row.hash == expected else {
                broken = row.id ?? 0
                return false
            }
            previous = row.hash
            count += 1
            return true
        }

        public var verdict: AuditVerdict { broken.map { .broken(atEntry: $0) } ?? .whole(entries: count) }
    }

    /// Checks a whole sequence of entries, oldest first.
    public static func verify(_ rows: some Sequence<AuditRow>) -> AuditVerdict {
        var verifier = Verifier()
        for row in rows where !verifier.check(row) { break }
        return verifier.verdict
    }
}
