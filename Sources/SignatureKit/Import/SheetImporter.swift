import Foundation

/// The result of importing a CSV file of sheets.
public struct ImportSummary: Sendable {
    public var stored = 0
    public var alreadyPresent = 0
    /// Rows that were not stored: line, field and reason.
    public var rejected: [RowProblem] = []
    /// Rows with errors in the rules (stored, but cannot count).
    public var storedWithErrors = 0
    public var storedWithWarnings = 0
    public var duplicates = 0
    public var possibleDuplicates = 0
    public var conflicts = 0
    /// The file the rejected rows were written to, when there were any.
    public var rejectsFile: String?

    mutating func count(_ findings: [Finding], _ duplicates: [DuplicateNotice]) {
        stored += 1
        if findings.contains(where: { $0.severity == .error }) {
            storedWithErrors += 1
        } else if !findings.isEmpty {
            storedWithWarnings += 1
        }
        for d in duplicates {
            switch d.kind {
            case .duplicate: self.duplicates += 1
            case .possibleDuplicate: possibleDuplicates += 1
            case .conflict, .possibleConflict: conflicts += 1
            }
        }
    }
}

extension SignatureDatabase {
    /// Imports a CSV file of sheets in one transaction, streaming it row by row.
    ///
    /// Good rows are stored; bad rows are reported with line, field and reason and written to
    /// `rejectsPath` (same columns plus `fehler`) so they can be fixed and imported again. A sheet
    /// number that is already stored with the same content is skipped; with other content it is a conflict.
    /// An unreadable file (empty, wrong encoding, unknown column) stores nothing.
    public func importSheets(
        from path: String, enteredBy: String, today: CalendarDay = .today(),
        rejectsPath: String? = nil
    ) throws -> ImportSummary {
        let csv = try CSVInput(path: path)
        let map = try ColumnMap(
            header: csv.header, path: path, fields: SheetParser.columns,
            required: SheetParser.columns.map(\.0), ignored: ["fehler", "error"])
        var summary = ImportSummary()
        var rejectedRows: [[String]] = []
        try recordMany(enteredBy: enteredBy, today: today) { recorder in
            let queue = ImportPipeline.start(csv: csv, map: map, rules: recorder.parsingRules)
            defer { queue.finish() }
            while let batch = try queue.take() {
                for row in batch {
                    let problems: [RowProblem]
                    switch row.result {
                    case .failure(let list):
                        problems = list.items.map { RowProblem(line: row.line, field: $0.field, reason: $0.reason) }
                    case .success(let (input, keys, ruleFindings)):
                        if !election.contains(input.nomination) {
                            problems = [
                                RowProblem(
                                    line: row.line, field: "Wahlvorschlag",
                                    reason: "„\(input.nomination)“ gibt es in der Wahl \(election.id) nicht")
                            ]
                        } else {
                            switch try recorder.record(input, keys: keys, ruleFindings: ruleFindings) {
                            case .alreadyPresent:
                                summary.alreadyPresent += 1
                                problems = []
                            case .conflict(let sheet):
                                problems = [
                                    RowProblem(
                                        line: row.line, field: "Formblatt",
                                        reason: "\(sheet) ist bereits mit anderem Inhalt erfasst; nichts überschrieben")
                                ]
                            case .stored(_, let findings, let dups):
                                summary.count(findings, dups)
                                problems = []
                            }
                        }
                    }
                    if !problems.isEmpty {
                        summary.rejected += problems
                        rejectedRows.append(
                            SheetParser.columns.map { map.value($0.0, in: row.fields) }
                                + [problems.map { "\($0.field): \($0.reason)" }.joined(separator: " | ")])
                    }
                }
            }
        }
        if !rejectedRows.isEmpty, let rejectsPath {
            try CSVOutput.write(path: rejectsPath, header: SheetParser.columns.map(\.0) + ["fehler"], rows: rejectedRows)
            summary.rejectsFile = rejectsPath
        }
        return summary
    }
}
