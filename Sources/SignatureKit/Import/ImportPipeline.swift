import Foundation

/// One CSV row made ready for storage on the parsing thread.
package struct PreparedRow: Sendable {
    package let line: Int
    package let fields: [String]
    /// The sheet, its keys, its rule findings when they could be computed without the database, and, for an
    /// encrypted database, its sealed fields and hashed keys.
    package let result: Result<(SheetInput, PersonKeys, [Finding]?, FieldCipher.SealedSheet?), FieldProblems>
}

/// What the parsing thread needs to apply the rules itself (only without a street directory).
package struct RuleContext: Sendable {
    let election: Election
    let meetingDates: [NominationID: CalendarDay]
    let today: CalendarDay

    func findings(_ input: SheetInput) -> [Finding] {
        var sheet = input
        sheet.nomination = election.canonical(input.nomination)
        return Rules.evaluate(
            RuleInput(
                sheet: sheet, election: election, address: .noDirectory,
                meetingDate: meetingDates[sheet.nomination], today: today))
    }
}

/// A small bounded queue between the parsing thread and the database thread.
package final class BatchQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [[Element]] = []
    private var finished = false
    private var failure: (any Error)?
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits while the queue is full; returns false when the consumer stopped (the producer should stop too).
    @discardableResult
    func put(_ batch: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !finished { condition.wait() }
        if finished { return false }
        items.append(batch)
        condition.broadcast()
        return true
    }

    package func finish(error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = failure ?? error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or `nil` at the end; rethrows the producer's error.
    package func take() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if !items.isEmpty {
            let batch = items.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }
}

/// Reads and parses the CSV on a second thread (CSV decoding, field checks, normalisation and
/// Kölner Phonetik), so the database thread only looks up, checks and inserts.
public enum ImportPipeline {
    final class Box: @unchecked Sendable {
        let csv: CSVInput
        /// Column index of each field of ``SheetParser/columns`` (Int.max when absent).
        let order: [Int]
        init(csv: CSVInput, map: ColumnMap) {
            self.csv = csv
            self.order = SheetParser.columns.map { map.index[$0.0] ?? Int.max }
        }
    }

    package static func start(csv: CSVInput, map: ColumnMap, election: Election? = nil, rules: RuleContext? = nil, cipher: FieldCipher? = nil)
        -> BatchQueue<PreparedRow>
    {
        let queue = BatchQueue<PreparedRow>(capacity: 8)
        let box = Box(csv: csv, map: map)
        let thread = Thread {
            do {
                var batch: [PreparedRow] = []
                batch.reserveCapacity(256)
                // Each spelling of a nomination read once (a bounded memo: a file of nonsense cannot grow it without end).
                var nominations: [String: NominationID?] = [:]
                while let record = try box.csv.next() {
                    let result: Result<(SheetInput, PersonKeys, [Finding]?, FieldCipher.SealedSheet?), FieldProblems>
                    if let problem = record.problem {
                        result = .failure(FieldProblems(items: [.init(field: "Zeile", reason: problem)]))
                    } else {
                        let values = box.order.map { i in
                            i < record.fields.count ? CSVOutput.unneutralised(record.fields[i].trimmedASCII) : ""
                        }
                        let nomination: NominationID?
                        if let known = nominations[values[1]] {
                            nomination = known
                        } else {
                            nomination = SheetParser.nomination(values[1], election: election)
                            if nominations.count < 1024 { nominations[values[1]] = nomination }
                        }
                        result = SheetParser.parse(ordered: values, election: election, nomination: nomination).map { input in
                            let keys = PersonKeys(input)
                            return (input, keys, rules?.findings(input), cipher?.seal(input, keys: keys))
                        }
                    }
                    batch.append(PreparedRow(line: record.line, fields: record.fields, result: result))
                    if batch.count == 256 {
                        guard queue.put(batch) else { return }  // the database side stopped: stop reading
                        batch = []
                    }
                }
                if !batch.isEmpty { queue.put(batch) }
                queue.finish()
            } catch {
                queue.finish(error: error)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
        return queue
    }
}

extension ImportPipeline {
    /// Reads and prepares a sheet file without storing anything (for the benchmark: the parsing side alone).
    ///
    /// - Returns: The number of rows prepared.
    public static func prepareOnly(path: String) throws -> Int {
        let csv = try CSVInput(path: path)
        let map = try ColumnMap(
            header: csv.header, path: path, fields: SheetParser.columns,
            required: SheetParser.columns.map(\.0), ignored: ["fehler", "error"])
        let queue = start(csv: csv, map: map)
        var count = 0
        while let batch = try queue.take() { count += batch.count }
        return count
    }
}
