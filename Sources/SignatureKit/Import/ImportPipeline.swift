import Foundation

/// One CSV row made ready for storage on the parsing thread.
struct PreparedRow: Sendable {
    let line: Int
    let fields: [String]
    let result: Result<(SheetInput, PersonKeys), FieldProblems>
}

/// A small bounded queue between the parsing thread and the database thread.
final class BatchQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [[Element]] = []
    private var finished = false
    private var failure: (any Error)?
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits while the queue is full; returns false when the consumer stopped.
    func put(_ batch: [Element]) {
        condition.lock()
        while items.count >= capacity && !finished { condition.wait() }
        items.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func finish(error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = failure ?? error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or `nil` at the end; rethrows the producer's error.
    func take() throws -> [Element]? {
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
enum ImportPipeline {
    final class Box: @unchecked Sendable {
        let csv: CSVInput
        let map: ColumnMap
        init(csv: CSVInput, map: ColumnMap) {
            self.csv = csv
            self.map = map
        }
    }

    static func start(csv: CSVInput, map: ColumnMap) -> BatchQueue<PreparedRow> {
        let queue = BatchQueue<PreparedRow>(capacity: 8)
        let box = Box(csv: csv, map: map)
        let thread = Thread {
            do {
                var batch: [PreparedRow] = []
                batch.reserveCapacity(256)
                while let (line, fields) = try box.csv.next() {
                    var values: [String: String] = [:]
                    for (field, _) in SheetParser.columns { values[field] = box.map.value(field, in: fields) }
                    let result = SheetParser.parse(values).map { ($0, PersonKeys($0)) }
                    batch.append(PreparedRow(line: line, fields: fields, result: result))
                    if batch.count == 256 {
                        queue.put(batch)
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
