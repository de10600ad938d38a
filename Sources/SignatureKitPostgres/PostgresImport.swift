import Foundation
import PostgresNIO
import SignatureKit
import SignatureKitDomain

/// The import on PostgreSQL in chunks of rows, inside the import's one write transaction (the campaign's lock held):
/// per chunk one query for taken sheet numbers, one for the addresses, one for every row's duplicate candidates
/// (the same two blocking probes as a single entry, through the same indexes), then one insert each for the sheets,
/// their findings and their pairs. Candidates among the chunk's own earlier rows come from memory, so each sheet is
/// compared exactly with what the entry-by-entry recorder would have found: the earliest sheets per block.
///
/// The server and the client work side by side: ``lookUp(_:)`` sends a chunk's lookups, ``decide()`` decides the chunk
/// before it (with its answers, which came while the client decided the chunk before that) and sends its writes, built
/// in full before they are queued. The server's jobs run one after another: lookups of chunk k, writes of chunk k − 1,
/// lookups of chunk k + 1, …
struct PGChunkImporter {
    let recorder: PGRecorder
    /// Sheets stored by this import so far (a number twice in one file is found in the table: earlier chunks are in).
    private var storedHere = 0
    /// How many sheets the statistics knew of when they were last refreshed in this import.
    private var analyzedAt = 0
    /// Whether the campaign had no sheets when the import began (its lock is held throughout: nobody else adds any).
    /// Then every stored sheet is one of this import's, and hashes of their numbers and blocking keys tell which rows
    /// can meet a stored sheet at all: only those are looked up (a quarter at a million sheets); a hash that matches
    /// by chance (or a Bloom filter's wrong "maybe") only costs a lookup that finds nothing.
    private let startedEmpty: Bool
    private var storedNumbers: BloomFilter
    private var storedBlocks: BloomFilter

    /// Sheet ids taken from the sequence ahead of the chunks that need them.
    private let ids: IDPool

    /// How long each chunk's writes wait before they start (zero; tests make the writes slow with it, to show that
    /// the lookups after them wait for them).
    private let writeDelay: Duration

    /// `expectedRows`: about how many rows the file has (sizes the filters; more only makes lookups less rare).
    init(recorder: PGRecorder, startedEmpty: Bool = false, expectedRows: Int = 0, writeDelay: Duration = .zero) {
        self.recorder = recorder
        self.writeDelay = writeDelay
        self.startedEmpty = startedEmpty
        ids = IDPool(batch: min(16_384, max(expectedRows, 1)))
        storedNumbers = BloomFilter(expected: startedEmpty ? expectedRows : 0)
        storedBlocks = BloomFilter(expected: startedEmpty ? 4 * expectedRows : 0)
    }

    /// The four blocks the two probes look in: birth key with surname code, given code or address; address with surname.
    private static func blockHashes(_ row: Row) -> [Int] {
        let kind = row.input.nomination.kind.rawValue
        let b = row.block
        func hash(_ tag: Int, _ first: String, _ second: String) -> Int {
            var h = Hasher()
            h.combine(tag)
            h.combine(kind)
            h.combine(first)
            h.combine(second)
            return h.finalize()
        }
        let birth = String(b.birth)
        return [hash(1, birth, b.surnameCode), hash(2, birth, b.givenCode), hash(3, birth, b.address), hash(4, b.address, b.surname)]
    }

    var tx: PGTransaction { recorder.tx }
    var cipher: FieldCipher? { recorder.cipher }
    var election: Election { recorder.election }

    /// A parsed row to store.
    struct Row: Sendable {
        let index: Int
        var input: SheetInput
        let keys: PersonKeys
        let sealed: FieldCipher.SealedSheet?
        /// Its blocking keys as stored (the keyed hashes when the campaign is encrypted).
        var block: DuplicateSearch.BlockKeys {
            DuplicateSearch.BlockKeys(
                birth: sealed?.birthKey ?? keys.birthKey, surnameCode: sealed?.surnameCode ?? keys.surnameCode,
                givenCode: sealed?.givenCode ?? keys.givenCode, address: sealed?.addressKey ?? keys.addressKey,
                surname: sealed?.surnameKey ?? keys.surname)
        }
    }

