import Foundation
import SignatureKit
import SignatureKitDomain

extension PostgresCampaign: ReportQueries {
    public func progress(asOf: CalendarDay) async throws -> ProgressCounts {
        let asOfText = asOf.iso
        return try await read { tx in
            var counts: [NominationID: StandingCounts] = [:]
            var perDay: [String: Int] = [:]
            var first: String?
            var nominations: [String: NominationID] = [:]
            // The covering index `sheet_progress` in its own order (an index-only scan once vacuumed, grouped as it
            // comes: no hash table), the two flags counted per group: faster than a plain GROUP BY nomination, status.
            try await tx.forEach(
                """
                SELECT nomination, signedon, status, rejectreason,
                  count(*) FILTER (WHERE NOT haserror AND duplicateof IS NULL), count(*) FILTER (WHERE haserror AND duplicateof IS NULL),
                  count(*) FILTER (WHERE NOT haserror AND duplicateof IS NOT NULL), count(*) FILTER (WHERE haserror AND duplicateof IS NOT NULL)
                FROM sig.sheet GROUP BY nomination, signedon, status, rejectreason
                """
            ) { r in
                let signedOn = try r.text(1)
                if first.map({ signedOn < $0 }) ?? true { first = signedOn }
                guard signedOn <= asOfText else { return }
                let text = try r.text(0)
                guard let nomination = nominations[text] ?? NominationID(text) else {
                    throw SignatureKitError.unknownStoredValue(path: location, column: "nomination")
                }
                nominations[text] = nomination
                guard let status = SheetStatus(rawValue: try r.text(2)) else {
                    throw SignatureKitError.unknownStoredValue(path: location, column: "status")
                }
                let reason = try r.optionalText(3).flatMap(RejectReason.init(rawValue:))
                for (column, hasError, isDuplicate) in [(4, false, false), (5, true, false), (6, false, true), (7, true, true)] {
                    let n = try r.int(column)
                    guard n > 0 else { continue }
                    let standing = SheetStanding(status: status, hasError: hasError, isDuplicate: isDuplicate)
                    counts[nomination, default: StandingCounts()].add(standing, n, reason: reason)
                    if standing.mayCount { perDay[signedOn, default: 0] += n }
                }
            }
            let daily = perDay.sorted { $0.key < $1.key }.compactMap { kv in CalendarDay(parsing: kv.key).map { (day: $0, count: kv.value) } }
            return ProgressCounts(byNomination: counts, daily: daily, firstDay: first.flatMap(CalendarDay.init(parsing:)))
        }
    }

    public func sheetList(nomination: NominationID?, status: SheetStatus?, enteredBy: String?) async throws -> [SheetSummary] {
        try await read { tx in
            try await tx.rows(
                """
                SELECT s.sheetnumber, s.nomination, s.status, s.signedon, s.collector, s.enteredon, d.sheetnumber,
                  (SELECT count(*) FROM sig.finding f WHERE f.sheetid = s.id AND f.severity = 'error'),
                  (SELECT count(*) FROM sig.finding f WHERE f.sheetid = s.id AND f.severity = 'warning')
                FROM sig.sheet s LEFT JOIN sig.sheet d ON d.id = s.duplicateof
                WHERE ($1::text IS NULL OR s.nomination = $1) AND ($2::text IS NULL OR s.status = $2) AND ($3::text IS NULL OR s.enteredby = $3)
                ORDER BY s.sheetnumber
                """, [.text(nomination.map { canonical($0).description }), .text(status?.rawValue), .text(enteredBy)]
            ).map { row in
                guard let s = SheetStatus(rawValue: try row.text(2)) else {
                    throw SignatureKitError.unknownStoredValue(path: location, column: "sheet")
                }
                return SheetSummary(
                    sheet: try row.text(0), nomination: try row.text(1), status: s, signedOn: try row.text(3), collector: try row.text(4),
                    errors: try row.int(7),
                    warnings: try row.int(8), duplicateOf: try row.optionalText(6), enteredOn: try row.text(5))
            }
        }
    }

