import GRDB

/// A finding over one or more sheets, as `check` lists it.
public struct CheckFinding: Sendable, Equatable, Codable {
    public var code: String
    public var severity: Severity
    public var sheets: [String]
    public var message: String
}

/// Figures of a full check.
public struct CheckSummary: Sendable {
    public var sheets = 0
    public var pairsCompared = 0
    public var newPairs = 0
}

extension SignatureDatabase {
    /// Applies every rule again to every sheet (after a new street directory or meeting date), in chunks of
    /// 2,000 sheets so that memory stays flat. "Not in the future" keeps meaning the day the sheet was entered.
    public func recheck(today: CalendarDay = .today()) throws {
        try writer.write { db in
            // The context of new entries: the same meeting dates, directory flag and finding statement.
            let ctx = try RecordContext(db: db, database: self, today: today, enteredBy: "")
            try db.execute(sql: "DELETE FROM finding")
            let update = try db.makeStatement(sql: "UPDATE sheet SET hasError = ?, addressWard = ?, addressDistrict = ? WHERE id = ?")
            var lastID: Int64 = 0
            while true {
                let chunk = try SheetRecord.fetchAll(db, sql: "SELECT * FROM sheet WHERE id > ? ORDER BY id LIMIT 2000", arguments: [lastID])
                guard let last = chunk.last?.id else { break }
                lastID = last
                for record in chunk {
                    guard let id = record.id, let input = record.input else { continue }
                    let address = ctx.hasDirectory
                        ? try StreetDirectory.lookup(db, street: input.street, houseNumber: input.houseNumber) : .noDirectory
                    let findings = Rules.evaluate(RuleInput(sheet: input, election: election, address: address,
                        meetingDate: ctx.meetingDates[input.nomination], today: CalendarDay(parsing: record.enteredOn) ?? today))
                    var ward: Int?, district: String?
                    if case .found(let w, let d) = address { (ward, district) = (w, d) }
                    try update.execute(arguments: [findings.contains { $0.severity == .error }, ward, district, id])
                    try Findings.insert(using: ctx.insertFinding, sheetID: id, findings)
                }
            }
        }
    }