    enum Outcome {
        case stored(findings: [Finding], duplicates: [DuplicateNotice], sheet: String)
        case alreadyPresent
        case conflict(String)
    }

    /// A new sheet of the chunk while it is being decided.
    private struct New: Sendable {
        let row: Row
        let id: Int64
        let address: AddressLookup
        var findings: [Finding]
        /// The hashes of its four blocks, when the import filters lookups (else empty): computed once, used for the
        /// lookup before it is stored and for the filter after.
        let blockHashes: [Int]
        var duplicateOf: Int64?
        var notices: [DuplicateNotice] = []
        var block: DuplicateSearch.BlockKeys { row.block }
    }

    /// A decided chunk, to be written: its new sheets (ids, findings, what they duplicate), their pairs, the earlier
    /// sheets a conflict made not count, and its numbers (for the next chunk, which cannot see it in the table yet).
    private struct Decided: Sendable {
        var news: [New]
        var pairs: [PairRow]
        var laterUpdates: [(id: Int64, first: Int64)]
        var numbers: [String: SheetInput]
    }

    private struct PairRow: Sendable {
        let a: Int64
        let b: Int64
        let pairClass: PairClass
        let match: Match
    }

    /// What every stored sheet of the import carries besides its own fields.
    private struct Stamp: Sendable {
        let enteredBy: String
        let enteredAt: String
        let enteredOn: String
    }

    /// The chunk decided last (its writes are sent): the next chunk compares its sheets with it from memory, since the
    /// next chunk's lookups ran before its writes.
    private var decided: Decided?
    /// Chunks whose lookups are sent and which are not decided yet, oldest first (at most two in the import's loop).
    private var waiting: [Waiting] = []
    /// The sheet numbers of the chunk looked up last, stored or not: a row of the next chunk with one of them is not new.
    private var lastNumbers: Set<String> = []
    /// The server's last job. Jobs run one after another in the order they were made (each waits for the one before):
    /// a chunk's lookups, then the writes of the chunk before it, then the next chunk's lookups, and so on – so the
    /// server looks up chunk k while the client decides chunk k − 1, and writes chunk k − 1 while the client prepares
    /// chunk k + 1. Chunk k's lookups see every chunk up to k − 2 in the table, chunk k − 1 in memory.
    private var last: Task<Void, any Error>?

    private struct Waiting {
        let rows: [Row]
        /// Each row's four block hashes when the import filters lookups (else empty).
        let hashes: [[Int]]
        let lookup: Task<Lookup, any Error>
    }

    /// What the server says about a chunk before it is decided.
    private struct Lookup: Sendable {
        /// Sheets in the table with a number of the chunk (nil: stored, but not readable).
        var taken: [String: SheetInput?] = [:]
        /// The rows that are new, in order: no sheet in the table, in the chunk before or earlier in the chunk has the number.
        var fresh: [Int] = []
        /// For each new row: where its address lies, its id, and the stored sheets sharing its blocks.
        var addresses: [AddressLookup] = []
        var ids: [Int64] = []
        var stored = Stored()
    }

    /// Sheet ids from the sequence, up to 16,384 at a time (no more than the file is expected to have rows): one round
    /// trip per eight chunks instead of one per chunk. Ids left over when the import ends stay unused, a gap like the one
    /// a rolled-back insert leaves; those handed out keep the order in which they were taken, the order of the rows. Only
    /// the server's jobs take from it, one after another.
    private actor IDPool {
        private let batch: Int
        private var ids: ArraySlice<Int64> = []

        init(batch: Int) { self.batch = batch }

        func take(_ count: Int, _ tx: PGTransaction) async throws -> [Int64] {
            if ids.count < count {
                ids += try await tx.rows(PGSheet.newIDs, [.int(max(count - ids.count, batch))]).map { try $0.int64(0) }
            }
            defer { ids.removeFirst(count) }
            return Array(ids.prefix(count))
        }
    }

