import Foundation

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
    /// ``record(batch:today:)`` when the campaign takes single entries; `nil` (nothing stored) when it requires double
    /// entry, decided in the same transaction (each sheet then goes through ``DoubleEntryStore/enterTwice(_:by:clientID:today:)``).
    func recordSingleEntry(batch: [(input: SheetInput, enteredBy: String)], today: CalendarDay) async throws -> [RecordOutcome]?
    /// The typist's own correction of an entry within the policy's window (rules and duplicate search again).
    func correctOwn(_ input: SheetInput, by actor: Actor, policy: CorrectionPolicy, today: CalendarDay) async throws -> RecordOutcome
    /// An organizer's correction of any sheet, in place, with a reason (``CorrectionNote``).
    func amend(_ input: SheetInput, reason: String, confirmed: Bool, by actor: Actor, today: CalendarDay) async throws -> AmendOutcome
}

/// The status lifecycle.
public protocol LifecycleStore: Sendable {
    /// Moves sheets through the lifecycle (``Lifecycle/plan(_:current:)``), all or none; returns how many changed.
    func setStatus(_ changes: [StatusChange], by actor: Actor) async throws -> Int
    /// Sheets per status.
    func statusCounts() async throws -> [SheetStatus: Int]
    /// What a bulk change would do (one wrong number refuses the list, naming it), without doing it.
    func previewStatus(_ sheets: [String], to status: SheetStatus, reason: RejectReason?) async throws -> StatusPreview
}

extension LifecycleStore {
    /// A bulk change as previewed: the sheets not yet in `status` move.
    public func setStatus(sheets: [String], to status: SheetStatus, reason: RejectReason?, by actor: Actor) async throws -> Int {
        let preview = try await previewStatus(sheets, to: status, reason: reason)
        return try await setStatus(preview.changes.map { StatusChange(sheet: $0.sheet, status: status, reason: reason) }, by: actor)
    }
}

/// The tamper-evident audit record.
public protocol AuditStore: Sendable {
    /// Entries oldest first, optionally from a day on.
    func auditEntries(since: CalendarDay?) async throws -> [AuditEntry]
    /// Recomputes the chain (``AuditChain/Verifier``).
    func verifyAudit() async throws -> AuditVerdict
    /// An answer that told the actor of other sheets of the same person: a read of those sheets on the record.
    func noteDuplicateAnswer(sheet: String, others: [String], by actor: Actor) async throws
    /// Who asked how often about other people's sheets since `day` (probing).
    func probeSignals(since day: CalendarDay) async throws -> [ProbeSignal]
}

/// The privacy gate: the only way a signer's name, birth date or address leaves a backend.
public protocol PrivacyGate: Sendable {
    /// Records the read (which sheets, why, by whom – never the data) and returns the signers, in one transaction, in
    /// the order of `sheets`; sheets that are not stored are left out.
    func signers(_ sheets: [String], purpose: PersonalDataPurpose, by actor: Actor) async throws -> [SignerData]
    /// Notes a file with names the tool wrote (a list with names, a rejects file), so that purge can name it.
    func noteWrittenFile(_ path: String, kind: OutputKind, by actor: Actor) async throws
}

/// The review of probable duplicates and conflicts.
public protocol ReviewStore: Sendable {
    /// Open cases, oldest first; pairs with a closed sheet are left out.
    func openCases() async throws -> [ReviewCase]
    /// A reviewer's decision on a case (confirming a probable duplicate makes the later sheet count once).
    func decide(case id: Int64, _ decision: ReviewDecision, by actor: Actor) async throws
    /// Settles a conflict by keeping one sheet of the case; the other is withdrawn.
    func keepSheet(_ sheet: String, ofCase id: Int64, by actor: Actor) async throws
}

