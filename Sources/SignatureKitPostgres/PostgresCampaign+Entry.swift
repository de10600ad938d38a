import Foundation
import SignatureKit
import SignatureKitDomain

extension PostgresCampaign: CampaignScope {
    public var isReadOnly: Bool { false }
    public var isEncrypted: Bool { cipher != nil }
}

extension PostgresCampaign: EntryStore {
    public func record(batch: [(input: SheetInput, enteredBy: String)], today: CalendarDay) async throws -> [RecordOutcome] {
        guard !batch.isEmpty else { return [] }
        let prepared = prepare(batch)
        return try await write { tx in try await recordPrepared(tx, prepared, today: today) }
    }

    public func recordSingleEntry(batch: [(input: SheetInput, enteredBy: String)], today: CalendarDay) async throws -> [RecordOutcome]? {
        let prepared = prepare(batch)
        return try await write { tx in
            // The web's hot path: the setting is read with what the rules need, in the write itself.
            var recorder = try await PGRecorder(tx: tx, campaign: self, today: today, enteredBy: prepared.first?.enteredBy ?? "")
            if recorder.doubleEntry { return nil }
            return try await recordPrepared(prepared, with: &recorder)
        }
    }

    typealias PreparedEntry = (input: SheetInput, enteredBy: String, keys: PersonKeys, sealed: FieldCipher.SealedSheet?)

    /// Keys and sealed fields need no database: computed before the lock is taken.
    func prepare(_ batch: [(input: SheetInput, enteredBy: String)]) -> [PreparedEntry] {
        batch.map { entry in
            let keys = PersonKeys(entry.input)
            return (entry.input, entry.enteredBy, keys, cipher.map { $0.seal(entry.input, keys: keys) })
        }
    }

    func recordPrepared(_ tx: PGTransaction, _ prepared: [PreparedEntry], today: CalendarDay) async throws -> [RecordOutcome] {
        guard let first = prepared.first else { return [] }
        var recorder = try await PGRecorder(tx: tx, campaign: self, today: today, enteredBy: first.enteredBy)
        return try await recordPrepared(prepared, with: &recorder)
    }

    /// Records a prepared batch with the transaction's recorder, each sheet as by its own entry.
    func recordPrepared(_ prepared: [PreparedEntry], with recorder: inout PGRecorder) async throws -> [RecordOutcome] {
        var outcomes: [RecordOutcome] = []
        for entry in prepared {
            recorder.enteredBy = entry.enteredBy
            let outcome = try await recorder.record(entry.input, keys: entry.keys, sealed: entry.sealed, auditAs: "entry")
            outcomes.append(outcome)
        }
        return outcomes
    }

    public func correctOwn(_ input: SheetInput, by actor: Actor, policy: CorrectionPolicy, today: CalendarDay) async throws -> RecordOutcome {
        let user = actor.account
        let detail = try await sheetInfo(input.sheetNumber)
        if try await requiresDoubleEntry() {
            throw SignatureKitError.correctionRefused(
                sheet: detail.sheet,
                reason: "mit Doppelerfassung ändert niemand allein ein bestätigtes Formblatt; bitte die Organisation fragen")
        }
        if let reason = policy.refusal(detail, by: user, today: today) {
            throw SignatureKitError.correctionRefused(sheet: detail.sheet, reason: reason)
        }
        return try await write { tx in
            guard let row = try await tx.row("SELECT \(PGSheet.columns) FROM sig.sheet WHERE sheetnumber = $1", [.text(detail.sheet)]) else {
                throw SignatureKitError.sheetNotFound(detail.sheet)
            }
            let old = try PGSheet(row, location: location)
            guard old.status == .entered, old.enteredBy == user else {
                throw SignatureKitError.correctionRefused(sheet: detail.sheet, reason: "es wurde inzwischen bearbeitet")
            }
            let referenced =
                try await tx.row(
                    """
                    SELECT EXISTS (SELECT 1 FROM sig.pair WHERE (sheeta = $1 OR sheetb = $1) AND decision <> 'open')
                      OR EXISTS (SELECT 1 FROM sig.sheet WHERE duplicateof = $1)
                    """, [.bigint(old.id)])?.bool(0) ?? false
            if referenced {
                throw SignatureKitError.correctionRefused(
                    sheet: detail.sheet, reason: "es wurde schon als mögliche Doppelung geprüft; bitte die Organisation fragen")
            }
            var canonicalInput = input
            canonicalInput.nomination = canonical(input.nomination)
            guard let before = try old.opened(cipher).input else { throw SignatureKitError.unknownStoredValue(path: location, column: "sheet") }
            if before == canonicalInput { return .alreadyPresent(sheet: detail.sheet) }
            let identityChanged =
                before.surname != input.surname || before.givenNames != input.givenNames || before.birthDate != input.birthDate
                || before.street != input.street || before.houseNumber != input.houseNumber
            if identityChanged {
                let changes =
                    try await tx.row(
                        "SELECT count(*) FROM sig.audit WHERE action = 'correction:identity' AND actor = $1 AND sheets = $2",
                        [.text(user), .text(detail.sheet)])?.int(0) ?? 0
                guard changes < SignatureDatabase.identityChangesPerSheet else {
                    throw SignatureKitError.correctionRefused(
                        sheet: detail.sheet,
                        reason:
                            "Name, Geburtsdatum oder Anschrift wurden schon \(SignatureDatabase.identityChangesPerSheet)-mal geändert; bitte die Organisation fragen"
                    )
                }
                try await Self.audit(tx, user: user, action: "correction:identity", sheets: [detail.sheet])
            }
            try await tx.run("DELETE FROM sig.sheet WHERE id = $1", [.bigint(old.id)])
            var recorder = try await PGRecorder(tx: tx, campaign: self, today: today, enteredBy: user)
            let outcome = try await recorder.record(input)
            try await Self.audit(tx, user: user, action: "correction", sheets: [detail.sheet])
            return outcome
        }
    }