    /// What the lookups need of the campaign.
    private struct Context: Sendable {
        let tx: PGTransaction
        let location: String
        let cipher: FieldCipher?
        let hasDirectory: Bool
    }

    /// Sends a chunk's lookups (after every job before them); ``decide()`` takes their answers, oldest chunk first.
    mutating func lookUp(_ rows: [Row]) {
        let hashes = startedEmpty ? rows.map(Self.blockHashes) : rows.map { _ in [] }
        // Numbers that may be taken in the table (every chunk up to the one before last is in it and in the filter).
        let sheetNumbers = rows.map(\.input.sheetNumber)
        let numbers = sheetNumbers.filter { !startedEmpty || storedNumbers.mayContain($0.hashValue) }
        // Rows that are new unless the table has the number: a number of the chunk before (stored there or taken
        // already) or earlier in this chunk is not new.
        var seen = lastNumbers
        let unseen = sheetNumbers.indices.filter { seen.insert(sheetNumbers[$0]).inserted }
        lastNumbers = Set(sheetNumbers)
        // Which of its four blocks each row may share with a stored sheet (a bit each; all when the import does not
        // filter): a block no stored sheet has is not looked up, and a row with none not at all.
        let parts = rows.indices.map { i -> Int64 in
            guard !rows[i].input.lacksName else { return 0 }
            guard startedEmpty else { return 0b1111 }
            return hashes[i].enumerated().reduce(0) { mask, part in storedBlocks.mayContain(part.element) ? mask | 1 << part.offset : mask }
        }
        let context = Context(tx: tx, location: recorder.campaign.location, cipher: cipher, hasDirectory: recorder.hasDirectory)
        let (before, pool) = (last, ids)
        let lookup = Task { () throws -> Lookup in
            try await before?.value
            var out = Lookup()
            for r in numbers.isEmpty ? [] : try await context.tx.rows(PGSheet.numbered(PGSheet.columns), [.texts(numbers)]) {
                let s = try PGSheet(r, location: context.location).opened(context.cipher)
                out.taken[s.sheetNumber] = s.input
            }
            out.fresh = unseen.filter { !out.taken.keys.contains(rows[$0].input.sheetNumber) }
            let fresh = out.fresh.map { rows[$0] }
            guard !fresh.isEmpty else { return out }
            out.addresses = try await Self.lookUpAddresses(fresh, context)
            out.ids = try await pool.take(fresh.count, context.tx)
            out.stored = try await Self.candidates(fresh, parts: out.fresh.map { parts[$0] }, context)
            return out
        }
        last = Task { _ = try await lookup.value }
        waiting.append(Waiting(rows: rows, hashes: hashes, lookup: lookup))
    }

