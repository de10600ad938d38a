import Foundation
import SignatureKit
import SignatureKitDomain

/// Storing sheets inside one write transaction of a campaign: the rules, the address, the duplicate search before
/// the insert (under the campaign's lock, so it sees every earlier sheet), the pairs and findings – as the SQLite
/// adapter's recorder does, with the same policies.
struct PGRecorder {
    let tx: PGTransaction
    let campaign: PostgresCampaign
    let today: CalendarDay
    var enteredBy: String
    let enteredAt: String
    let meetingDates: [NominationID: CalendarDay]
    let hasDirectory: Bool
    /// Whether the campaign takes every sheet twice (read with the rest, for the web's single entries).
    let doubleEntry: Bool
    /// The newest audit hash, read with the rest (the lock is held: nobody else appends meanwhile). Every later append
    /// of the transaction goes through the recorder once it exists (`PostgresCampaign.audit` reads the tail itself and
    /// may only come after the recorder's last append).
    private var auditTail: String

    /// Reads what the rules need in one round trip: meeting dates, whether a street directory is loaded, whether the
    /// campaign was purged, whether it takes double entry, and the audit record's newest hash.
    init(tx: PGTransaction, campaign: PostgresCampaign, today: CalendarDay, enteredBy: String) async throws {
        self.tx = tx
        self.campaign = campaign
        self.today = today
        self.enteredBy = enteredBy
        enteredAt = PostgresCampaign.timestamp()
        let row = try await tx.rows(RulesContext.self).first
        var dates: [NominationID: CalendarDay] = [:]
        for pair in (try row?.optionalText(0) ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, let n = NominationID(parts[0]), let d = CalendarDay(parsing: parts[1]) { dates[n] = d }
        }
        meetingDates = dates
        hasDirectory = try row?.bool(1) ?? false
        doubleEntry = try row?.bool(3) ?? false
        auditTail = try row?.optionalText(4) ?? ""
        if try row?.bool(2) == true { throw SignatureKitError.purged(path: campaign.location) }
    }

    var election: Election { campaign.election }
    var cipher: FieldCipher? { campaign.cipher }

    func address(_ input: SheetInput) async throws -> AddressLookup {
        try await PostgresCampaign.lookupAddress(tx, hasDirectory: hasDirectory, street: input.street, houseNumber: input.houseNumber)
    }

    func findings(_ input: SheetInput, address: AddressLookup, enteredOn: CalendarDay? = nil) -> [Finding] {
        Rules.evaluate(
            RuleInput(sheet: input, election: election, address: address, meetingDate: meetingDates[input.nomination], today: enteredOn ?? today))
    }

    /// Stores one sheet (``SignatureDatabase``'s recorder, on PostgreSQL); with `auditAs`, the audit entry for the
    /// stored sheet goes in with it.
    mutating func record(
        _ raw: SheetInput, keys precomputed: PersonKeys? = nil, sealed presealed: FieldCipher.SealedSheet? = nil, ruleFindings: [Finding]? = nil,
        auditAs action: String? = nil
    ) async throws -> RecordOutcome {
        var input = raw
        input.nomination = campaign.canonical(raw.nomination)
        let address = try await address(input)
        let findings = (hasDirectory ? nil : ruleFindings) ?? findings(input, address: address)
        let keys = precomputed ?? PersonKeys(input)
        let sealed = presealed ?? cipher.map { $0.seal(input, keys: keys) }
        let audit = action.map {
            AuditChain.next(after: auditTail, at: PostgresCampaign.timestamp(), user: enteredBy, action: $0, sheets: [input.sheetNumber])
        }
        let (stored, candidates) = try await insert(
            input, keys: keys, sealed: sealed, address: address, findings: findings, enteredBy: enteredBy, enteredAt: enteredAt,
            enteredOn: today.iso, probing: !input.lacksName, audit: audit)
        guard let id = stored else {
            // The number is taken (ON CONFLICT DO NOTHING: no error that would end the transaction).
            let existing = try await tx.row("SELECT \(PGSheet.columns) FROM sig.sheet WHERE sheetnumber = $1", [.text(input.sheetNumber)])
            let stored = try existing.map { try PGSheet($0, location: campaign.location).opened(cipher).input }
            return stored == input ? .alreadyPresent(sheet: input.sheetNumber) : .conflict(sheet: input.sheetNumber)
        }
        if let audit { auditTail = audit.hash }
        var notices: [DuplicateNotice] = []
        for (other, pairClass, match) in DuplicateSearch.matches(keys, nomination: input.nomination.description, among: candidates) {
            let invalidated = try await storePair(earlier: other.id, later: id, pairClass: pairClass, match: match)
            notices.append(
                DuplicateNotice(
                    kind: pairClass, otherSheet: other.sheetNumber, otherNomination: other.nomination, score: match.score, reasons: match.reasons,
                    invalidatesThis: invalidated.map { $0 == id }))
        }
        return .stored(sheet: input.sheetNumber, findings: findings, duplicates: notices)
    }

