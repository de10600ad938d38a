import GRDB

/// The SQLite file as a campaign backend: each port method is one transaction on GRDB's own queue (`async`, so no
/// cooperative thread waits on the file), the decisions are the domain's pure policies.
extension SignatureDatabase: CampaignBackend {
    public func record(batch: [(input: SheetInput, enteredBy: String)], today: CalendarDay) async throws -> [RecordOutcome] {
        guard !batch.isEmpty else { return [] }
        let prepared = prepare(batch)
        let database = self
        return try await asyncWrite { db in try database.recordPrepared(db, prepared, today: today) }
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
