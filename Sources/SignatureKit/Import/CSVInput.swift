import Foundation

/// One record of a CSV file: the line it starts on, and its fields or the reason it cannot be read.
struct CSVRecord {
    let line: Int
    let fields: [String]
    /// Why the record cannot be used (too long, a NUL byte, an unclosed quote); its fields are empty then.
    let problem: String?
}

/// Reads a CSV file record by record, streaming, with bounded memory: `;` or `,` detected from the header line,
/// UTF-8 with or without BOM, quoted fields (also across lines), and the line where each record starts.
///
/// Bounds: a record longer than ``maxRecordBytes`` is reported as a problem and skipped without being held in
/// memory; a header longer than that makes the file "not a CSV file". A quote still open at the end of the file or
/// at the bound is reported at the line where it opened, and reading goes on at the line after it, so one stray
/// quote does not swallow the rows behind it. Invalid UTF-8 stops the file (the import is one transaction, so
/// nothing of it is stored). Pipes and `/dev/stdin` work (`-` means standard input).
package final class CSVInput {
    static let maxRecordBytes = 64 * 1024
    let path: String
    package private(set) var header: [String] = []
    /// The line the header is on (after any title lines).
    private(set) var headerLine = 1
    private(set) var delimiter: UInt8 = UInt8(ascii: ";")
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    /// The physical line of the next byte.
    private var line = 1

    /// - Parameter skippingLines: Title lines before the header (KRZN writes one).
    package init(path: String, skippingLines: Int = 0) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        if path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue {
            throw SignatureKitError.ioFailure(path: path, reason: "ist ein Ordner, keine Datei.")
        }
        let opened = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path)
        guard let opened else {
            if FileManager.default.fileExists(atPath: path) {
                throw SignatureKitError.ioFailure(path: path, reason: "kann nicht gelesen werden (keine Leserechte).")
            }
            throw SignatureKitError.fileNotFound(path)
        }
        handle = opened
        try fill()
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        for _ in 0..<skippingLines {
            guard try readRecord() != nil else { throw SignatureKitError.emptyFile(path) }
            headerLine += 1
        }
        // The header: one physical line, delimiter from the count of both candidates.
        var offset = 0
        while true {
            while position + offset < buffer.count && buffer[position + offset] != 0x0A && buffer[position + offset] != 0x0D {
                offset += 1
            }
            if position + offset < buffer.count || atEnd { break }
            if offset > Self.maxRecordBytes { throw SignatureKitError.notCSV(path: path) }
            try fill()
        }
        let end = position + offset
        let headerBytes = buffer[position..<end]
        if headerBytes.count > Self.maxRecordBytes || headerBytes.contains(0) { throw SignatureKitError.notCSV(path: path) }
        if headerBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { throw SignatureKitError.emptyFile(path) }
        guard String(validating: headerBytes, as: UTF8.self) != nil else {
            throw SignatureKitError.notUTF8(path: path, line: skippingLines + 1)
        }
        let semicolons = headerBytes.filter { $0 == UInt8(ascii: ";") }.count
        let commas = headerBytes.filter { $0 == UInt8(ascii: ",") }.count
        delimiter = semicolons >= commas && semicolons > 0 ? UInt8(ascii: ";") : UInt8(ascii: ",")
        guard let first = try nextRecord(skipEmpty: false) else { throw SignatureKitError.emptyFile(path) }
        if let problem = first.problem {
            throw SignatureKitError.malformedRow(path: path, problem: RowProblem(line: headerLine, field: "Kopfzeile", reason: problem))
        }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    deinit { if path != "-" { try? handle.close() } }

    /// Reads the next chunk (1 MiB) behind what is left in the buffer.
    private func fill() throws {
        guard !atEnd else { return }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let chunk: Data
        do {
            chunk = try handle.read(upToCount: 1 << 20) ?? Data()
        } catch {
            throw SignatureKitError.ioFailure(path: path, reason: "Lesefehler in Zeile \(line).")
        }
        if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
    }

    /// The next byte, or `nil` at the end of the input.
    @inline(__always) private func nextByte() throws -> UInt8? {
        if position == buffer.count {
            try fill()
            if position == buffer.count { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// The next non-empty record, or `nil` at the end.
    func next() throws -> CSVRecord? { try nextRecord(skipEmpty: true) }

    /// The next non-empty record's fields; a record that cannot be read stops the file with its line.
    func nextFields() throws -> (line: Int, fields: [String])? {
        guard let record = try next() else { return nil }
        if let problem = record.problem {
            throw SignatureKitError.malformedRow(path: path, problem: RowProblem(line: record.line, field: "Zeile", reason: problem))
        }
        return (record.line, record.fields)
    }

    private func nextRecord(skipEmpty: Bool) throws -> CSVRecord? {
        while true {
            guard let record = try readRecord() else { return nil }
            if skipEmpty && record.problem == nil && record.fields.allSatisfy({ $0.isEmpty }) { continue }
            return record
        }
    }

    private func readRecord() throws -> CSVRecord? {
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        var raw: [UInt8] = []  // the record's bytes, kept for re-reading after an unclosed quote (bounded)
        var length = 0
        var inQuotes = false
        var sawAny = false
        var problem: String?
        func finishField() throws {
            guard problem == nil else { return }
            guard let text = String(validating: field, as: UTF8.self) else { throw SignatureKitError.notUTF8(path: path, line: start) }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }
        while true {
            if problem != nil && !inQuotes {
                // Skipping a record that cannot be used: jump to its line end without looking at each byte.
                if position == buffer.count { try fill() }
                if let end = Self.lineEnd(in: buffer, from: position) {
                    length += end - position
                    position = end
                } else {
                    length += buffer.count - position
                    position = buffer.count
                    if atEnd { return CSVRecord(line: start, fields: [], problem: problem) }
                    continue
                }
            }
            guard let byte = try nextByte() else {
                if !sawAny { return nil }
                if inQuotes { return recoverFromOpenQuote(start: start, raw: raw) }
                try finishField()
                return CSVRecord(line: start, fields: problem == nil ? fields : [], problem: problem)
            }
            sawAny = true
            length += 1
            if length <= Self.maxRecordBytes { raw.append(byte) }
            if length > Self.maxRecordBytes && problem == nil {
                if inQuotes { return recoverFromOpenQuote(start: start, raw: raw) }
                problem = "Zeile länger als \(Self.maxRecordBytes / 1024) KB: keine Formblattzeile"
                field = []
                fields = []
            }
            if byte == 0x0A || byte == 0x0D {
                if byte == 0x0D {
                    if position == buffer.count { try fill() }
                    if position < buffer.count && buffer[position] == 0x0A { position += 1 }
                }
                line += 1
                if !inQuotes {
                    try finishField()
                    return CSVRecord(line: start, fields: problem == nil ? fields : [], problem: problem)
                }
                if problem == nil { field.append(0x0A) }
                continue
            }
            if problem != nil { continue }
            if byte == 0 {
                problem = "enthält ein Nullbyte (keine Textdatei?)"
                continue
            }
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if position == buffer.count { try fill() }
                    if position < buffer.count && buffer[position] == UInt8(ascii: "\"") {
                        position += 1
                        length += 1
                        if length <= Self.maxRecordBytes { raw.append(byte) }
                        field.append(byte)
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == delimiter {
                try finishField()
            } else if byte == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
            } else {
                field.append(byte)
            }
        }
    }

    /// The index of the next line feed or carriage return at or after `from` (memchr, for skipping fast).
    private static func lineEnd(in buffer: [UInt8], from: Int) -> Int? {
        buffer.withUnsafeBufferPointer { all -> Int? in
            guard let base = all.baseAddress, from < all.count else { return nil }
            let count = all.count - from
            let lf = memchr(base + from, 0x0A, count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
            let cr = memchr(base + from, 0x0D, count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
            switch (lf, cr) {
            case (let a?, let b?): return min(a, b)
            case (let a?, nil): return a
            case (nil, let b?): return b
            case (nil, nil): return nil
            }
        }
    }

    /// A quote opened at `start` was never closed: report that record, then read on from the line after it.
    private func recoverFromOpenQuote(start: Int, raw: [UInt8]) -> CSVRecord {
        if let newline = raw.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            var rest = Array(raw[(newline + 1)...])
            if raw[newline] == 0x0D, rest.first == 0x0A { rest.removeFirst() }
            buffer = rest + buffer[position...]
            position = 0
        }
        line = start + 1
        return CSVRecord(line: start, fields: [], problem: "Anführungszeichen in Zeile \(start) wird nicht geschlossen")
    }
}

/// Maps the columns of a header to known fields, by English or German name.
package struct ColumnMap {
    /// Field name → column index.
    private(set) var index: [String: Int] = [:]

    /// - Parameters:
    ///   - fields: Canonical field names with their accepted aliases.
    ///   - required: Fields that must be present.
    ///   - ignored: Column names that are accepted and skipped (e.g. the error column of a rejects file).
    package init(header: [String], path: String, fields: [(String, [String])], required: [String], ignored: [String] = [])
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
                throw SignatureKitError.unknownColumn(path: path, column: String(column.prefix(40)), expected: fields.map(\.0))
            }
            if index[name] != nil { throw SignatureKitError.duplicateColumn(path: path, column: String(column.prefix(40))) }
            index[name] = i
        }
        for name in required where index[name] == nil {
            let german = fields.first { $0.0 == name }?.1.first
            throw SignatureKitError.missingColumn(path: path, column: german.map { "\(name) (\($0))" } ?? name)
        }
    }

    package func value(_ field: String, in row: [String]) -> String {
        guard let i = index[field], i < row.count else { return "" }
        return row[i].trimmedASCII
    }
}
