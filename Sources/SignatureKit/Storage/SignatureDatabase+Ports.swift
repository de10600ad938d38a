import GRDB

/// The SQLite file as a campaign backend: each port method is one transaction on GRDB's own queue (`async`, so no
/// cooperative thread waits on the file), the decisions are the domain's pure policies.
extension SignatureDatabase: CampaignBackend {
    public func record(batch: [(input: SheetInput, enteredBy: String)], today: CalendarDay) async throws -> [RecordOutcome] {
        guard !batch.isEmpty else { return [] }
        let prepared = batch.map { entry in
            let keys = PersonKeys(entry.input)
            return (entry.input, entry.enteredBy, keys, cipher.map { $0.seal(entry.input, keys: keys) })
        }
        let database = self
        return try await asyncWrite { db in
            var recorder = try SheetRecorder(db: db, database: database, today: today, enteredBy: batch[0].enteredBy)
            var outcomes: [RecordOutcome] = []
            for (input, user, keys, sealed) in prepared {
                recorder.enteredBy = user
                let outcome = try recorder.record(input, keys: keys, sealed: sealed)
                if case .stored(let sheet, _, _) = outcome { try AuditRecord.append(db, user: user, action: "entry", sheets: [sheet]) }
                outcomes.append(outcome)
            }
            return outcomes
        }
    }

    public func setStatus(_ changes: [StatusChange], by actor: Actor) async throws -> Int {
        try await asyncWrite { db in try Self.applyStatus(db, changes, by: actor.account) }
    }

    public func statusCounts() async throws -> [SheetStatus: Int] {
        try await asyncRead { db in
            var counts: [SheetStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM sheet GROUP BY status") {
                if let status = SheetStatus(rawValue: row[0]) { counts[status] = row[1] }
            }
            return counts
        }
    }

    public func auditEntries(since: CalendarDay?) async throws -> [AuditEntry] {
        try await asyncRead { db in
            var request = AuditRecord.order(Column("id"))
            if let since { request = request.filter(Column("at") >= since.iso) }
            return try request.fetchAll(db).map {
                AuditEntry(id: $0.id ?? 0, at: $0.at, user: $0.user, action: $0.action, sheets: $0.sheets.split(separator: " ").map(String.init))
            }
        }
    }

    public func verifyAudit() async throws -> AuditVerdict {
        try await asyncRead { db in
            var verifier = AuditChain.Verifier()
            let cursor = try AuditRecord.order(Column("id")).fetchCursor(db)
            while let e = try cursor.next(), verifier.check(e.row) {}
            return verifier.verdict
        }
    }

    public func signers(_ sheets: [String], purpose: PersonalDataPurpose, by actor: Actor) async throws -> [SignerData] {
        guard !sheets.isEmpty else { return [] }
        let numbers = sheets.map { $0.uppercased() }
        let cipher = self.cipher
        let readOnly = isReadOnly
        return try await asyncWrite { db in
            // The read is on the record before anything is read, in the same transaction.
            if !readOnly { try AuditRecord.append(db, user: actor.account, action: "read:\(purpose.rawValue)", sheets: numbers) }
            var found: [String: SignerData] = [:]
            for start in stride(from: 0, to: numbers.count, by: 500) {
                let chunk = Array(numbers[start..<min(numbers.count, start + 500)])
                for r in try SheetRecord.filter(chunk.contains(SheetRecord.Columns.sheetNumber)).fetchAll(db).map({ try $0.opened(cipher) }) {
                    found[r.sheetNumber] = SignerData(
                        sheet: r.sheetNumber, surname: r.surname, givenNames: r.givenNames, birthDate: CalendarDay(parsing: r.birthDate),
                        street: r.street, houseNumber: r.houseNumber, postalCode: r.postalCode, city: r.city)
                }
            }
            return numbers.compactMap { found[$0] }
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
