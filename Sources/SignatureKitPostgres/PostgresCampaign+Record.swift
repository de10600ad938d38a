import Foundation
import SignatureKit
import SignatureKitDomain

extension PostgresCampaign: AuditStore {
    public func auditEntries(since: CalendarDay?) async throws -> [AuditEntry] {
        try await read { tx in
            try await tx.rows(
                "SELECT id, at, actor, action, sheets FROM sig.audit WHERE $1::text IS NULL OR at >= $1 ORDER BY id", [.text(since?.iso)]
            ).map {
                AuditEntry(
                    id: try $0.int64(0), at: try $0.text(1), user: try $0.text(2), action: try $0.text(3),
                    sheets: try $0.text(4).split(separator: " ").map(String.init))
            }
        }
    }

    public func verifyAudit() async throws -> AuditVerdict {
        try await read { tx in
            var verifier = AuditChain.Verifier()
            var going = true
            try await tx.forEach("SELECT id, at, actor, action, sheets, previoushash, hash FROM sig.audit ORDER BY id") { r in
                guard going else { return }
                going = verifier.check(
                    AuditRow(
                        id: try r.int64(0), at: try r.text(1), user: try r.text(2), action: try r.text(3), sheets: try r.text(4),
                        previousHash: try r.text(5), hash: try r.text(6)))
            }
            return verifier.verdict
        }
    }

    public func noteDuplicateAnswer(sheet: String, others: [String], by actor: Actor) async throws {
        guard !others.isEmpty else { return }
        try await write { tx in try await Self.audit(tx, user: actor.account, action: "read:duplicate-answer", sheets: [sheet] + others) }
    }

    public func probeSignals(since day: CalendarDay) async throws -> [ProbeSignal] {
        try await read { tx in
            try await tx.rows(
                """
                SELECT actor, count(*) FILTER (WHERE action = 'read:duplicate-answer') AS answers,
                  count(*) FILTER (WHERE action = 'correction:identity') AS changes FROM sig.audit
                WHERE action IN ('read:duplicate-answer', 'correction:identity') AND at >= $1
                GROUP BY actor ORDER BY count(*) DESC, actor
                """, [.text(day.iso)]
            ).map { ProbeSignal(account: try $0.text(0), duplicateAnswers: try $0.int(1), identityChanges: try $0.int(2)) }
        }
    }
}

extension PostgresCampaign: PrivacyGate {
    public func signers(_ sheets: [String], purpose: PersonalDataPurpose, by actor: Actor) async throws -> [SignerData] {
        guard !sheets.isEmpty else { return [] }
        let numbers = sheets.map { $0.uppercased() }
        return try await write { tx in
            // The read is on the record before anything is read, in the same transaction.
            try await Self.audit(tx, user: actor.account, action: "read:\(purpose.rawValue)", sheets: numbers)
            var found: [String: SignerData] = [:]
            for row in try await tx.rows(PGSheet.numbered(PGSheet.columns), [.texts(numbers)]) {
                let s = try PGSheet(row, location: location).opened(cipher)
                found[s.sheetNumber] = SignerData(
                    sheet: s.sheetNumber, surname: s.surname, givenNames: s.givenNames, birthDate: CalendarDay(parsing: s.birthDate),
                    street: s.street, houseNumber: s.houseNumber, postalCode: s.postalCode, city: s.city)
            }
            return numbers.compactMap { found[$0] }
        }
    }

    public func noteWrittenFile(_ path: String, kind: OutputKind, by actor: Actor) async throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        try await write { tx in
            try await tx.run(
                """
                INSERT INTO sig.output (path, kind, writtenat) VALUES ($1, $2, $3)
                ON CONFLICT (campaign_id, path) DO UPDATE SET kind = EXCLUDED.kind, writtenat = EXCLUDED.writtenat
                """, [.text(absolute), .text(kind.rawValue), .text(Self.timestamp())])
            try await Self.audit(tx, user: actor.account, action: "output:\(kind.rawValue)", sheets: [])
        }
    }
}

extension PostgresCampaign: ReviewStore {
    static let closed = SheetStatus.closedSQL

    public func openCases() async throws -> [ReviewCase] {
        try await read { tx in
            try await tx.rows(
                """
                SELECT p.id, p.class, p.score, p.reasons, a.sheetnumber, a.nomination, b.sheetnumber, b.nomination
                FROM sig.pair p JOIN sig.sheet a ON a.id = p.sheeta JOIN sig.sheet b ON b.id = p.sheetb
                WHERE p.decision = 'open' AND a.status NOT IN \(Self.closed) AND b.status NOT IN \(Self.closed)
                ORDER BY p.id
                """
            ).map { row in
                guard let kind = PairClass(rawValue: try row.text(1)) else {
                    throw SignatureKitError.unknownStoredValue(path: location, column: "class")
                }
                return ReviewCase(
                    id: try row.int64(0), kind: kind, score: try row.double(2), reasons: try row.text(3),
                    first: .init(sheet: try row.text(4), nomination: try row.text(5)),
                    second: .init(sheet: try row.text(6), nomination: try row.text(7)))
            }
        }
    }

