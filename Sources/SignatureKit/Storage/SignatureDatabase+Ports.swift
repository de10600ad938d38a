import Foundation
import GRDB

/// The SQLite file as a campaign backend: each port method is one transaction on GRDB's own queue (`async`, so no
/// cooperative thread waits on the file), the decisions are the domain's pure policies.
extension SignatureDatabase: CampaignBackend, EmbeddedCampaignFile {
    public func record(batch: [(input: SheetInput, enteredBy: String)], today: CalendarDay) async throws -> [RecordOutcome] {
        guard !batch.isEmpty else { return [] }
        let prepared = prepare(batch)
        let database = self
        return try await asyncWrite { db in try database.recordPrepared(db, prepared, today: today) }
    }

    public func recordSingleEntry(batch: [(input: SheetInput, enteredBy: String)], today: CalendarDay) async throws -> [RecordOutcome]? {
        let prepared = prepare(batch)
        let database = self
        return try await asyncWrite { db in
            // The web's hot path: the setting is read in the write itself, not in a read of its own per request.
            if try MetaRecord.value(.doubleEntry, in: db) == "1" { return nil }
            return prepared.isEmpty ? [] : try database.recordPrepared(db, prepared, today: today)
        }
    }

    public func setStatus(_ changes: [StatusChange], by actor: Actor) async throws -> Int {
        try await asyncWrite { db in try Self.applyStatus(db, changes, by: actor.account) }
    }

    public func statusCounts() async throws -> [SheetStatus: Int] {
        try await asyncRead(Self.statusCounts(in:))
    }

    public func auditEntries(since: CalendarDay?) async throws -> [AuditEntry] {
        try await asyncRead { db in try Self.auditEntries(in: db, since: since) }
    }

    public func verifyAudit() async throws -> AuditVerdict {
        try await asyncRead(Self.verifyAudit(in:))
    }

    public func signers(_ sheets: [String], purpose: PersonalDataPurpose, by actor: Actor) async throws -> [SignerData] {
        guard !sheets.isEmpty else { return [] }
        let numbers = sheets.map { $0.uppercased() }
        let cipher = self.cipher
        let readOnly = isReadOnly
        return try await asyncWrite { db in
            // The read is on the record before anything is read, in the same transaction.
            if !readOnly { try AuditRecord.append(db, user: actor.account, action: "read:\(purpose.rawValue)", sheets: numbers) }
            return try Self.signers(in: db, numbers, cipher: cipher)
        }
    }

    public func openCases() async throws -> [ReviewCase] {
        try await asyncRead(Self.openCases(in:))
    }

    public func decide(case id: Int64, _ decision: ReviewDecision, by actor: Actor) async throws {
        let path = self.path
        try await asyncWrite { db in try Self.applyDecision(db, pair: id, decision, by: actor.account, path: path) }
    }

    public func correctOwn(_ input: SheetInput, by actor: Actor, policy: CorrectionPolicy, today: CalendarDay) async throws -> RecordOutcome {
        try await offloaded { try $0.correct(input, by: actor.account, policy: policy, today: today) }
    }

    public func amend(_ input: SheetInput, reason: String, confirmed: Bool, by actor: Actor, today: CalendarDay) async throws -> AmendOutcome {
        try await offloaded { try $0.amend(input, reason: reason, confirmed: confirmed, by: actor.account, today: today) }
    }

    public func previewStatus(_ sheets: [String], to status: SheetStatus, reason: RejectReason?) async throws -> StatusPreview {
        try await offloaded { try $0.previewStatus(sheets, to: status, reason: reason) }
    }

    public func noteDuplicateAnswer(sheet: String, others: [String], by actor: Actor) async throws {
        guard !others.isEmpty, !isReadOnly else { return }
        try await asyncWrite { db in try AuditRecord.append(db, user: actor.account, action: "read:duplicate-answer", sheets: [sheet] + others) }
    }

    public func probeSignals(since day: CalendarDay) async throws -> [ProbeSignal] {
        try await offloaded { try $0.probeSignals(since: day) }
    }

    public func keepSheet(_ sheet: String, ofCase id: Int64, by actor: Actor) async throws {
        try await offloaded { try $0.keep(sheet, ofCase: id, by: actor.account) }
    }