/// Double entry: every sheet typed by two people before it counts (``DoubleEntry`` decides).
public protocol DoubleEntryStore: Sendable {
    /// Whether the campaign requires double entry.
    func requiresDoubleEntry() async throws -> Bool
    /// One entry: waits for a second person, records the sheet when two agree, or goes to the organizers.
    func enterTwice(_ input: SheetInput, by actor: Actor, clientID: String?, today: CalendarDay) async throws -> DoubleEntryOutcome
    /// The actor's own sheets that do not count yet (sheet numbers only).
    func pendingEntries(of actor: Actor) async throws -> [(sheet: String, mismatch: Bool)]
    /// Sheets whose two entries differ (field names only).
    func openMismatches() async throws -> [EntryMismatch]
    /// The entries of a mismatch with their fields: a recorded read of personal data (same transaction).
    func mismatchDrafts(_ sheet: String, by actor: Actor) async throws -> [EntryDraft]
    /// Settles a mismatch by keeping one entry (never by a person who typed one of them).
    func settleMismatch(_ sheet: String, keep draft: Int64, by actor: Actor, today: CalendarDay) async throws -> RecordOutcome
}

/// What reports, lists and the progress page read: counts and sheets without personal data.
public protocol ReportQueries: Sendable {
    /// Counts by nomination and standing, and the daily curve, of sheets signed up to `asOf`.
    func progress(asOf: CalendarDay) async throws -> ProgressCounts
    /// Sheets by number, optionally of one nomination, status or typist.
    func sheetList(nomination: NominationID?, status: SheetStatus?, enteredBy: String?) async throws -> [SheetSummary]
    /// One sheet with findings, pairs, history and corrections.
    func sheetInfo(_ number: String) async throws -> SheetDetail
    /// What the submission list of one nomination is made of.
    func submission(for nomination: NominationID) async throws -> SubmissionData
    /// Sheets ready to be sent to the election office for certification.
    func certificationQueue() async throws -> [CertificationItem]
    /// The collectors' figures.
    func collectorFigures(only collector: String?) async throws -> CollectorReport
    /// Findings over the whole campaign, as `check` lists them.
    func campaignFindings() async throws -> [CheckFinding]
    /// Whether a sheet of that number is stored.
    func hasSheet(_ number: String) async throws -> Bool
    /// The rule errors of the sheets a typist entered, by sheet number (the typist's own list).
    func ownErrorFindings(enteredBy: String) async throws -> [String: [Finding]]
}

/// The campaign a backend value is bound to.
public protocol CampaignScope: Sendable {
    /// The campaign's election (with its own nominations chosen).
    var election: Election { get }
    /// Whether this store can only be read (a file without write permission): reports go, changes do not.
    var isReadOnly: Bool { get }
    /// Whether names, birth dates and addresses are stored sealed (then no file with names is written unasked).
    var isEncrypted: Bool { get }
}

/// Work over the whole campaign: a file of sheets imported all or nothing, the rules and the duplicate search run
/// again over every sheet.
public protocol CampaignBulk: Sendable {
    /// Imports a CSV file of sheets in one transaction; bad rows are reported (and written to `rejectsPath`).
    func importSheets(from path: String, by actor: Actor, today: CalendarDay, rejectsPath: String?, showValues: Bool) async throws
        -> ImportSummary
    /// Applies every rule again to every sheet (after a change of the election data or the street directory).
    func recheckRules(today: CalendarDay) async throws
    /// The full duplicate pass over all sheets (blocking, every pair compared once).
    func fullDuplicatePass(by actor: Actor) async throws -> CheckSummary
}

/// The team's accounts (``AccountPolicy`` checks names and passwords).
public protocol AccountStore: Sendable {
    func addAccount(_ name: String, role: AccountRole, password: String, by actor: Actor) async throws
    func accountList() async throws -> [Account]
    /// One account, or `nil` (a session checks that its account still exists with the same epoch).
    func findAccount(_ name: String) async throws -> Account?
    /// A new password; the account's sessions end.
    func setPassword(_ name: String, password: String, by actor: Actor) async throws
    func removeAccount(_ name: String, by actor: Actor) async throws
    /// The account when name and password match, `nil` otherwise (the same time for an unknown name).
    func login(_ name: String, password: String) async throws -> Account?
}