    /// A full duplicate pass over all sheets, in memory with the same three blocking keys as
    /// ``DuplicateSearch/candidates(_:kind:keys:)``; stores pairs it
    /// finds that are not stored yet (decisions already taken stay).
    @discardableResult
    public func duplicatePass() throws -> CheckSummary {
        try writer.write { db in
            var summary = CheckSummary()
            // After a purge there is nothing left to compare.
            if try Self.purgedOn(in: db) != nil { return summary }
            struct Entry { let id: Int64; let nomination: String; let keys: PersonKeys }
            var entries: [Entry] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, nomination, kind, surnameKey, givenKey, birthDate, surnameCode, givenCode, addressKey
                FROM sheet ORDER BY id
                """)
            // Blocking keys hashed to integers (a collision only costs one extra comparison).
            // One flat array of (key hash, sheet index), sorted afterwards: no array per block.
            var blocks: [(Int, Int32)] = []
            blocks.reserveCapacity(1 << 20)
            func add(_ index: Int, _ tag: UInt8, _ kind: String, _ a: String, _ b: String, _ birth: Int = 0) {
                var h = Hasher()
                h.combine(tag)
                h.combine(kind)
                h.combine(a)
                h.combine(b)
                h.combine(birth)
                blocks.append((h.finalize(), Int32(index)))
            }
            while let row = try rows.next() {
                guard let birth = CalendarDay(parsing: row[5]) else { continue }
                let keys = PersonKeys(stored: row[3], givenNames: row[4], birthDate: birth,
                    surnameCode: row[6], givenCode: row[7], addressKey: row[8])
                let kind: String = row[2]
                let index = entries.count
                entries.append(Entry(id: row[0], nomination: row[1], keys: keys))
                // Birth-date blocks keyed by the unordered day/month pair, so swapped dates meet.
                add(index, 1, kind, keys.surnameCode, "", keys.birthKey)
                add(index, 2, kind, keys.givenCode, "", keys.birthKey)
                add(index, 3, kind, keys.addressKey, keys.surname)
            }
            summary.sheets = entries.count
            let existing = try Set(Row.fetchAll(db, sql: "SELECT sheetA, sheetB FROM pair").map { PairKey(a: $0[0], b: $0[1]) })
            var seen = Set<PairKey>()
            blocks.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var start = 0
            while start < blocks.count {
                var end = start + 1
                while end < blocks.count && blocks[end].0 == blocks[start].0 { end += 1 }
                if end - start > 1 {
                    for i in start..<end {
                        for j in (i + 1)..<end {
                            let a = entries[Int(blocks[i].1)], b = entries[Int(blocks[j].1)]
                            let key = PairKey(a: a.id, b: b.id)
                            guard seen.insert(key).inserted else { continue }
                            summary.pairsCompared += 1
                            guard !existing.contains(key), let match = DuplicateMatcher.compare(a.keys, b.keys) else { continue }
                            let kind = DuplicateNotice.kind(for: match.strength, sameNomination: a.nomination == b.nomination)
                            try DuplicateSearch.storePair(db, earlier: a.id, later: b.id, kind: kind, match: match)
                            summary.newPairs += 1
                        }
                    }
                }
                start = end
            }
            return summary
        }
    }

    /// Every finding: rule findings grouped by code and message (one entry, many sheets), then
    /// duplicates and conflicts (one entry per pair). Reviewed pairs that were dismissed are left out.
    public func findings() throws -> [CheckFinding] {
        try writer.read { db in
            var out: [CheckFinding] = []
            let grouped = try Row.fetchAll(db, sql: """
                SELECT f.code, f.severity, f.message, group_concat(s.sheetNumber, ' ') AS sheets
                FROM (SELECT * FROM finding ORDER BY sheetId) f JOIN sheet s ON s.id = f.sheetId
                GROUP BY f.code, f.severity, f.message
                ORDER BY f.severity = 'error' DESC, f.code, f.message
                """)
            for row in grouped {
                let sheets = (row["sheets"] as String? ?? "").split(separator: " ").map(String.init)
                out.append(CheckFinding(code: row["code"], severity: Severity(rawValue: row["severity"]) ?? .warning,
                    sheets: sheets, message: row["message"]))
            }
            let pairs = try Row.fetchAll(db, sql: """
                SELECT p.id, p.class, p.decision, p.reasons, a.sheetNumber AS a, b.sheetNumber AS b, a.nomination AS na, b.nomination AS nb
                FROM pair p JOIN sheet a ON a.id = p.sheetA JOIN sheet b ON b.id = p.sheetB
                WHERE p.decision != 'dismissed'
                  AND a.status NOT IN \(SheetStatus.closedSQL) AND b.status NOT IN \(SheetStatus.closedSQL)
                ORDER BY p.id
                """)
            let label = { (id: String) in NominationID(id)?.germanLabel ?? id }
            for row in pairs {
                let cls: String = row["class"]
                let decision: String = row["decision"]
                let reasons: String = row["reasons"]
                let id: Int64 = row["id"]
                let code: String
                let message: String
                switch (cls, decision) {
                case ("duplicate", _), ("possible-duplicate", "confirmed"):
                    code = "duplicate"
                    message = "Dieselbe Person hat \(label(row["na"])) zweimal unterstützt; zählt einmal (\(reasons))."
                case ("possible-duplicate", _):
                    code = "possible-duplicate"
                    message = "Wahrscheinlich dieselbe Person, Prüffall \(id): \(reasons). Mit `sig-cli review` entscheiden."
                case ("conflict", _), ("possible-conflict", "confirmed"):
                    code = "conflict"
                    message = "Dieselbe Person auf zwei Wahlvorschlägen derselben Art (\(label(row["na"])), \(label(row["nb"]))): beide Unterschriften können ungültig sein. Prüffall \(id)."
                default:
                    code = "possible-conflict"
                    message = "Wahrscheinlich dieselbe Person auf \(label(row["na"])) und \(label(row["nb"])), Prüffall \(id): \(reasons)."
                }
                out.append(CheckFinding(code: code, severity: code.hasPrefix("possible") ? .warning : .error,
                    sheets: [row["a"], row["b"]], message: message))
            }
            return out
        }
    }
}

struct PairKey: Hashable {
    let a: Int64
    let b: Int64
    init(a: Int64, b: Int64) {
        self.a = min(a, b)
        self.b = max(a, b)
    }
}