    public func hasSheet(_ number: String) async throws -> Bool {
        try await offloaded { try $0.sheetExists(number) }
    }

    public func ownErrorFindings(enteredBy: String) async throws -> [String: [Finding]] {
        try await offloaded { try $0.errorFindings(enteredBy: enteredBy) }
    }

    // MARK: Bulk

    public func importSheets(from path: String, by actor: Actor, today: CalendarDay, rejectsPath: String?, showValues: Bool) async throws
        -> ImportSummary
    {
        try await offloaded {
            try $0.importSheets(from: path, enteredBy: actor.account, today: today, rejectsPath: rejectsPath, showValues: showValues)
        }
    }

    public func recheckRules(today: CalendarDay) async throws {
        try await offloaded { try $0.recheck(today: today) }
    }

    public func fullDuplicatePass(by actor: Actor) async throws -> CheckSummary {
        try await offloaded { try $0.duplicatePass(by: actor.account) }
    }

    // MARK: Double entry

    public func requiresDoubleEntry() async throws -> Bool {
        try await asyncRead { try MetaRecord.value(.doubleEntry, in: $0) == "1" }
    }

    public func enterTwice(_ raw: SheetInput, by actor: Actor, clientID: String?, today: CalendarDay) async throws -> DoubleEntryOutcome {
        var canonicalInput = raw
        canonicalInput.nomination = canonical(raw.nomination)
        let input = canonicalInput
        let database = self
        return try await asyncWrite { db in
            try Self.enterTwice(db, input, by: actor.account, clientID: clientID, database: database, today: today)
        }
    }

    public func pendingEntries(of actor: Actor) async throws -> [(sheet: String, mismatch: Bool)] {
        try await offloaded { try $0.pendingEntries(by: actor.account) }
    }

    public func openMismatches() async throws -> [EntryMismatch] {
        try await offloaded { try $0.entryMismatches() }
    }

    public func mismatchDrafts(_ sheet: String, by actor: Actor) async throws -> [EntryDraft] {
        let number = sheet.uppercased()
        let cipher = self.cipher
        return try await asyncWrite { db in
            try AuditRecord.append(db, user: actor.account, action: "read:\(PersonalDataPurpose.review.rawValue)", sheets: [number])
            return try Self.drafts(db, sheet: number, cipher: cipher)
        }
    }

    public func settleMismatch(_ sheet: String, keep draft: Int64, by actor: Actor, today: CalendarDay) async throws -> RecordOutcome {
        try await offloaded { try $0.resolveMismatch(sheet, keep: draft, by: actor.account, today: today) }
    }

    // MARK: Report queries

    public func progress(asOf: CalendarDay) async throws -> ProgressCounts {
        try await offloaded { try $0.progressCounts(asOf: asOf) }
    }

    public func sheetList(nomination: NominationID?, status: SheetStatus?, enteredBy: String?) async throws -> [SheetSummary] {
        try await offloaded { try $0.sheets(nomination: nomination, status: status, enteredBy: enteredBy) }
    }

    public func sheetInfo(_ number: String) async throws -> SheetDetail {
        try await offloaded { try $0.sheetDetail(number) }
    }

    public func submission(for nomination: NominationID) async throws -> SubmissionData {
        try await offloaded { try $0.submissionData(for: nomination) }
    }

    public func certificationQueue() async throws -> [CertificationItem] {
        try await offloaded { try $0.sheetsReadyForCertification() }
    }

    public func collectorFigures(only collector: String?) async throws -> CollectorReport {
        try await offloaded { try $0.collectorReport(only: collector) }
    }

    public func campaignFindings() async throws -> [CheckFinding] {
        try await offloaded { try $0.findings() }
    }

    // MARK: Accounts

    public func addAccount(_ name: String, role: AccountRole, password: String, by actor: Actor) async throws {
        try await offloaded { try $0.addAccount(name, role: role, password: password, by: actor.account) }
    }

    public func accountList() async throws -> [Account] {
        try await offloaded { try $0.accounts() }
    }

    public func findAccount(_ name: String) async throws -> Account? {
        // Every request of a session checks its account: a read on GRDB's own queue, no thread waits.
        try await asyncRead { db in
            try Self.accountRecord(db, named: name).map {
                Account(name: $0.name, role: $0.role, createdAt: $0.createdAt, sessionEpoch: $0.sessionEpoch)
            }
        }
    }