    public func sheetInfo(_ raw: String) async throws -> SheetDetail {
        let number = raw.uppercased()
        return try await read { tx in
            guard
                let row = try await tx.row(
                    """
                    SELECT s.id, s.sheetnumber, s.nomination, s.status, s.rejectreason, s.signedon, s.collector, s.enteredby, s.enteredon,
                      s.addressward, s.addressdistrict, d.sheetnumber
                    FROM sig.sheet s LEFT JOIN sig.sheet d ON d.id = s.duplicateof WHERE s.sheetnumber = $1
                    """, [.text(number)])
            else { throw SignatureKitError.sheetNotFound(number) }
            let id = try row.int64(0)
            let findings = try await tx.rows("SELECT code, severity, message, basis FROM sig.finding WHERE sheetid = $1 ORDER BY id", [.bigint(id)])
                .map { try Self.finding($0, location: location) }
            let history = try await tx.rows(
                "SELECT fromstatus, tostatus, reason, at, actor FROM sig.status_event WHERE sheetid = $1 ORDER BY id", [.bigint(id)]
            ).map { r in
                guard let from = SheetStatus(rawValue: try r.text(0)), let to = SheetStatus(rawValue: try r.text(1)) else {
                    throw SignatureKitError.unknownStoredValue(path: location, column: "status_event")
                }
                return StatusEvent(
                    from: from, to: to, reason: try r.optionalText(2).flatMap(RejectReason.init(rawValue:)), at: try r.text(3), by: try r.text(4))
            }
            let pairs = try await tx.rows(
                """
                SELECT p.class, p.decision, p.score, p.reasons, o.sheetnumber, o.nomination FROM sig.pair p
                JOIN sig.sheet o ON o.id = CASE WHEN p.sheeta = $1 THEN p.sheetb ELSE p.sheeta END
                WHERE (p.sheeta = $1 OR p.sheetb = $1) AND p.decision <> 'dismissed' ORDER BY p.id
                """, [.bigint(id)]
            ).compactMap { r -> DuplicateNotice? in
                guard let pairClass = PairClass(rawValue: try r.text(0)), let decision = PairDecision(rawValue: try r.text(1)),
                    let now = pairClass.after(decision)
                else { return nil }
                return DuplicateNotice(
                    kind: now, otherSheet: try r.text(4), otherNomination: try r.text(5), score: try r.double(2),
                    reasons: try r.text(3).components(separatedBy: "; "))
            }
            let duplicateOf = try row.optionalText(11)
            let settled = DuplicateNotice.settled(pairs, conflicts: election.conflicts, duplicateOf: duplicateOf)
            let corrections = try await tx.rows(
                "SELECT at, actor, reason, fields, status FROM sig.correction WHERE sheetid = $1 ORDER BY id", [.bigint(id)]
            ).map { r in
                CorrectionNote(
                    at: try r.text(0), by: try r.text(1), reason: try r.text(2), fields: try r.text(3).split(separator: ",").map(String.init),
                    status: SheetStatus(rawValue: try r.text(4)) ?? .entered)
            }
            let nomination = NominationID(try row.text(2))
            guard let status = SheetStatus(rawValue: try row.text(3)) else {
                throw SignatureKitError.unknownStoredValue(path: location, column: "sheet")
            }
            return SheetDetail(
                sheet: try row.text(1), nomination: nomination, status: status,
                rejectReason: try row.optionalText(4).flatMap(RejectReason.init(rawValue:)), signedOn: CalendarDay(parsing: try row.text(5)),
                collector: try row.text(6),
                enteredBy: try row.text(7), enteredOn: CalendarDay(parsing: try row.text(8)), addressWard: try row.optionalInt(9),
                addressDistrict: try row.optionalText(10), findings: findings, history: history, duplicateOf: duplicateOf, pairs: settled,
                corrections: corrections)
        }
    }

    static func finding(_ r: PGRow, location: String, from start: Int = 0) throws -> Finding {
        guard let severity = Severity(rawValue: try r.text(start + 1)) else {
            throw SignatureKitError.unknownStoredValue(path: location, column: "severity")
        }
        return Finding(code: try r.text(start), severity: severity, message: try r.text(start + 2), basis: try r.text(start + 3))
    }