    /// The pair `id` with its sheets, or `nil`.
    static func pair(_ tx: PGTransaction, _ id: Int64) async throws -> (a: Int64, b: Int64, kind: PairClass, decision: String)? {
        guard let row = try await tx.row("SELECT sheeta, sheetb, class, decision FROM sig.pair WHERE id = $1", [.bigint(id)]),
            let kind = PairClass(rawValue: try row.text(2))
        else { return nil }
        return (try row.int64(0), try row.int64(1), kind, try row.text(3))
    }

    public func decide(case id: Int64, _ decision: ReviewDecision, by actor: Actor) async throws {
        try await write { tx in
            if try await Self.meta(tx, "purgedOn") != nil { throw SignatureKitError.purged(path: location) }
            guard let pair = try await Self.pair(tx, id) else { throw SignatureKitError.pairNotFound(Int(id)) }
            try await tx.run(
                "UPDATE sig.pair SET decision = $1, decidedby = $2, decidedat = $3 WHERE id = $4",
                [.text(decision.pairDecision.rawValue), .text(actor.account), .text(Self.timestamp()), .bigint(id)])
            let numbers = try await tx.rows(
                "SELECT sheetnumber FROM sig.sheet WHERE id IN ($1, $2) ORDER BY id", [.bigint(pair.a), .bigint(pair.b)]
            ).map { try $0.text(0) }
            try await Self.audit(tx, user: actor.account, action: "review:\(decision.rawValue)", sheets: numbers)
            let earlier = try await tx.row("SELECT status FROM sig.sheet WHERE id = $1", [.bigint(pair.a)]).flatMap {
                SheetStatus(rawValue: try $0.text(0))
            }
            if let duplicate = ReviewPolicy.laterIsDuplicate(kind: pair.kind, decision: decision, earlierStatus: earlier) {
                try await tx.run(
                    "UPDATE sig.sheet SET duplicateof = $1 WHERE id = $2", [.bigint(duplicate ? pair.a : nil), .bigint(pair.b)])
            }
        }
    }

    public func keepSheet(_ sheet: String, ofCase id: Int64, by actor: Actor) async throws {
        try await write { tx in
            if try await Self.meta(tx, "purgedOn") != nil { throw SignatureKitError.purged(path: location) }
            guard let pair = try await Self.pair(tx, id), pair.decision == PairDecision.open.rawValue else {
                throw SignatureKitError.pairNotFound(Int(id))
            }
            let numbers = try await tx.rows("SELECT sheetnumber FROM sig.sheet WHERE id IN ($1, $2)", [.bigint(pair.a), .bigint(pair.b)]).map {
                try $0.text(0)
            }
            let kept = sheet.uppercased()
            let other = try ReviewPolicy.withdrawn(keeping: kept, of: numbers, case: id)
            try await tx.run(
                "UPDATE sig.pair SET decision = $1, decidedby = $2, decidedat = $3 WHERE id = $4",
                [.text(PairDecision.confirmed.rawValue), .text(actor.account), .text(Self.timestamp()), .bigint(id)])
            try await Self.audit(tx, user: actor.account, action: "review:keep:\(kept)", sheets: numbers.sorted())
            _ = try await Self.applyStatus(tx, [StatusChange(sheet: other, status: .withdrawn)], by: actor.account)
        }
    }
}

extension PostgresCampaign: DoubleEntryStore {
    public func requiresDoubleEntry() async throws -> Bool {
        try await read { tx in try await Self.meta(tx, "doubleEntry") == "1" }
    }

    static func drafts(_ tx: PGTransaction, sheet: String, cipher: FieldCipher?) async throws -> [EntryDraft] {
        try await tx.rows("SELECT id, enteredby, payload FROM sig.entry_draft WHERE sheetnumber = $1 ORDER BY id", [.text(sheet)]).map { row in
            let stored = try row.text(2)
            return try EntryDraft(id: try row.int64(0), enteredBy: try row.text(1), payload: try cipher.map { try $0.open(stored) } ?? stored)
        }
    }