    /// Inserts a sheet with its findings (and its audit entry), in one statement that also returns the earlier sheets
    /// sharing a blocking key (the same snapshot: the probe sees every earlier sheet, not this one); the id is `nil`
    /// (nothing stored) when the number is taken. One round trip instead of three per sheet.
    func insert(
        _ input: SheetInput, keys: PersonKeys, sealed: FieldCipher.SealedSheet?, address: AddressLookup, findings: [Finding], enteredBy: String,
        enteredAt: String, enteredOn: String, probing: Bool = false, audit: AuditRow? = nil
    ) async throws -> (id: Int64?, candidates: [DuplicateSearch.Candidate]) {
        let hasError = findings.contains { $0.severity == .error }
        var ward: Int?
        var district: String?
        if case .found(let w, let d) = address { (ward, district) = (w, d) }
        let plain = sealed == nil
        var values: [PGValue] = [
            .text(input.sheetNumber), .text(input.nomination.description), .text(input.nomination.kind.rawValue),
            .text(plain ? input.surname : ""), .text(plain ? input.givenNames : ""), .text(plain ? input.birthDate.iso : ""),
            .text(plain ? input.street : ""), .text(plain ? input.houseNumber : ""), .text(plain ? input.postalCode : ""),
            .text(plain ? input.city : ""), .text(input.signedOn.iso), .text(input.collector), .text(enteredBy), .text(enteredAt),
            .text(enteredOn), .int(ward), .text(district), .bool(hasError),
            .text(sealed?.surnameKey ?? keys.surname), .text(sealed?.givenKey ?? keys.givenNames),
            .text(sealed?.surnameCode ?? keys.surnameCode), .text(sealed?.givenCode ?? keys.givenCode),
            .text(sealed?.addressKey ?? keys.addressKey), .bigint(Int64(sealed?.birthKey ?? keys.birthKey)), .text(sealed?.blob),
            .texts(findings.map(\.code)), .texts(findings.map(\.severity.rawValue)), .texts(findings.map(\.message)), .texts(findings.map(\.basis)),
        ]
        // Without an audit entry or a probe (a sheet without a name) the same statement, told so by $36 and $37.
        values += [
            .text(audit?.at ?? ""), .text(audit?.user ?? ""), .text(audit?.action ?? ""), .text(audit?.sheets ?? ""),
            .text(audit?.previousHash ?? ""), .text(audit?.hash ?? ""), .bool(audit != nil), .bool(probing),
        ]
        let rows = try await tx.rows(EntryStatement.self, values)
        var id: Int64?
        var candidateRows: [PGRow] = []
        for row in rows {
            if try row.int(0) == 0 { id = try row.int64(1) } else { candidateRows.append(row) }
        }
        return (id, try candidates(candidateRows, kind: input.nomination.kind, offset: 1))
    }

    /// The rules' context of a write: meeting dates, whether there is a street directory, whether the campaign is
    /// purged or uses double entry, the audit chain's last hash.
    enum RulesContext: PGStatementText {
        static let sql = """
            SELECT (SELECT string_agg(id || '=' || meetingdate, ',') FROM sig.nomination WHERE meetingdate IS NOT NULL),
              EXISTS (SELECT 1 FROM sig.street), EXISTS (SELECT 1 FROM sig.meta WHERE key = 'purgedOn'),
              EXISTS (SELECT 1 FROM sig.meta WHERE key = 'doubleEntry' AND value = '1'),
              (SELECT hash FROM sig.audit ORDER BY id DESC LIMIT 1)
            """
    }