    /// Decides the oldest chunk looked up and not decided (an outcome per row, in order) and sends its writes. Call
    /// ``lookUp(_:)`` for the next chunk first: its lookups then run while this one is decided.
    mutating func decide() async throws -> [Outcome] {
        guard !waiting.isEmpty else { return [] }
        let chunk = waiting.removeFirst()
        let lookup = try await chunk.lookup.value
        let rows = chunk.rows
        var outcomes = [Outcome?](repeating: nil, count: rows.count)
        let previous = decided?.news ?? []
        let previousNumbers = decided?.numbers ?? [:]
        var inChunk: [String: SheetInput] = [:]
        inChunk.reserveCapacity(rows.count)
        var news: [New] = []
        news.reserveCapacity(rows.count)
        var nextFresh = 0
        for (i, row) in rows.enumerated() {
            let number = row.input.sheetNumber
            if nextFresh < lookup.fresh.count && lookup.fresh[nextFresh] == i {
                let j = nextFresh
                nextFresh += 1
                inChunk[number] = row.input
                news.append(
                    New(row: row, id: lookup.ids[j], address: lookup.addresses[j], findings: [], blockHashes: chunk.hashes[i]))
                continue
            }
            // An earlier sheet has the number: in the table, in the chunk before or earlier in this chunk.
            let earlier: SheetInput?
            if let stored = lookup.taken[number] { earlier = stored } else { earlier = previousNumbers[number] ?? inChunk[number] }
            outcomes[i] = earlier == row.input ? .alreadyPresent : .conflict(number)
        }
        let stored = lookup.stored
        for j in news.indices { news[j].findings = recorder.findings(news[j].row.input, address: news[j].address) }
        // The chunk before and this chunk's own rows as candidates, by block: index k < previous.count is previous[k].
        var byBirth: [String: [Int]] = [:]
        var byAddress: [String: [Int]] = [:]
        byBirth.reserveCapacity(previous.count + news.count)
        byAddress.reserveCapacity(previous.count + news.count)
        func member(_ k: Int) -> New { k < previous.count ? previous[k] : news[k - previous.count] }
        func blockKeys(_ new: New) -> (birth: String, address: String) {
            let kind = new.row.input.nomination.kind.rawValue
            return ("\(kind)|\(new.block.birth)", "\(kind)|\(new.block.address)|\(new.block.surname)")
        }
        for (k, new) in previous.enumerated() {
            let (birthKey, addressKey) = blockKeys(new)
            byBirth[birthKey, default: []].append(k)
            byAddress[addressKey, default: []].append(k)
        }
        var laterUpdates: [(id: Int64, first: Int64)] = []
        var pairs: [PairRow] = []
        let limit = DuplicateSearch.candidatesPerBlock
        for j in news.indices {
            let new = news[j]
            let block = new.block
            let (birthKey, addressKey) = blockKeys(new)
            if !new.row.input.lacksName {
                let fromStore = stored[j] ?? ([], [])
                var first = fromStore.0
                for k in byBirth[birthKey] ?? [] where first.count < limit {
                    let other = member(k).block
                    if other.surnameCode == block.surnameCode || other.givenCode == block.givenCode || other.address == block.address {
                        first.append(candidate(member(k)))
                    }
                }
                var second = fromStore.1
                for k in byAddress[addressKey] ?? [] where second.count < limit { second.append(candidate(member(k))) }
                var seen = Set<Int64>()
                let all = (first + second).filter { seen.insert($0.id).inserted }
                for (other, pairClass, match) in DuplicateSearch.matches(new.row.keys, nomination: new.row.input.nomination.description, among: all) {
                    pairs.append(PairRow(a: other.id, b: new.id, pairClass: pairClass, match: match))
                    var invalidated: Int64?
                    if pairClass == .duplicate, news[j].duplicateOf == nil { news[j].duplicateOf = other.id }
                    if pairClass == .conflict && election.conflicts == .firstSignedCounts {
                        let inMemory = news.first { $0.id == other.id } ?? previous.first { $0.id == other.id }
                        let otherSigned = inMemory?.row.input.signedOn.iso ?? stored.signedOn[other.id] ?? ""
                        let laterSigned = otherSigned > new.row.input.signedOn.iso ? other.id : new.id
                        let firstSigned = laterSigned == other.id ? new.id : other.id
                        invalidated = laterSigned
                        if laterSigned == new.id {
                            if news[j].duplicateOf == nil { news[j].duplicateOf = firstSigned }
                        } else if let k = news.firstIndex(where: { $0.id == laterSigned }) {
                            if news[k].duplicateOf == nil { news[k].duplicateOf = firstSigned }
                        } else {
                            // Stored, or in the chunk before (sent already): changed after it is in.
                            laterUpdates.append((laterSigned, firstSigned))
                        }
                    }
                    news[j].notices.append(
                        DuplicateNotice(
                            kind: pairClass, otherSheet: other.sheetNumber, otherNomination: other.nomination, score: match.score,
                            reasons: match.reasons, invalidatesThis: invalidated.map { $0 == new.id }))
                }
            }
            byBirth[birthKey, default: []].append(previous.count + j)
            byAddress[addressKey, default: []].append(previous.count + j)
        }
        let now = Decided(news: news, pairs: pairs, laterUpdates: laterUpdates, numbers: inChunk)
        try send(now)
        decided = now
        var k = 0
        for i in rows.indices where outcomes[i] == nil {
            let new = news[k]
            outcomes[i] = .stored(findings: new.findings, duplicates: new.notices, sheet: new.row.input.sheetNumber)
            k += 1
        }
        return outcomes.map { $0 ?? .alreadyPresent }
    }