    public func amend(_ raw: SheetInput, reason rawReason: String, confirmed: Bool, by actor: Actor, today: CalendarDay) async throws
        -> AmendOutcome
    {
        let reason = try CorrectionNote.checkedReason(rawReason)
        var input = raw
        input.nomination = canonical(raw.nomination)
        return try await write { tx in
            var recorder = try await PGRecorder(tx: tx, campaign: self, today: today, enteredBy: actor.account)
            guard let row = try await tx.row("SELECT \(PGSheet.columns) FROM sig.sheet WHERE sheetnumber = $1", [.text(input.sheetNumber)]) else {
                throw SignatureKitError.sheetNotFound(input.sheetNumber)
            }
            let old = try PGSheet(row, location: location)
            guard let before = try old.opened(cipher).input else { throw SignatureKitError.unknownStoredValue(path: location, column: "sheet") }
            let fields = CorrectionNote.changedFields(before, input)
            if fields.isEmpty { return .unchanged(sheet: input.sheetNumber) }
            if CorrectionNote.needsConfirmation.contains(old.status) && !confirmed {
                throw SignatureKitError.invalidField(
                    field: "confirm",
                    reason:
                        "\(input.sheetNumber) ist schon \(old.status.germanName): das Wahlamt kennt die alten Angaben. Die Korrektur bitte ausdrücklich bestätigen"
                )
            }
            let address = try await recorder.address(input)
            let findings = recorder.findings(input, address: address)
            let keys = PersonKeys(input)
            let sealed = cipher.map { $0.seal(input, keys: keys) }
            let repair = !CorrectionNote.pairingFields.isDisjoint(with: fields)
            if repair {
                try await Self.promoteDuplicate(tx, of: old.id)
                try await tx.run("DELETE FROM sig.pair WHERE sheeta = $1 OR sheetb = $1", [.bigint(old.id)])
            }
            var ward: Int?
            var district: String?
            if case .found(let w, let d) = address { (ward, district) = (w, d) }
            let plain = sealed == nil
            try await tx.run(
                """
                UPDATE sig.sheet SET nomination = $2, kind = $3, surname = $4, givennames = $5, birthdate = $6, street = $7, housenumber = $8,
                  postalcode = $9, city = $10, signedon = $11, collector = $12, addressward = $13, addressdistrict = $14, haserror = $15,
                  surnamekey = $16, givenkey = $17, surnamecode = $18, givencode = $19, addresskey = $20, birthkey = $21, sealed = $22,
                  duplicateof = CASE WHEN $23 THEN NULL ELSE duplicateof END
                WHERE id = $1
                """,
                [
                    .bigint(old.id), .text(input.nomination.description), .text(input.nomination.kind.rawValue),
                    .text(plain ? input.surname : ""), .text(plain ? input.givenNames : ""), .text(plain ? input.birthDate.iso : ""),
                    .text(plain ? input.street : ""), .text(plain ? input.houseNumber : ""), .text(plain ? input.postalCode : ""),
                    .text(plain ? input.city : ""), .text(input.signedOn.iso), .text(input.collector), .int(ward), .text(district),
                    .bool(findings.contains { $0.severity == .error }), .text(sealed?.surnameKey ?? keys.surname),
                    .text(sealed?.givenKey ?? keys.givenNames), .text(sealed?.surnameCode ?? keys.surnameCode),
                    .text(sealed?.givenCode ?? keys.givenCode), .text(sealed?.addressKey ?? keys.addressKey),
                    .bigint(Int64(sealed?.birthKey ?? keys.birthKey)), .text(sealed?.blob), .bool(repair),
                ])
            try await tx.run("DELETE FROM sig.finding WHERE sheetid = $1", [.bigint(old.id)])
            try await recorder.insertFindings(old.id, findings)
            var notices: [DuplicateNotice] = []
            if repair && !input.lacksName {
                let candidates = try await recorder.candidates(kind: input.nomination.kind, keys: keys, sealed: sealed).filter { $0.id != old.id }
                for (other, pairClass, match) in DuplicateSearch.matches(keys, nomination: input.nomination.description, among: candidates) {
                    let invalidated = try await recorder.storePair(
                        earlier: min(other.id, old.id), later: max(other.id, old.id), pairClass: pairClass, match: match)
                    notices.append(
                        DuplicateNotice(
                            kind: pairClass, otherSheet: other.sheetNumber, otherNomination: other.nomination, score: match.score,
                            reasons: match.reasons, invalidatesThis: invalidated.map { $0 == old.id }))
                }
            }
            try await tx.run(
                "INSERT INTO sig.correction (sheetid, at, actor, reason, fields, status) VALUES ($1, $2, $3, $4, $5, $6)",
                [
                    .bigint(old.id), .text(Self.timestamp()), .text(actor.account), .text(reason), .text(fields.joined(separator: ",")),
                    .text(old.status.rawValue),
                ])
            try await recorder.audit(action: "correction:organizer", sheets: [input.sheetNumber])
            return .amended(sheet: input.sheetNumber, fields: fields, findings: findings, duplicates: notices)
        }
    }
}