/// The campaign's settings: its profile, double entry, the nomination meeting dates.
public protocol CampaignSettings: Sendable {
    func campaignProfile() async throws -> CampaignProfile
    /// The campaign's own day: today, or the fixed day of a demo campaign (letters and reports are dated with it).
    func campaignToday() async throws -> CalendarDay
    func setProfile(_ profile: CampaignProfile, by actor: Actor) async throws
    func setDoubleEntry(_ on: Bool, by actor: Actor) async throws
    /// Chooses the nominations the campaign runs (`nil`: all of the election's); returns the election with the choice.
    /// Sheets stored for others stay stored; progress, submission and entry then know only the chosen ones.
    func chooseNominations(_ nominations: [NominationID]?, by actor: Actor) async throws -> Election
    func nominationMeetings() async throws -> [NominationID: CalendarDay]
    /// Sets the meeting date of nominations; the rules run again over every sheet.
    func setMeetingDate(_ date: CalendarDay?, for nominations: [NominationID], by actor: Actor) async throws
}

/// The street directory: which address lies in which ward.
public protocol StreetDirectoryStore: Sendable {
    /// Replaces the whole directory, in one transaction; the rules run again.
    func replaceStreets(_ entries: [StreetEntry], by actor: Actor) async throws
    func lookUp(street: String, houseNumber: String) async throws -> AddressLookup
    func streetList() async throws -> [StreetEntry]
}

/// Web logins that survive a restart (only the token's hash is stored).
public protocol WebSessionStore: Sendable {
    func keepSession(token: String, _ session: StoredSession) async throws
    /// The session, or `nil` when unknown or expired at `now`.
    func findSession(token: String, now: Date) async throws -> StoredSession?
    func endSession(token: String) async throws
    /// The session, only while its account exists with the same epoch and role (a server database checks both in
    /// one query); `nil` otherwise.
    func findLiveSession(token: String, now: Date) async throws -> StoredSession?
}

extension WebSessionStore where Self: AccountStore {
    /// The session and then its account, two reads (the embedded file, where each is cheap).
    public func findLiveSession(token: String, now: Date) async throws -> StoredSession? {
        guard let s = try await findSession(token: token, now: now), let account = try await findAccount(s.account),
            account.sessionEpoch == s.epoch, account.role == s.role
        else { return nil }
        return s
    }
}

/// Failed logins counted where every process of a campaign sees them (a server database): the limits then hold for
/// all processes together. Keys are stored hashed.
public protocol LoginFailureStore: Sendable {
    /// Counts this attempt as a failure under each key, in one transaction, unless a key already has `limit` failures
    /// within `window` before `now`; `false` (nothing counted) when locked.
    func beginLogin(keys: [(key: String, limit: Int)], window: TimeInterval, now: Date) async throws -> Bool
    /// The attempt begun succeeded: its failures are taken back (the newest under each key).
    func loginSucceeded(keys: [String]) async throws
}

/// What a campaign's backend offers: every capability a front end uses.
public typealias CampaignBackend = CampaignScope & CampaignBulk & EntryStore & LifecycleStore & AuditStore & PrivacyGate & ReviewStore
    & DoubleEntryStore
    & ReportQueries & AccountStore & CampaignSettings & StreetDirectoryStore & WebSessionStore

/// The embedded file's own operations: only a backend that is one file has them (a server database is created,
/// backed up and rekeyed by its administrator's tools).
public protocol EmbeddedCampaignFile: Sendable {
    /// Opens an existing file (read-only when it cannot be written).
    static func open(at path: String, electionReference: String?, passphrase: String?, concurrentReads: Bool) throws -> Self
    /// A new campaign file for an election.
    static func create(
        at path: String, election: Election, meetingDate: CalendarDay?, passphrase: String?, nominations: [NominationID]?
    ) throws -> Self
    /// An encrypted copy of the whole file.
    func backup(to path: String, passphrase: String, by user: String) throws
    /// A backup restored to `path`; returns the number of sheets.
    static func restore(from backup: String, to path: String, passphrase: String) throws -> Int
    /// The file re-encrypted with a new passphrase; returns the number of sheets.
    static func changeEncryption(at path: String, passphrase old: String?, newPassphrase new: String, by user: String) throws -> Int
    /// Removes personal data (``PurgePolicy``) and rewrites the file so no page keeps it.
    func purgePersonalData(today: CalendarDay, force: Bool, by user: String) throws -> PurgeSummary
}