    /// One sheet in: the probe for earlier sheets of its blocks (when $37), the sheet, its findings and (when $36) its
    /// audit entry; returns the new id (row 0, none when the number is taken) and the candidates (rows 1).
    enum EntryStatement: PGStatementText {
        static let sql = """
            WITH cand AS (
              SELECT * FROM (\(probes(kind: 3, birth: 24, surnameCode: 21, givenCode: 22, address: 23, surname: 19))) p WHERE $37::boolean),
            stored AS (
              INSERT INTO sig.sheet (sheetnumber, nomination, kind, surname, givennames, birthdate, street, housenumber, postalcode, city,
                signedon, collector, enteredby, enteredat, enteredon, addressward, addressdistrict, haserror, surnamekey, givenkey,
                surnamecode, givencode, addresskey, birthkey, sealed)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
              ON CONFLICT (campaign_id, sheetnumber) DO NOTHING RETURNING id),
            found AS (
              INSERT INTO sig.finding (sheetid, code, severity, message, basis)
              SELECT stored.id, f.* FROM stored, unnest($26::text[], $27::text[], $28::text[], $29::text[]) AS f),
            audited AS (
              INSERT INTO sig.audit (at, actor, action, sheets, previoushash, hash) SELECT $30, $31, $32, $33, $34, $35 FROM stored WHERE $36::boolean)
            SELECT 0, id, \(Array(repeating: "NULL::text", count: 9).joined(separator: ", ")) FROM stored
            UNION ALL SELECT 1, * FROM cand
            """
    }

    static let candidateColumns = "id, sheetnumber, nomination, surnamekey, givenkey, birthdate, surnamecode, givencode, addresskey, sealed"

    /// The two blocking probes (``candidateColumns`` of the earliest sheets per block), the new sheet's keys in the
    /// parameters numbered here. The birth block is looked up in three parts (surname code, given-name code, address),
    /// each with every condition in one index, and the earliest of their union kept: with the `OR`, PostgreSQL fetched
    /// every sheet of the birth date from the table before checking the codes.
    static func probes(kind: Int, birth: Int, surnameCode: Int, givenCode: Int, address: Int, surname: Int) -> String {
        let limit = DuplicateSearch.candidatesPerBlock
        let birthPart = { (column: String, parameter: Int) in
            """
            (SELECT \(candidateColumns) FROM sig.sheet WHERE kind = $\(kind) AND birthkey = $\(birth) AND \(column) = $\(parameter)
              ORDER BY id + 0 LIMIT \(limit))
            """
        }
        return """
            (SELECT * FROM (\(birthPart("surnamecode", surnameCode)) UNION \(birthPart("givencode", givenCode))
              UNION \(birthPart("addresskey", address))) b ORDER BY id LIMIT \(limit))
            UNION ALL
            (SELECT \(candidateColumns) FROM sig.sheet WHERE kind = $\(kind) AND addresskey = $\(address) AND surnamekey = $\(surname)
              ORDER BY id + 0 LIMIT \(limit))
            """
    }

    func insertFindings(_ sheetID: Int64, _ findings: [Finding]) async throws {
        guard !findings.isEmpty else { return }
        try await tx.run(
            """
            INSERT INTO sig.finding (sheetid, code, severity, message, basis)
            SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
            """,
            [
                .bigint(sheetID), .texts(findings.map(\.code)), .texts(findings.map(\.severity.rawValue)), .texts(findings.map(\.message)),
                .texts(findings.map(\.basis)),
            ])
    }

    /// Earlier sheets of the same kind that share a blocking key (the two indexes, as on SQLite), alone (a correction's
    /// probe). `ORDER BY id + 0`: ordered by the bare id, PostgreSQL may walk the primary key in order and filter the
    /// whole campaign for 16 rows (measured: a 200,000-sheet import stalled on it); the expression leaves only the
    /// blocking indexes.
    func candidates(kind: NominationKind, keys: PersonKeys, sealed: FieldCipher.SealedSheet?) async throws -> [DuplicateSearch.Candidate] {
        let rows = try await tx.rows(
            Self.probes(kind: 1, birth: 2, surnameCode: 3, givenCode: 4, address: 5, surname: 6),
            [
                .text(kind.rawValue), .bigint(Int64(sealed?.birthKey ?? keys.birthKey)), .text(sealed?.surnameCode ?? keys.surnameCode),
                .text(sealed?.givenCode ?? keys.givenCode), .text(sealed?.addressKey ?? keys.addressKey), .text(sealed?.surnameKey ?? keys.surname),
            ])
        return try candidates(rows, kind: kind, offset: 0)
    }