    /// Waits until every write is in. Call once after the last chunk is decided.
    mutating func finish() async throws {
        precondition(waiting.isEmpty, "finish() with chunks looked up and not decided")
        try await last?.value
        last = nil
    }

    /// Waits for the server's jobs still on their way (after a failure elsewhere: the transaction is rolled back only
    /// after them). A job after a failed one does nothing.
    func abandon() async {
        _ = try? await last?.value
    }

    /// Sends a decided chunk's writes, after every job before them.
    private mutating func send(_ chunk: Decided) throws {
        if startedEmpty {
            for new in chunk.news {
                storedNumbers.insert(new.row.input.sheetNumber.hashValue)
                for hash in new.blockHashes { storedBlocks.insert(hash) }
            }
        }
        // The campaign grows inside this transaction, unseen by the statistics: refreshed whenever it has grown fourfold
        // (six times for a million sheets; each costs about a second at that size), so the probes stay on the blocking
        // indexes.
        storedHere += chunk.news.count
        let refresh = storedHere >= max(4 * analyzedAt, 2000)
        if refresh { analyzedAt = storedHere }
        // The statements are built here, while the server still works on the jobs before them: the sheets, their findings
        // and their pairs in one statement (one round trip instead of three; the checks of the three tables' references
        // run after it, when every row of it is in).
        let stamp = Stamp(enteredBy: recorder.enteredBy, enteredAt: recorder.enteredAt, enteredOn: recorder.today.iso)
        var statements = try Self.writes([Self.insert(chunk.news, stamp: stamp), Self.insertFindings(chunk.news), Self.insertPairs(chunk.pairs)])
        for update in chunk.laterUpdates {
            statements.append(
                try PGTransaction.query(
                    "UPDATE sig.sheet SET duplicateof = $1 WHERE id = $2 AND duplicateof IS NULL", [.bigint(update.first), .bigint(update.id)]))
        }
        if refresh { statements.append(try PGTransaction.query("SELECT sig.refresh_statistics()", [])) }
        let (tx, before, delay) = (tx, last, writeDelay)
        last = Task {
            try await before?.value
            if delay > .zero { try await Task.sleep(for: delay) }
            for statement in statements { try await tx.run(statement) }
        }
    }

    private func candidate(_ new: New) -> DuplicateSearch.Candidate {
        DuplicateSearch.Candidate(
            id: new.id, sheetNumber: new.row.input.sheetNumber, nomination: new.row.input.nomination.description,
            kind: new.row.input.nomination.kind, keys: new.row.keys)
    }

    /// Where each address lies (one query for the chunk), or `.noDirectory`.
    private static func lookUpAddresses(_ rows: [Row], _ context: Context) async throws -> [AddressLookup] {
        guard context.hasDirectory else { return rows.map { _ in .noDirectory } }
        let numbers = rows.map { Normalizer.houseNumberValue($0.input.houseNumber) ?? -1 }
        var out = [AddressLookup](repeating: .unknownStreet, count: rows.count)
        for r in try await context.tx.rows(
            """
            SELECT u.ord, s.ward, s.district FROM unnest($1::text[], $2::bigint[], $3::text[]) WITH ORDINALITY AS u(k, n, p, ord)
            CROSS JOIN LATERAL (SELECT ward, district FROM sig.street WHERE streetkey = u.k
              AND (fromnumber IS NULL OR u.n >= fromnumber) AND (tonumber IS NULL OR u.n <= tonumber) AND parity IN ('all', u.p)
              ORDER BY id LIMIT 1) s
            """,
            [
                .texts(rows.map { Normalizer.streetKey($0.input.street) }), .bigints(numbers.map(Int64.init)),
                .texts(numbers.map { ($0 % 2 == 0 ? StreetParity.even : .odd).rawValue }),
            ])
        {
            out[try r.int(0) - 1] = .found(ward: try r.int(1), district: try r.optionalText(2))
        }
        return out
    }