    public func submission(for raw: NominationID) async throws -> SubmissionData {
        let n = canonical(raw).description
        return try await read { tx in
            let certified = try await tx.rows(
                "SELECT sheetnumber, signedon FROM sig.sheet WHERE nomination = $1 AND \(SheetStanding.valid.sqlCondition) ORDER BY sheetnumber",
                [.text(n)]
            ).map { (sheet: try $0.text(0), signedOn: CalendarDay(parsing: try $0.text(1))) }
            var counts = StandingCounts()
            for r in try await tx.rows(
                """
                SELECT status, haserror, duplicateof IS NOT NULL, rejectreason, count(*) FROM sig.sheet
                WHERE nomination = $1 GROUP BY status, haserror, duplicateof IS NOT NULL, rejectreason
                """, [.text(n)])
            {
                guard let status = SheetStatus(rawValue: try r.text(0)) else {
                    throw SignatureKitError.unknownStoredValue(path: location, column: "status")
                }
                counts.add(
                    SheetStanding(status: status, hasError: try r.bool(1), isDuplicate: try r.bool(2)), try r.int(4),
                    reason: try r.optionalText(3).flatMap(RejectReason.init(rawValue:)))
            }
            let conflicts =
                try await tx.row(
                    """
                    SELECT count(*) FROM sig.pair p JOIN sig.sheet a ON a.id = p.sheeta JOIN sig.sheet b ON b.id = p.sheetb
                    WHERE p.decision <> 'dismissed' AND p.class IN ('\(PairClass.conflict.rawValue)', '\(PairClass.possibleConflict.rawValue)')
                      AND (a.nomination = $1 OR b.nomination = $1) AND a.status NOT IN \(Self.closed) AND b.status NOT IN \(Self.closed)
                    """, [.text(n)])?.int(0) ?? 0
            let openReviews =
                try await tx.row(
                    """
                    SELECT count(*) FROM sig.pair p JOIN sig.sheet a ON a.id = p.sheeta JOIN sig.sheet b ON b.id = p.sheetb
                    WHERE p.decision = 'open' AND p.class = 'possible-duplicate' AND b.nomination = $1
                      AND a.status NOT IN \(Self.closed) AND b.status NOT IN \(Self.closed)
                    """, [.text(n)])?.int(0) ?? 0
            let certifiedWithError =
                try await tx.row(
                    """
                    SELECT count(*) FROM sig.sheet WHERE nomination = $1 AND status IN \(SheetStatus.validSQL) AND duplicateof IS NULL AND haserror
                    """, [.text(n)])?.int(0) ?? 0
            return SubmissionData(
                certified: certified, counts: counts, conflicts: conflicts, openReviews: openReviews, certifiedWithError: certifiedWithError)
        }
    }

    public func certificationQueue() async throws -> [CertificationItem] {
        try await read { tx in
            try await tx.rows(
                """
                SELECT sheetnumber, nomination FROM sig.sheet WHERE status = 'entered' AND \(SheetStanding.pending.sqlCondition) ORDER BY sheetnumber
                """
            ).compactMap { r in
                let sheet = try r.text(0)
                return NominationID(try r.text(1)).map { CertificationItem(sheet: sheet, nomination: $0) }
            }
        }
    }

