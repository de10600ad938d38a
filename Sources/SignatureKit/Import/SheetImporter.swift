import Foundation

extension SignatureDatabase {
    /// Imports a CSV file of sheets in one transaction, streaming it row by row.
    ///
    /// Good rows are stored; bad rows are reported with line, field and reason and written to
    /// `rejectsPath` (same columns plus `fehler`) so they can be fixed and imported again. A sheet
    /// number that is already stored with the same content is skipped; with other content it is a conflict.
    /// An unreadable file (empty, wrong encoding, unknown column) stores nothing. Messages name line and field
    /// but not the value, unless `showValues` (the person asked for names).
    ///
    /// The file is read on a second thread; the write transaction starts only when the first rows are ready, so a
    /// slow or hostile file does not hold the lock while nothing can be written. The rejects file is checked for
    /// writability before anything is stored and written to a temporary file that is then renamed.
    public func importSheets(
        from path: String, enteredBy: String, today: CalendarDay = .today(),
        rejectsPath: String? = nil, showValues: Bool = false
    ) throws -> ImportSummary {
        // Double entry: every sheet typed by two people. A file is one person's typing: it would skip the second entry.
        if try doubleEntry() {
            throw SignatureKitError.invalidField(
                field: "import",
                reason:
                    "die Datenbank nutzt Doppelerfassung; ein Import würde die zweite Eingabe überspringen. Formblätter über sig-web oder sig-cli add erfassen"
            )
        }
        let csv = try CSVInput(path: path)
        let map = try ColumnMap(
            header: csv.header, path: path, fields: SheetParser.columns,
            required: SheetParser.columns.map(\.0), ignored: ["fehler", "error"])
        var summary = ImportSummary()
        let rejects = try rejectsPath.map { try OutputFile(path: $0) }
        try rejects?.append(CSVOutput.line(SheetParser.columns.map(\.0) + ["fehler"]))
        // The rules the parsing thread may apply, read before the transaction; trusted inside it only if unchanged.
        let preview = try parsingRules(today: today)
        let queue = ImportPipeline.start(csv: csv, map: map, election: election, rules: preview, cipher: cipher)
        defer { queue.finish() }
        guard var batch = try queue.take() else { return summary }
        try recordMany(enteredBy: enteredBy, today: today) { recorder in
            let trusted = recorder.parsingRules?.meetingDates == preview?.meetingDates
            while true {
                for row in batch {
                    let problems = try store(row, into: &recorder, trustFindings: trusted, showValues: showValues, summary: &summary)
                    guard !problems.isEmpty else { continue }
                    try summary.reject(problems, fields: row.fields, map: map, rejects: rejects)
                }
                guard let next = try queue.take() else { break }
                batch = next
            }
            if !summary.storedSheets.isEmpty {
                try recorder.audit(action: "import", sheets: summary.storedSheets)
            }
        }
        if summary.rejectedRows > 0, let rejects {
            // The sheets are stored now: a failure here must not read as "nothing saved".
            do {
                try rejects.commit()
                summary.rejectsFile = rejects.path
                try recordOutput(rejects.path, kind: .rejects)
            } catch let error as SignatureKitError {
                summary.rejectsFileError = error.errorDescription
            }
        }
        return summary
    }

    /// Stores one prepared row; returns its problems (none when stored or already present).
    private func store(
        _ row: PreparedRow, into recorder: inout SheetRecorder, trustFindings: Bool, showValues: Bool, summary: inout ImportSummary
    ) throws -> [RowProblem] {
        switch row.result {
        case .failure(let list):
            return list.items.map { RowProblem(line: row.line, field: $0.field, reason: $0.reason, value: showValues ? $0.value : nil) }
        case .success(let (input, keys, ruleFindings, sealed)):
            if let refusal = election.entryRefusal(input.nomination) {
                return [RowProblem(line: row.line, field: "Wahlvorschlag", reason: refusal)]
            }
            switch try recorder.record(input, keys: keys, ruleFindings: trustFindings ? ruleFindings : nil, sealed: sealed) {
            case .alreadyPresent:
                summary.alreadyPresent += 1
                return []
            case .conflict(let sheet):
                return [.numberTaken(sheet, line: row.line)]
            case .stored(let sheet, let findings, let dups):
                summary.count(findings, dups)
                summary.storedSheets.append(sheet)
                return []
            }
        }
    }
}

extension ImportSummary {
    /// Reports a row that is not stored (both backends' imports): its problems in the summary, the row as read with its
    /// reasons in the rejects file, which can be fixed and imported again.
    package mutating func reject(_ problems: [RowProblem], fields: [String], map: ColumnMap, rejects: OutputFile?) throws {
        rejected += problems
        rejectedRows += 1
        try rejects?.append(
            CSVOutput.line(
                SheetParser.columns.map { map.value($0.0, in: fields) } + [problems.map { "\($0.field): \($0.reason)" }.joined(separator: " | ")]))
    }
}

extension RowProblem {
    /// A row whose sheet number is stored with other content: nothing overwritten.
    package static func numberTaken(_ sheet: String, line: Int) -> RowProblem {
        RowProblem(line: line, field: "Formblatt", reason: "\(sheet) ist bereits mit anderem Inhalt erfasst; nichts überschrieben")
    }
}
