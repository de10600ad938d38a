import Foundation
import GRDB

/// Who collected how many sheets, how many may count, and why the others do not: for training, not a leaderboard.
/// No signer's data; the collector is the campaign's own field.
public struct CollectorStats: Sendable, Equatable, Encodable {
    public var collector: String
    public var sheets: Int
    /// Valid or pending (may still count).
    public var counting: Int
    /// Rejected by the election office.
    public var rejected: Int
    /// Rejections by reason code.
    public var rejectedByReason: [String: Int]
    /// Sheets that cannot count because of a rule (under age, outside the ward …), by the rule's code.
    public var notCountingByFinding: [String: Int]
}

public struct CollectorReport: Sendable, Encodable {
    public var collectors: [CollectorStats]

    /// A terminal table: collector, sheets, counting, rejected, and the reasons in words.
    public var text: String {
        guard !collectors.isEmpty else { return "Noch keine Formblätter." }
        var lines = ["Sammler/in            Formblätter  können zählen  abgelehnt  Gründe"]
        for c in collectors {
            let reasons =
                c.rejectedByReason.sorted { $0.key < $1.key }.map { "\(RejectReason(rawValue: $0.key)?.germanName ?? $0.key): \($0.value)" }
                + c.notCountingByFinding.sorted { $0.key < $1.key }.map { "\(Self.findingName($0.key)): \($0.value)" }
            let name = (c.collector.isEmpty ? "(ohne Angabe)" : c.collector).escapedForTerminal
            lines.append(
                name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%11d  %13d  %9d  ", c.sheets, c.counting, c.rejected)
                    + reasons.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// A rule's code in words, for the collectors' figures.
    public static func findingName(_ code: String) -> String {
        switch code {
        case "under-age": "zu jung"
        case "incomplete": "unvollständig"
        case "not-resident": "nicht in der Stadt"
        case "wrong-ward", "wrong-district": "anderer Wahlbezirk"
        case "signed-after-deadline": "nach Fristende"
        case "signed-before-meeting": "vor der Aufstellung"
        case "birth-date-implausible": "Geburtsdatum unplausibel"
        case "postal-code-unknown": "fremde PLZ"
        default: code
        }
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
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