    public func setPassword(_ name: String, password: String, by actor: Actor) async throws {
        try await offloaded { try $0.setPassword(name, password: password, by: actor.account) }
    }

    public func removeAccount(_ name: String, by actor: Actor) async throws {
        try await offloaded { try $0.removeAccount(name, by: actor.account) }
    }

    public func login(_ name: String, password: String) async throws -> Account? {
        // scrypt takes tens of milliseconds of CPU: never on a cooperative thread.
        try await offloaded { try $0.verifyLogin(name, password: password) }
    }

    // MARK: Settings

    public func campaignProfile() async throws -> CampaignProfile {
        try await offloaded { try $0.profile() }
    }

    public func setProfile(_ profile: CampaignProfile, by actor: Actor) async throws {
        try await offloaded { try $0.setProfile(profile, by: actor.account) }
    }

    public func setDoubleEntry(_ on: Bool, by actor: Actor) async throws {
        try await offloaded { try $0.setDoubleEntry(on, by: actor.account) }
    }

    public func campaignToday() async throws -> CalendarDay {
        try await asyncRead { db in try MetaRecord.value(.demoDay, in: db).flatMap(CalendarDay.init(parsing:)) } ?? .today()
    }

    public func noteWrittenFile(_ path: String, kind: OutputKind, by actor: Actor) async throws {
        try await offloaded { try $0.recordOutput(path, kind: kind, by: actor.account) }
    }

    public func chooseNominations(_ nominations: [NominationID]?, by actor: Actor) async throws -> Election {
        try await offloaded { try $0.setCampaignNominations(nominations, by: actor.account).election }
    }

    public func nominationMeetings() async throws -> [NominationID: CalendarDay] {
        try await asyncRead(Self.meetingDates(in:))
    }

    public func setMeetingDate(_ date: CalendarDay?, for nominations: [NominationID], by actor: Actor) async throws {
        try await offloaded { try $0.setMeetingDate(date, for: nominations, by: actor.account) }
    }

    // MARK: Street directory

    public func replaceStreets(_ entries: [StreetEntry], by actor: Actor) async throws {
        try await offloaded { try $0.replaceStreetDirectory(entries, by: actor.account) }
    }

    public func lookUp(street: String, houseNumber: String) async throws -> AddressLookup {
        try await offloaded { try $0.addressLookup(street: street, houseNumber: houseNumber) }
    }

    public func streetList() async throws -> [StreetEntry] {
        try await offloaded { try $0.streetDirectory() }
    }

    // MARK: Sessions

    public func keepSession(token: String, _ session: StoredSession) async throws {
        try await offloaded { try $0.saveSession(token: token, session) }
    }

    public func findSession(token: String, now: Date) async throws -> StoredSession? {
        try await offloaded { try $0.storedSession(token: token, now: now) }
    }

    public func endSession(token: String) async throws {
        try await offloaded { try $0.deleteSession(token: token) }
    }

    // MARK: Transactions

    /// A synchronous operation of the file (itself one transaction) on a thread of its own: a task's cooperative thread
    /// never waits on SQLite or on a password hash.
    ///
    /// Each call gets its own serial queue, as GRDB's own queues are: such a queue gets a thread even when every core
    /// is busy. The global concurrent queue does not – on Linux it runs as many blocks as there are cores, so two long
    /// operations (an import, a full pass) made every other request wait (a web request took over 10 s under load, the
    /// load test fell to 307 sheets/s).
    ///
    /// The body gets the file as its argument instead of capturing it.
    func offloaded<T: Sendable>(_ body: @escaping @Sendable (SignatureDatabase) throws -> T) async throws -> T {
        let database = self
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "signaturekit.port", qos: .userInitiated).async {
                continuation.resume(with: Result { try body(database) })
            }
        }
    }

    /// One write transaction on GRDB's writer queue; SQLite errors become ``SignatureKitError`` values.
    func asyncWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let path = self.path
        do {
            return try await writer.write(body)
        } catch {
            return try Self.mapErrors(path) { throw error }
        }
    }

    func asyncRead<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let path = self.path
        do {
            return try await writer.read(body)
        } catch {
            return try Self.mapErrors(path) { throw error }
        }
    }
}
