import Foundation
import SignatureKit
import SignatureKitDomain

extension PostgresCampaign: CampaignBulk {
    public func importSheets(from path: String, by actor: Actor, today: CalendarDay, rejectsPath: String?, showValues: Bool) async throws
        -> ImportSummary
    {
        if try await requiresDoubleEntry() {
            throw SignatureKitError.invalidField(
                field: "import",
                reason:
                    "die Kampagne nutzt Doppelerfassung; ein Import würde die zweite Eingabe überspringen. Formblätter über sig-web oder sig-cli add erfassen"
            )
        }
        let csv = try CSVInput(path: path)
        let map = try ColumnMap(
            header: csv.header, path: path, fields: SheetParser.columns, required: SheetParser.columns.map(\.0), ignored: ["fehler", "error"])
        var summary = ImportSummary()
        let rejects = try rejectsPath.map { try OutputFile(path: $0) }
        try rejects?.append(CSVOutput.line(SheetParser.columns.map(\.0) + ["fehler"]))
        // Parsing, keys and sealing on the pipeline's thread; the rules here (they need the campaign's meeting dates).
        let queue = ImportPipeline.start(csv: csv, map: map, election: election, rules: nil, cipher: cipher)
        defer { queue.finish() }
        let user = actor.account
        summary = try await write { tx in
            var summary = summary
            var recorder = try await PGRecorder(tx: tx, campaign: self, today: today, enteredBy: user)
            let empty = try await tx.row("SELECT NOT EXISTS (SELECT 1 FROM sig.sheet)")?.bool(0) ?? false
            // About how many rows: the file's size over a short row's (an underestimate only makes lookups less rare).
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            var importer = PGChunkImporter(recorder: recorder, startedEmpty: empty, expectedRows: size / 60)
            var pending: [PreparedRow] = []
            var finished = false
            // The chunk looked up and not decided yet: decided after the next chunk's lookups are sent.
            var held: Held?
            do {
                while !finished {
                    if let batch = try queue.take() { pending += batch } else { finished = true }
                    guard pending.count >= 2000 || (finished && !pending.isEmpty) else { continue }
                    let chunk = pending
                    pending = []
                    // The rows that can be stored go to the importer in one piece; the others are reported as they are.
                    var next = Held(chunk: chunk, problems: [[RowProblem]](repeating: [], count: chunk.count), rows: [])
                    for (i, row) in chunk.enumerated() {
                        switch row.result {
                        case .failure(let list):
                            next.problems[i] = list.items.map {
                                RowProblem(line: row.line, field: $0.field, reason: $0.reason, value: showValues ? $0.value : nil)
                            }
                        case .success(let (raw, keys, _, sealed)):
                            if let refusal = election.entryRefusal(raw.nomination) {
                                next.problems[i] = [RowProblem(line: row.line, field: "Wahlvorschlag", reason: refusal)]
                            } else {
                                var input = raw
                                input.nomination = canonical(raw.nomination)
                                next.rows.append(PGChunkImporter.Row(index: i, input: input, keys: keys, sealed: sealed))
                            }
                        }
                    }
                    importer.lookUp(next.rows)
                    if let held { try held.settle(try await importer.decide(), into: &summary, rejects: rejects, map: map) }
                    held = next
                }
                if let held { try held.settle(try await importer.decide(), into: &summary, rejects: rejects, map: map) }
                try await importer.finish()
            } catch {
                // The server's jobs may still be on their way on the transaction's connection: the rollback comes after them.
                await importer.abandon()
                throw error
            }
            if !summary.storedSheets.isEmpty { try await recorder.audit(action: "import", sheets: summary.storedSheets) }
            return summary
        }
        if summary.rejectedRows > 0, let rejects {
            do {
                try rejects.commit()
                summary.rejectsFile = rejects.path
                try await noteWrittenFile(rejects.path, kind: .rejects, by: actor)
            } catch let error as SignatureKitError {
                summary.rejectsFileError = error.errorDescription
            }
        }
        return summary
    }

    public func recheckRules(today: CalendarDay) async throws {
        try await write { tx in try await recheck(tx, today: today) }
    }

    /// Every rule again over every sheet, in chunks of 2,000 (one update and one insert of findings per chunk).
    /// "Not in the future" keeps meaning the day the sheet was entered.
    func recheck(_ tx: PGTransaction, today: CalendarDay) async throws {
        let recorder = try await PGRecorder(tx: tx, campaign: self, today: today, enteredBy: "")
        try await tx.run("DELETE FROM sig.finding")
        var lastID: Int64 = 0
        while true {
            let rows = try await tx.rows("SELECT \(PGSheet.columns) FROM sig.sheet WHERE id > $1 ORDER BY id LIMIT 2000", [.bigint(lastID)])
            guard let last = rows.last else { break }
            lastID = try last.int64(0)
            var ids: [Int64] = []
            var errors: [String] = []
            var wards: [Int64] = []
            var districts: [String] = []
            var findingSheets: [Int64] = []
            var findings: [Finding] = []
            for row in rows {
                let sheet = try PGSheet(row, location: location).opened(cipher)
                guard let input = sheet.input else { continue }
                let address = try await recorder.address(input)
                let found = recorder.findings(input, address: address, enteredOn: CalendarDay(parsing: sheet.enteredOn))
                var ward = Int64(Self.noNumber)
                var district = ""
                if case .found(let w, let d) = address { (ward, district) = (Int64(w), d ?? "") }
                ids.append(sheet.id)
                errors.append(found.contains { $0.severity == .error } ? "t" : "f")
                wards.append(ward)
                districts.append(district)
                findingSheets += found.map { _ in sheet.id }
                findings += found
            }
            try await tx.run(
                """
                UPDATE sig.sheet s SET haserror = u.e::boolean, addressward = nullif(u.w, \(Self.noNumber)), addressdistrict = nullif(u.d, '')
                FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS u(id, e, w, d) WHERE s.id = u.id
                """, [.bigints(ids), .texts(errors), .bigints(wards), .texts(districts)])
            if !findings.isEmpty {
                try await tx.run(
                    """
                    INSERT INTO sig.finding (sheetid, code, severity, message, basis)
                    SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])
                    """,
                    [
                        .bigints(findingSheets), .texts(findings.map(\.code)), .texts(findings.map(\.severity.rawValue)),
                        .texts(findings.map(\.message)), .texts(findings.map(\.basis)),
                    ])
            }
        }
    }