extension PostgresCampaign: LifecycleStore {
    public func setStatus(_ changes: [StatusChange], by actor: Actor) async throws -> Int {
        try await write { tx in try await Self.applyStatus(tx, changes, by: actor.account) }
    }

    static func applyStatus(_ tx: PGTransaction, _ changes: [StatusChange], by user: String) async throws -> Int {
        let numbers = Array(Set(changes.map { $0.sheet.uppercased() }))
        var current: [String: SheetStatus] = [:]
        var ids: [String: Int64] = [:]
        for row in try await tx.rows(PGSheet.numbered("id, sheetnumber, status"), [.texts(numbers)]) {
            let number = try row.text(1)
            guard let status = SheetStatus(rawValue: try row.text(2)) else {
                throw SignatureKitError.unknownStoredValue(path: "sheet", column: "status")
            }
            current[number] = status
            ids[number] = try row.int64(0)
        }
        let moves = try Lifecycle.plan(changes, current: current)
        let now = timestamp()
        for move in moves {
            guard let id = ids[move.sheet] else { continue }
            try await tx.run(
                "UPDATE sig.sheet SET status = $1, rejectreason = $2, statuschangedat = $3 WHERE id = $4",
                [.text(move.to.rawValue), .text(move.reason?.rawValue), .text(now), .bigint(id)])
            try await tx.run(
                "INSERT INTO sig.status_event (sheetid, fromstatus, tostatus, reason, at, actor) VALUES ($1, $2, $3, $4, $5, $6)",
                [.bigint(id), .text(move.from.rawValue), .text(move.to.rawValue), .text(move.reason?.rawValue), .text(now), .text(user)])
            if move.promotesDuplicate { try await promoteDuplicate(tx, of: id) }
        }
        for (action, sheets) in Lifecycle.auditActions(moves) { try await audit(tx, user: user, action: action, sheets: sheets) }
        return Set(moves.map(\.sheet)).count
    }

    public func statusCounts() async throws -> [SheetStatus: Int] {
        try await read { tx in
            var counts: [SheetStatus: Int] = [:]
            for row in try await tx.rows("SELECT status, count(*) FROM sig.sheet GROUP BY status") {
                guard let s = SheetStatus(rawValue: try row.text(0)) else {
                    throw SignatureKitError.unknownStoredValue(path: location, column: "status")
                }
                counts[s] = try row.int(1)
            }
            return counts
        }
    }

    public func previewStatus(_ sheets: [String], to status: SheetStatus, reason: RejectReason?) async throws -> StatusPreview {
        let numbers = try StatusPreview.checkedRequest(sheets, to: status, reason: reason)
        let stored: [String: SheetStatus] = try await read { tx in
            var out: [String: SheetStatus] = [:]
            for row in try await tx.rows(PGSheet.numbered("sheetnumber, status"), [.texts(numbers)]) {
                out[try row.text(0)] = SheetStatus(rawValue: try row.text(1))
            }
            return out
        }
        return try StatusPreview.plan(numbers, stored: stored, to: status)
    }
}