    /// The candidates among probe rows (``candidateColumns`` from column `offset`), each sheet once.
    func candidates(_ rows: [PGRow], kind: NominationKind, offset: Int) throws -> [DuplicateSearch.Candidate] {
        var out: [DuplicateSearch.Candidate] = []
        var seen = Set<Int64>()
        for row in rows {
            let id = try row.int64(offset)
            guard seen.insert(id).inserted else { continue }
            if let cipher {
                guard let blob = try row.optionalText(offset + 9) else { continue }
                let f = try cipher.openFields(blob)
                guard let birth = CalendarDay(parsing: f[2]) else { continue }
                let k = PersonKeys(surname: f[0], givenNames: f[1], birthDate: birth, street: f[3], houseNumber: f[4])
                out.append(
                    DuplicateSearch.Candidate(
                        id: id, sheetNumber: try row.text(offset + 1), nomination: try row.text(offset + 2), kind: kind, keys: k))
                continue
            }
            guard let birth = CalendarDay(parsing: try row.text(offset + 5)) else { continue }
            out.append(
                DuplicateSearch.Candidate(
                    id: id, sheetNumber: try row.text(offset + 1), nomination: try row.text(offset + 2), kind: kind,
                    keys: PersonKeys(
                        stored: try row.text(offset + 3), givenNames: try row.text(offset + 4), birthDate: birth,
                        surnameCode: try row.text(offset + 6),
                        givenCode: try row.text(offset + 7), addressKey: try row.text(offset + 8))))
        }
        return out
    }

    /// Stores a pair (earlier, later) as ``SignatureDatabase`` does; returns the sheet a conflict made not count.
    @discardableResult
    func storePair(earlier: Int64, later: Int64, pairClass: PairClass, match: Match) async throws -> Int64? {
        try await PostgresCampaign.storePair(tx, earlier: earlier, later: later, pairClass: pairClass, match: match, conflicts: election.conflicts)
    }

    /// Appends an audit entry as the person entering (after the tail read with the recorder).
    mutating func audit(action: String, sheets: [String]) async throws {
        auditTail = try await PostgresCampaign.appendAudit(tx, after: auditTail, user: enteredBy, action: action, sheets: sheets)
    }
}

extension PostgresCampaign {
    @discardableResult
    static func storePair(
        _ tx: PGTransaction, earlier: Int64, later: Int64, pairClass: PairClass, match: Match, conflicts: ConflictRule
    ) async throws -> Int64? {
        try await tx.run(
            """
            INSERT INTO sig.pair (sheeta, sheetb, class, score, reasons, decision) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (campaign_id, sheeta, sheetb) DO NOTHING
            """,
            [
                .bigint(earlier), .bigint(later), .text(pairClass.rawValue), .double(match.score), .text(match.reasons.joined(separator: "; ")),
                .text(pairClass.initialDecision.rawValue),
            ])
        if pairClass == .duplicate {
            try await tx.run("UPDATE sig.sheet SET duplicateof = $1 WHERE id = $2 AND duplicateof IS NULL", [.bigint(earlier), .bigint(later)])
        }
        if pairClass == .conflict && conflicts == .firstSignedCounts {
            var signed: [Int64: String] = [:]
            for row in try await tx.rows("SELECT id, signedon FROM sig.sheet WHERE id IN ($1, $2)", [.bigint(earlier), .bigint(later)]) {
                signed[try row.int64(0)] = try row.text(1)
            }
            let laterSigned = (signed[earlier] ?? "") > (signed[later] ?? "") ? earlier : later
            let first = laterSigned == earlier ? later : earlier
            try await tx.run("UPDATE sig.sheet SET duplicateof = $1 WHERE id = $2 AND duplicateof IS NULL", [.bigint(first), .bigint(laterSigned)])
            return laterSigned
        }
        return nil
    }

    /// When a sheet can no longer count, its earliest duplicate counts instead.
    static func promoteDuplicate(_ tx: PGTransaction, of id: Int64) async throws {
        guard let first = try await tx.row("SELECT id FROM sig.sheet WHERE duplicateof = $1 ORDER BY id LIMIT 1", [.bigint(id)])?.int64(0)
        else { return }
        try await tx.run("UPDATE sig.sheet SET duplicateof = NULL WHERE id = $1", [.bigint(first)])
        try await tx.run("UPDATE sig.sheet SET duplicateof = $1 WHERE duplicateof = $2", [.bigint(first), .bigint(id)])
    }
}