    /// The sheets in the order they were entered (by id), each with its details: the scan comes in whatever order
    /// the planner picked (on disk, or along an index); usually already in order, then nothing is moved.
    static func inEntryOrder<Detail>(_ entries: [DuplicateSearch.Candidate], _ details: [Detail]) -> ([DuplicateSearch.Candidate], [Detail]) {
        guard !entries.indices.dropFirst().allSatisfy({ entries[$0 - 1].id < entries[$0].id }) else { return (entries, details) }
        let order = entries.indices.sorted { entries[$0].id < entries[$1].id }
        return (order.map { entries[$0] }, order.map { details[$0] })
    }

    public func fullDuplicatePass(by actor: Actor) async throws -> CheckSummary {
        try await write { tx in
            var summary = CheckSummary()
            if try await Self.meta(tx, "purgedOn") != nil { return summary }
            // Per sheet only what the blocks need, in no order (sorting a million wide rows by id spilled to disk on
            // the server; the ids are put in order here). Names' keys and birth dates (or the sealed fields) wait in
            // `details` until a comparison asks for them: most sheets share no block and are never compared.
            var entries: [DuplicateSearch.Candidate] = []
            var details: [(given: String, detail: String)] = []
            let encrypted = cipher != nil
            let columns =
                "id, nomination, kind, surnamekey, givenkey, surnamecode, givencode, addresskey, birthkey, "
                + (encrypted ? "sealed" : "birthdate")
            try await tx.forEach("SELECT \(columns) FROM sig.sheet") { r in
                guard let kind = NominationKind(rawValue: try r.text(2)) else { return }
                let surname = try r.text(3)
                let given = try r.text(4)
                guard !surname.isEmpty, !given.isEmpty else { return }
                let id = try r.int64(0)
                let block = DuplicateSearch.BlockKeys(
                    birth: try r.int(8), surnameCode: try r.text(5), givenCode: try r.text(6), address: try r.text(7), surname: surname)
                entries.append(DuplicateSearch.Candidate(id: id, sheetNumber: "", nomination: try r.text(1), kind: kind, block: block, keys: nil))
                details.append((given, try r.optionalText(9) ?? ""))
            }
            (entries, details) = Self.inEntryOrder(entries, details)
            summary.sheets = entries.count
            var existing = Set<PairKey>()
            var linked = Set<DuplicateSearch.Link>()
            for row in try await tx.rows("SELECT sheeta, sheetb, class FROM sig.pair") {
                let a = try row.int64(0)
                let b = try row.int64(1)
                existing.insert(PairKey(a: a, b: b))
                if let c = PairClass(rawValue: try row.text(2)) { linked.insert(DuplicateSearch.Link(later: max(a, b), pairClass: c)) }
            }
            let cipher = self.cipher
            let (pairs, compared) = DuplicateSearch.fullPass(entries, existing: existing, linked: linked) { index in
                let entry = entries[index]
                let (given, detail) = details[index]
                if let cipher {
                    guard let f = try? cipher.openFields(detail), let birth = CalendarDay(parsing: f[2]) else { return nil }
                    return PersonKeys(surname: f[0], givenNames: f[1], birthDate: birth, street: f[3], houseNumber: f[4])
                }
                guard let birth = CalendarDay(parsing: detail) else { return nil }
                return PersonKeys(
                    stored: entry.block.surname, givenNames: given, birthDate: birth, surnameCode: entry.block.surnameCode,
                    givenCode: entry.block.givenCode, addressKey: entry.block.address)
            }
            summary.pairsCompared = compared
            for p in pairs {
                try await Self.storePair(
                    tx, earlier: p.earlier, later: p.later, pairClass: p.pairClass, match: p.match, conflicts: election.conflicts)
            }
            summary.newPairs = pairs.count
            if !pairs.isEmpty { try await Self.audit(tx, user: actor.account, action: "check:\(pairs.count)", sheets: []) }
            return summary
        }
    }
}

/// A chunk of the import between its lookups and its decision: its rows as read, the problems found so far (per row),
/// and the rows that go to the importer.
private struct Held {
    let chunk: [PreparedRow]
    var problems: [[RowProblem]]
    var rows: [PGChunkImporter.Row]

    /// Counts the importer's outcomes (one per row it was given, in order) and reports the rows that were not stored.
    func settle(_ outcomes: [PGChunkImporter.Outcome], into summary: inout ImportSummary, rejects: OutputFile?, map: ColumnMap) throws {
        var problems = problems
        for (row, outcome) in zip(rows, outcomes) {
            switch outcome {
            case .alreadyPresent: summary.alreadyPresent += 1
            case .conflict(let sheet): problems[row.index] = [.numberTaken(sheet, line: chunk[row.index].line)]
            case .stored(let findings, let dups, let sheet):
                summary.count(findings, dups)
                summary.storedSheets.append(sheet)
            }
        }
        for (i, list) in problems.enumerated() where !list.isEmpty {
            try summary.reject(list, fields: chunk[i].fields, map: map, rejects: rejects)
        }
    }
}
