import Foundation
import GRDB

// The reports read from the SQLite file directly (sig-report, tests); the web reads them through the ports.

extension SignatureDatabase {
    /// Entered sheets that are pending (no rule error, not duplicates): ready to send.
    public func certificationBatch() throws -> CertificationBatch {
        CertificationBatch(sheets: try sheetsReadyForCertification(), electionName: election.name, profile: try profile())
    }
}

extension SignatureDatabase {
    /// Figures per collector (optionally only `collector`'s), most sheets first.
    public func collectorReport(only collector: String? = nil) throws -> CollectorReport {
        try read { db in
            var byName: [String: CollectorStats] = [:]
            let mayCount = "(\(SheetStanding.valid.sqlCondition) OR \(SheetStanding.pending.sqlCondition))"
            var sql = """
                SELECT collector, count(*) AS n, sum(\(mayCount)) AS counting, sum(status = 'rejected') AS rejected FROM sheet
                """
            var args: [any DatabaseValueConvertible] = []
            if let collector {
                sql += " WHERE collector = ?"
                args.append(collector)
            }
            for row in try Row.fetchAll(db, sql: sql + " GROUP BY collector", arguments: StatementArguments(args)) {
                let name: String = row["collector"]
                byName[name] = CollectorStats(
                    collector: name, sheets: row["n"], counting: row["counting"], rejected: row["rejected"], rejectedByReason: [:],
                    notCountingByFinding: [:])
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT collector, rejectReason, count(*) AS n FROM sheet WHERE status = 'rejected' GROUP BY collector, rejectReason")
            {
                let name: String = row["collector"]
                byName[name]?.rejectedByReason[(row["rejectReason"] as String?) ?? "other"] = row["n"]
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT s.collector, f.code, count(DISTINCT s.id) AS n FROM sheet s JOIN finding f ON f.sheetId = s.id
                    WHERE f.severity = 'error' AND s.status IN ('entered', 'sent') GROUP BY s.collector, f.code
                    """)
            {
                let name: String = row["collector"]
                byName[name]?.notCountingByFinding[row["code"]] = row["n"]
            }
            return CollectorReport(collectors: byName.values.sorted { ($0.sheets, $1.collector) > ($1.sheets, $0.collector) })
        }
    }
}

extension SignatureDatabase {
    /// Builds the progress report for every nomination of the election from the stored sheets.
    public func progressReport(_ settings: ProgressSettings) throws -> ProgressReport {
        ProgressReport(election: election, counts: try progressCounts(asOf: settings.asOf), settings: settings)
    }
}
