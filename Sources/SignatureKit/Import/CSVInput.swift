import CSV
import Foundation

/// Reads a CSV file row by row (streaming): `;` or `,` detected from the header line,
/// UTF-8 with or without BOM, quoted fields, and the line number where each row starts.
final class CSVInput {
    let path: String
    let header: [String]
    let delimiter: Character
    private let reader: CSVReader
    private var nextLine = 2

    init(path: String) throws {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SignatureKitError.fileNotFound(path) }
        var head = (try? handle.read(upToCount: 65536)) ?? Data()
        try? handle.close()
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        let firstLine = head.prefix { $0 != 0x0A && $0 != 0x0D }
        if firstLine.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { throw SignatureKitError.emptyFile(path) }
        guard let text = String(data: Data(firstLine), encoding: .utf8) else {
            throw SignatureKitError.notUTF8(path: path, line: 1)
        }
        let semicolons = text.filter { $0 == ";" }.count
        let commas = text.filter { $0 == "," }.count
        delimiter = semicolons >= commas && semicolons > 0 ? ";" : ","
        if let badLine = try Self.firstInvalidUTF8Line(path) { throw SignatureKitError.notUTF8(path: path, line: badLine) }
        guard let stream = InputStream(fileAtPath: path) else { throw SignatureKitError.fileNotFound(path) }
        do {
            reader = try CSVReader(
                stream: stream, codecType: UTF8.self, hasHeaderRow: true, trimFields: false,
                delimiter: delimiter == ";" ? ";" : ",")
        } catch {
            throw SignatureKitError.emptyFile(path)
        }
        header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Checks the whole file for valid UTF-8 in one streaming pass (1 MiB at a time), before anything is
    /// stored: returns the line of the first invalid byte, or `nil`.
    static func firstInvalidUTF8Line(_ path: String) throws -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SignatureKitError.fileNotFound(path) }
        defer { try? handle.close() }
        var line = 1
        var pending = 0  // continuation bytes still expected
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            for byte in chunk {
                if pending > 0 {
                    guard byte & 0xC0 == 0x80 else { return line }
                    pending -= 1
                    continue
                }
                switch byte {
                case 0x0A: line += 1
                case 0x00...0x7F: break
                case 0xC2...0xDF: pending = 1
                case 0xE0...0xEF: pending = 2
                case 0xF0...0xF4: pending = 3
                default: return line
                }
            }
        }
        return pending > 0 ? line : nil
    }

    /// The next non-empty row with the line it starts on, or `nil` at the end.
    func next() throws -> (line: Int, fields: [String])? {
        while let row = reader.next() {
            let line = nextLine
            nextLine += 1 + row.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
            if row.allSatisfy({ $0.isEmpty }) { continue }
            return (line, row)
        }
        // On Linux the stream reports "cannot read" at its end; only a decoding error is a real failure.
        if case .unicodeDecoding? = reader.error as? CSVError {
            throw SignatureKitError.notUTF8(path: path, line: nextLine)
        }
        if case .streamErrorHasOccurred? = reader.error as? CSVError {
            throw SignatureKitError.ioFailure(path: path, reason: "Lesefehler in Zeile \(nextLine).")
        }
        return nil
    }
}

/// Maps the columns of a header to known fields, by English or German name.
struct ColumnMap {
    /// Field name → column index.
    private(set) var index: [String: Int] = [:]

    /// - Parameters:
    ///   - fields: Canonical field names with their accepted aliases.
    ///   - required: Fields that must be present.
    ///   - ignored: Column names that are accepted and skipped (e.g. the error column of a rejects file).
    init(header: [String], path: String, fields: [(String, [String])], required: [String], ignored: [String] = [])
        throws
    {
        let key = { (s: String) in Normalizer.fold(s).filter { $0.isLetter || $0.isNumber } }
        var lookup: [String: String] = [:]
        for (name, aliases) in fields {
            for alias in [name] + aliases { lookup[key(alias)] = name }
        }
        let ignoredKeys = Set(ignored.map(key))
        for (i, column) in header.enumerated() {
            let k = key(column)
            if ignoredKeys.contains(k) { continue }
            guard let name = lookup[k] else {
                throw SignatureKitError.unknownColumn(path: path, column: column, expected: fields.map(\.0))
            }
            if index[name] != nil { throw SignatureKitError.duplicateColumn(path: path, column: column) }
            index[name] = i
        }
        for name in required where index[name] == nil {
            let german = fields.first { $0.0 == name }?.1.first
            throw SignatureKitError.missingColumn(path: path, column: german.map { "\(name) (\($0))" } ?? name)
        }
    }

    func value(_ field: String, in row: [String]) -> String {
        guard let i = index[field], i < row.count else { return "" }
        return row[i].trimmedASCII
    }
}