    /// Stored sheets sharing a block with each new sheet: the earliest per block, as the single entry's probe finds them.
    /// The birth block (the same birth key and surname code, given-name code or address) is looked up as three parts,
    /// each with every condition on columns of one index: with the `OR`, PostgreSQL fetched every sheet of that birth date
    /// from the table before checking the codes (about 29 per lookup; at a million sheets 33 s of the server's time with 128 MB of shared buffers).
    /// The earliest sheets of the union are among the earliest of each part.
    private struct Stored: Sendable {
        var byRow: [Int: ([DuplicateSearch.Candidate], [DuplicateSearch.Candidate])] = [:]
        var signedOn: [Int64: String] = [:]
        subscript(_ j: Int) -> ([DuplicateSearch.Candidate], [DuplicateSearch.Candidate])? { byRow[j] }
    }

    /// `parts`: for each row, which blocks to look in (bit 0: birth key with surname code, 1: with given-name code, 2: with
    /// address, 3: address with surname – the order of ``blockHashes(_:)``); rows with none are not looked up. The answer
    /// is keyed by the row's index in `rows`.
    private static func candidates(_ rows: [Row], parts: [Int64], _ context: Context) async throws -> Stored {
        var out = Stored()
        let probing = rows.indices.filter { parts[$0] != 0 }
        guard !probing.isEmpty else { return out }
        let limit = DuplicateSearch.candidatesPerBlock
        let blocks = probing.map { rows[$0].block }
        let columns =
            "s.id, s.sheetnumber, s.nomination, s.surnamekey, s.givenkey, s.birthdate, s.surnamecode, s.givencode, s.addresskey, s.sealed, s.signedon"
        let found = try await context.tx.rows(
            """
            SELECT u.ord, c.* FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
              WITH ORDINALITY AS u(kind, birth, sc, gc, ak, sk, parts, ord)
            CROSS JOIN LATERAL (
              (SELECT 1 AS block, \(columns) FROM sig.sheet s WHERE (u.parts & 1) <> 0
                 AND s.kind = u.kind AND s.birthkey = u.birth AND s.surnamecode = u.sc ORDER BY s.id + 0 LIMIT \(limit))
              UNION ALL
              (SELECT 1 AS block, \(columns) FROM sig.sheet s WHERE (u.parts & 2) <> 0
                 AND s.kind = u.kind AND s.birthkey = u.birth AND s.givencode = u.gc ORDER BY s.id + 0 LIMIT \(limit))
              UNION ALL
              (SELECT 1 AS block, \(columns) FROM sig.sheet s WHERE (u.parts & 4) <> 0
                 AND s.kind = u.kind AND s.birthkey = u.birth AND s.addresskey = u.ak ORDER BY s.id + 0 LIMIT \(limit))
              UNION ALL
              (SELECT 2 AS block, \(columns) FROM sig.sheet s WHERE (u.parts & 8) <> 0
                 AND s.kind = u.kind AND s.addresskey = u.ak AND s.surnamekey = u.sk ORDER BY s.id + 0 LIMIT \(limit))
            ) c
            ORDER BY u.ord, c.block, c.id
            """,
            [
                .texts(probing.map { rows[$0].input.nomination.kind.rawValue }), .bigints(blocks.map { Int64($0.birth) }),
                .texts(blocks.map(\.surnameCode)), .texts(blocks.map(\.givenCode)), .texts(blocks.map(\.address)), .texts(blocks.map(\.surname)),
                .bigints(probing.map { parts[$0] }),
            ])
        var birthSeen: [Int: (count: Int, last: Int64)] = [:]
        for r in found {
            let j = probing[try r.int(0) - 1]
            let kind = rows[j].input.nomination.kind
            let id = try r.int64(2)
            let birthBlock = try r.int(1) == 1
            // The birth block comes in three parts, in order of id: a sheet that shares two of them comes twice.
            if birthBlock {
                let seen = birthSeen[j] ?? (0, 0)
                if seen.count >= limit || seen.last == id { continue }
                birthSeen[j] = (seen.count + 1, id)
            }
            out.signedOn[id] = try r.text(12)
            let keys: PersonKeys
            if let cipher = context.cipher {
                guard let blob = try r.optionalText(11) else { continue }
                let f = try cipher.openFields(blob)
                guard let birth = CalendarDay(parsing: f[2]) else { continue }
                keys = PersonKeys(surname: f[0], givenNames: f[1], birthDate: birth, street: f[3], houseNumber: f[4])
            } else {
                guard let birth = CalendarDay(parsing: try r.text(7)) else { continue }
                keys = PersonKeys(
                    stored: try r.text(5), givenNames: try r.text(6), birthDate: birth, surnameCode: try r.text(8), givenCode: try r.text(9),
                    addressKey: try r.text(10))
            }
            let c = DuplicateSearch.Candidate(id: id, sheetNumber: try r.text(3), nomination: try r.text(4), kind: kind, keys: keys)
            var entry = out.byRow[j] ?? ([], [])
            if birthBlock { entry.0.append(c) } else { entry.1.append(c) }
            out.byRow[j] = entry
        }
        return out
    }

