/// Who does something: the account and its role. Ports take an actor instead of a bare name, so the audit record
/// names a person, never a server's login.
public struct Actor: Sendable, Equatable {
    public var account: String
    public var role: AccountRole

    public init(account: String, role: AccountRole) {
        self.account = account
        self.role = role
    }
}

// The ports: one protocol per capability. Each method is one transaction, `async throws`, and bound to one campaign
// (the value that implements it is that campaign's store). The contract every backend keeps: one writer per campaign
// at a time (SQLite: the file's single writer; PostgreSQL: a per-campaign advisory lock in every write), so the audit
// chain, the duplicate search before an insert and the status lifecycle see what the previous write left.
// Decisions are taken by the pure policies (`Lifecycle`, `AuditChain`, `Rules`, `DuplicateSearch`) inside the
// backend's transaction: load what the policy needs, call it, write what it returns.

/// Recording sheets (entry, the web's group commit, import chunks).
public protocol EntryStore: Sendable {
    /// Stores sheets from several people in one transaction; each is recorded as by its own entry.
    func record(batch: [(input: SheetInput, enteredBy: String)], today: CalendarDay) async throws -> [RecordOutcome]
}

/// The status lifecycle.
public protocol LifecycleStore: Sendable {
    /// Moves sheets through the lifecycle (``Lifecycle/plan(_:current:)``), all or none; returns how many changed.
    func setStatus(_ changes: [StatusChange], by actor: Actor) async throws -> Int
    /// Sheets per status.
    func statusCounts() async throws -> [SheetStatus: Int]
}

/// The tamper-evident audit record.
public protocol AuditStore: Sendable {
    /// Entries oldest first, optionally from a day on.
    func auditEntries(since: CalendarDay?) async throws -> [AuditEntry]
    /// Recomputes the chain (``AuditChain/Verifier``).
    func verifyAudit() async throws -> AuditVerdict
}

/// The privacy gate: the only way a signer's name, birth date or address leaves a backend.
public protocol PrivacyGate: Sendable {
    /// Records the read (which sheets, why, by whom – never the data) and returns the signers, in one transaction, in
    /// the order of `sheets`; sheets that are not stored are left out.
    func signers(_ sheets: [String], purpose: PersonalDataPurpose, by actor: Actor) async throws -> [SignerData]
}

/// The review of probable duplicates and conflicts.
public protocol ReviewStore: Sendable {
    /// Open cases, oldest first; pairs with a closed sheet are left out.
    func openCases() async throws -> [ReviewCase]
    /// A reviewer's decision on a case (confirming a probable duplicate makes the later sheet count once).
    func decide(case id: Int64, _ decision: ReviewDecision, by actor: Actor) async throws
}

/// What a campaign's backend offers so far; the other capabilities (review, double entry, report queries, the privacy
/// accounts, settings, the street directory, web sessions) join it one by one (ARCHITECTURE.md).
public typealias CampaignBackend = EntryStore & LifecycleStore & AuditStore & PrivacyGate & ReviewStore