    public func collectorFigures(only collector: String?) async throws -> CollectorReport {
        try await read { tx in
            var byName: [String: CollectorStats] = [:]
            let mayCount = "(\(SheetStanding.valid.sqlCondition) OR \(SheetStanding.pending.sqlCondition))"
            for row in try await tx.rows(
                """
                SELECT collector, count(*), count(*) FILTER (WHERE \(mayCount)), count(*) FILTER (WHERE status = 'rejected') FROM sig.sheet
                WHERE $1::text IS NULL OR collector = $1 GROUP BY collector
                """, [.text(collector)])
            {
                let name = try row.text(0)
                byName[name] = CollectorStats(
                    collector: name, sheets: try row.int(1), counting: try row.int(2), rejected: try row.int(3), rejectedByReason: [:],
                    notCountingByFinding: [:])
            }
            for row in try await tx.rows(
                "SELECT collector, rejectreason, count(*) FROM sig.sheet WHERE status = 'rejected' GROUP BY collector, rejectreason")
            {
                byName[try row.text(0)]?.rejectedByReason[try row.optionalText(1) ?? "other"] = try row.int(2)
            }
            for row in try await tx.rows(
                """
                SELECT s.collector, f.code, count(DISTINCT s.id) FROM sig.sheet s JOIN sig.finding f ON f.sheetid = s.id
                WHERE f.severity = 'error' AND s.status IN ('entered', 'sent') GROUP BY s.collector, f.code
                """)
            {
                byName[try row.text(0)]?.notCountingByFinding[try row.text(1)] = try row.int(2)
            }
            return CollectorReport(collectors: byName.values.sorted { ($0.sheets, $1.collector) > ($1.sheets, $0.collector) })
        }
    }

    public func campaignFindings() async throws -> [CheckFinding] {
        try await read { tx in
            var out: [CheckFinding] = []
            for row in try await tx.rows(
                """
                SELECT f.code, f.severity, f.message, string_agg(s.sheetnumber, ' ' ORDER BY f.sheetid, f.id)
                FROM sig.finding f JOIN sig.sheet s ON s.id = f.sheetid
                GROUP BY f.code, f.severity, f.message
                ORDER BY f.severity = 'error' DESC, f.code, f.message
                """)
            {
                guard let severity = Severity(rawValue: try row.text(1)) else {
                    throw SignatureKitError.unknownStoredValue(path: location, column: "severity")
                }
                out.append(
                    CheckFinding(
                        code: try row.text(0), severity: severity, sheets: (try row.optionalText(3) ?? "").split(separator: " ").map(String.init),
                        message: try row.text(2)))
            }
            for row in try await tx.rows(
                """
                SELECT p.id, p.class, p.decision, p.reasons, a.sheetnumber, b.sheetnumber, a.nomination, b.nomination
                FROM sig.pair p JOIN sig.sheet a ON a.id = p.sheeta JOIN sig.sheet b ON b.id = p.sheetb
                WHERE p.decision <> 'dismissed' AND a.status NOT IN \(Self.closed) AND b.status NOT IN \(Self.closed)
                ORDER BY p.id
                """)
            {
                guard let pairClass = PairClass(rawValue: try row.text(1)), let decision = PairDecision(rawValue: try row.text(2)),
                    let current = pairClass.after(decision)
                else { continue }
                let pair = PairFinding(
                    id: try row.int64(0), pairClass: current, reasons: try row.text(3),
                    nominations: (NominationID(try row.text(6)), NominationID(try row.text(7))))
                out.append(
                    CheckFinding(
                        code: current.rawValue, severity: current.isCertain ? .error : .warning, sheets: [try row.text(4), try row.text(5)],
                        message: pair.germanMessage))
            }
            return out
        }
    }

    public func hasSheet(_ number: String) async throws -> Bool {
        try await read { tx in try await tx.row("SELECT 1 FROM sig.sheet WHERE sheetnumber = $1", [.text(number.uppercased())]) != nil }
    }

    public func ownErrorFindings(enteredBy: String) async throws -> [String: [Finding]] {
        try await read { tx in
            var out: [String: [Finding]] = [:]
            for row in try await tx.rows(
                """
                SELECT s.sheetnumber, f.code, f.severity, f.message, f.basis FROM sig.finding f JOIN sig.sheet s ON s.id = f.sheetid
                WHERE s.enteredby = $1 AND f.severity = 'error' ORDER BY f.id
                """, [.text(enteredBy)])
            {
                out[try row.text(0), default: []].append(try Self.finding(row, location: location, from: 1))
            }
            return out
        }
    }
}

extension PostgresCampaign {
    /// The progress benchmark's baseline: a plain `GROUP BY nomination, status` over the campaign's sheets.
    ///
    /// - Returns: The number of groups.
    public func plainStatusGroupBy() async throws -> Int {
        try await read { tx in try await tx.rows("SELECT nomination, status, count(*) FROM sig.sheet GROUP BY nomination, status").count }
    }
}