    /// A statement's SQL with its parameters numbered from `$1` plus an offset, and their values: several become one
    /// statement (``writes(_:)``).
    private struct Part {
        let sql: (_ offset: Int) -> String
        let values: [PGValue]
    }

    /// The parts as one statement: each but the last a data-modifying `WITH` query (PostgreSQL runs every one of them,
    /// its rows seen by the references' checks at the statement's end); none: no statement.
    private static func writes(_ parts: [Part?]) throws -> [PostgresQuery] {
        let parts = parts.compactMap { $0 }
        guard !parts.isEmpty else { return [] }
        var sql = ""
        var values: [PGValue] = []
        for (i, part) in parts.enumerated() {
            let text = part.sql(values.count)
            sql += i == parts.count - 1 ? text : (i == 0 ? "WITH " : ", ") + "w\(i) AS (\n\(text)\n)\n"
            values += part.values
        }
        return [try PGTransaction.query(sql, values)]
    }

    /// The new sheets: a column each (ids, wards and birth keys as numbers, what all share once).
    private static func insert(_ news: [New], stamp: Stamp) -> Part? {
        guard !news.isEmpty else { return nil }
        var texts = [[String]](repeating: [], count: 19)
        for i in texts.indices { texts[i].reserveCapacity(news.count) }
        var ids: [Int64] = []
        var wards: [Int64] = []
        var errors: [Bool] = []
        var duplicates: [Int64] = []
        var births: [Int64] = []
        for new in news {
            let input = new.row.input
            let keys = new.row.keys
            let sealed = new.row.sealed
            var ward = Int64(PostgresCampaign.noNumber)
            var district = ""
            if case .found(let w, let d) = new.address { (ward, district) = (Int64(w), d ?? "") }
            ids.append(new.id)
            wards.append(ward)
            errors.append(new.findings.contains { $0.severity == .error })
            duplicates.append(new.duplicateOf ?? 0)
            births.append(Int64(sealed?.birthKey ?? keys.birthKey))
            texts[0].append(input.sheetNumber)
            texts[1].append(input.nomination.description)
            texts[2].append(input.nomination.kind.rawValue)
            // The signer's fields only in clear; a sealed sheet keeps them in its blob.
            let signer =
                sealed == nil
                ? [input.surname, input.givenNames, input.birthDate.iso, input.street, input.houseNumber, input.postalCode, input.city]
                : [String](repeating: "", count: 7)
            for (k, value) in signer.enumerated() { texts[3 + k].append(value) }
            texts[10].append(input.signedOn.iso)
            texts[11].append(input.collector)
            texts[12].append(district)
            texts[13].append(sealed?.surnameKey ?? keys.surname)
            texts[14].append(sealed?.givenKey ?? keys.givenNames)
            texts[15].append(sealed?.surnameCode ?? keys.surnameCode)
            texts[16].append(sealed?.givenCode ?? keys.givenCode)
            texts[17].append(sealed?.addressKey ?? keys.addressKey)
            texts[18].append(sealed?.blob ?? "")
        }
        // $1 ids, $2…$20 the text columns, $21 wards, $22 errors, $23 duplicates, $24 birth keys, $25…$27 the stamp.
        let values: [PGValue] =
            [.bigints(ids)] + texts.map { .texts($0) } + [
                .bigints(wards), .bools(errors), .bigints(duplicates), .bigints(births), .text(stamp.enteredBy), .text(stamp.enteredAt),
                .text(stamp.enteredOn),
            ]
        return Part(
            sql: { o in
                let arrays =
                    (1...20).map { "$\(o + $0)::\($0 == 1 ? "bigint" : "text")[]" } + [
                        "$\(o + 21)::bigint[]", "$\(o + 22)::boolean[]", "$\(o + 23)::bigint[]", "$\(o + 24)::bigint[]",
                    ]
                return """
                    INSERT INTO sig.sheet (id, sheetnumber, nomination, kind, surname, givennames, birthdate, street, housenumber, postalcode, city,
                      signedon, collector, enteredby, enteredat, enteredon, addressward, addressdistrict, haserror, duplicateof, surnamekey, givenkey,
                      surnamecode, givencode, addresskey, birthkey, sealed)
                    OVERRIDING SYSTEM VALUE
                    SELECT c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, $\(o + 25)::text, $\(o + 26)::text, $\(o + 27)::text,
                      nullif(c21, \(PostgresCampaign.noNumber))::integer, nullif(c14, ''), c22, nullif(c23, 0), c15, c16, c17, c18, c19, c24, nullif(c20, '')
                    FROM unnest(\(arrays.joined(separator: ", "))) AS u(\((1...24).map { "c\($0)" }.joined(separator: ", ")))
                    """
            }, values: values)
    }