    public func enterTwice(_ raw: SheetInput, by actor: Actor, clientID: String?, today: CalendarDay) async throws -> DoubleEntryOutcome {
        var input = raw
        input.nomination = canonical(raw.nomination)
        let user = actor.account
        return try await write { tx in
            let number = input.sheetNumber
            var recorder = try await PGRecorder(tx: tx, campaign: self, today: today, enteredBy: user)
            if try await tx.row("SELECT 1 FROM sig.sheet WHERE sheetnumber = $1", [.text(number)]) != nil {
                return .recorded(try await recorder.record(input))
            }
            let drafts = try await Self.drafts(tx, sheet: number, cipher: cipher)
            let flagged = try await tx.row("SELECT 1 FROM sig.entry_draft WHERE sheetnumber = $1 AND mismatch LIMIT 1", [.text(number)]) != nil
            let plan = DoubleEntry.plan(input, by: user, drafts: drafts, flagged: flagged)
            switch plan.draft {
            case .keep: break
            case .update(let id):
                try await tx.run(
                    "UPDATE sig.entry_draft SET payload = $1, clientid = $2, enteredat = $3 WHERE id = $4",
                    [.text(try SignatureDatabase.payload(input, cipher: cipher)), .text(clientID), .text(Self.timestamp()), .bigint(id)])
            case .insert:
                try await tx.run(
                    "INSERT INTO sig.entry_draft (sheetnumber, enteredby, enteredat, clientid, payload) VALUES ($1, $2, $3, $4, $5)",
                    [
                        .text(number), .text(user), .text(Self.timestamp()), .text(clientID),
                        .text(try SignatureDatabase.payload(input, cipher: cipher)),
                    ])
            }
            switch plan.step {
            case .awaitSecond(let first):
                if first { try await Self.audit(tx, user: user, action: "entry:first", sheets: [number]) }
                return .awaitingSecond(sheet: number)
            case .confirm(let agreed, let typist):
                recorder.enteredBy = typist
                let outcome = try await recorder.record(agreed)
                try await tx.run("DELETE FROM sig.entry_draft WHERE sheetnumber = $1", [.text(number)])
                try await Self.audit(tx, user: user, action: "entry:confirmed", sheets: [number])
                return .recorded(outcome)
            case .mismatch(let fields):
                try await tx.run("UPDATE sig.entry_draft SET mismatch = true WHERE sheetnumber = $1", [.text(number)])
                try await Self.audit(tx, user: user, action: "entry:mismatch", sheets: [number])
                return .mismatch(sheet: number, fields: fields)
            }
        }
    }

    public func pendingEntries(of actor: Actor) async throws -> [(sheet: String, mismatch: Bool)] {
        let rows: [PendingEntry] = try await read { tx in
            try await tx.rows("SELECT sheetnumber, mismatch FROM sig.entry_draft WHERE enteredby = $1 ORDER BY sheetnumber", [.text(actor.account)])
                .map { PendingEntry(sheet: try $0.text(0), mismatch: try $0.bool(1)) }
        }
        return rows.map { ($0.sheet, $0.mismatch) }
    }

    public func openMismatches() async throws -> [EntryMismatch] {
        try await read { tx in
            var out: [EntryMismatch] = []
            for row in try await tx.rows("SELECT sheetnumber FROM sig.entry_draft WHERE mismatch GROUP BY sheetnumber ORDER BY min(id)") {
                let number = try row.text(0)
                let drafts = try await Self.drafts(tx, sheet: number, cipher: cipher)
                out.append(EntryMismatch(sheet: number, entries: drafts.map { ($0.id, $0.enteredBy) }, fields: DoubleEntry.differences(drafts)))
            }
            return out
        }
    }

    public func mismatchDrafts(_ sheet: String, by actor: Actor) async throws -> [EntryDraft] {
        let number = sheet.uppercased()
        return try await write { tx in
            try await Self.audit(tx, user: actor.account, action: "read:\(PersonalDataPurpose.review.rawValue)", sheets: [number])
            return try await Self.drafts(tx, sheet: number, cipher: cipher)
        }
    }

    public func settleMismatch(_ sheet: String, keep draft: Int64, by actor: Actor, today: CalendarDay) async throws -> RecordOutcome {
        try await write { tx in
            let drafts = try await Self.drafts(tx, sheet: sheet.uppercased(), cipher: cipher)
            let chosen = try DoubleEntry.resolution(drafts, keep: draft, sheet: sheet.uppercased(), by: actor.account)
            var recorder = try await PGRecorder(tx: tx, campaign: self, today: today, enteredBy: chosen.enteredBy)
            let outcome = try await recorder.record(chosen.input)
            try await tx.run("DELETE FROM sig.entry_draft WHERE sheetnumber = $1", [.text(chosen.input.sheetNumber)])
            try await Self.audit(tx, user: actor.account, action: "entry:resolved", sheets: [chosen.input.sheetNumber])
            return outcome
        }
    }
}

/// A pending draft as read (tuples are not Sendable across the transaction).
struct PendingEntry: Sendable {
    var sheet: String
    var mismatch: Bool
}