    private static func insertFindings(_ news: [New]) -> Part? {
        let all = news.flatMap { new in new.findings.map { (new.id, $0) } }
        guard !all.isEmpty else { return nil }
        return Part(
            sql: { o in
                """
                INSERT INTO sig.finding (sheetid, code, severity, message, basis)
                SELECT * FROM unnest($\(o + 1)::bigint[], $\(o + 2)::text[], $\(o + 3)::text[], $\(o + 4)::text[], $\(o + 5)::text[])
                """
            },
            values: [
                .bigints(all.map(\.0)), .texts(all.map(\.1.code)), .texts(all.map(\.1.severity.rawValue)), .texts(all.map(\.1.message)),
                .texts(all.map(\.1.basis)),
            ])
    }

    private static func insertPairs(_ pairs: [PairRow]) -> Part? {
        guard !pairs.isEmpty else { return nil }
        return Part(
            sql: { o in
                """
                INSERT INTO sig.pair (sheeta, sheetb, class, score, reasons, decision)
                SELECT * FROM unnest($\(o + 1)::bigint[], $\(o + 2)::bigint[], $\(o + 3)::text[], $\(o + 4)::float8[], $\(o + 5)::text[], $\(o + 6)::text[])
                ON CONFLICT (campaign_id, sheeta, sheetb) DO NOTHING
                """
            },
            values: [
                .bigints(pairs.map(\.a)), .bigints(pairs.map(\.b)), .texts(pairs.map(\.pairClass.rawValue)), .doubles(pairs.map(\.match.score)),
                .texts(pairs.map { $0.match.reasons.joined(separator: "; ") }), .texts(pairs.map(\.pairClass.initialDecision.rawValue)),
            ])
    }
}
