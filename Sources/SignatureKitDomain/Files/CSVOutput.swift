import Foundation

/// Writes `;`-separated UTF-8 CSV as German spreadsheets open it.
public enum CSVOutput {
    /// Characters that make a spreadsheet run a cell as a formula when they come first (OWASP: CSV injection).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// Quotes a field when it holds the separator, a quote or a line break; a cell a spreadsheet would run as a formula
    /// gets a leading apostrophe (OWASP), which ``unneutralised(_:)`` takes off again when the tool reads its own file.
    public static func field(_ raw: String) -> String {
        let s = raw.first.map { formulaStarts.contains($0) } == true ? "'" + raw : raw
        return s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A value read back from a file this tool wrote: the apostrophe put before a formula character is removed.
    package static func unneutralised(_ s: String) -> String {
        guard s.count >= 2, s.first == "'", let second = s.dropFirst().first, formulaStarts.contains(second) else { return s }
        return String(s.dropFirst())
    }

    /// One line of fields, with the line break.
    package static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ";") + "\n" }

    public static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map(line).joined()
    }

    /// Writes a CSV file readable by the owner only (it may hold personal data).
    public static func write(path: String, header: [String], rows: [[String]]) throws {
        try writeOwnerOnly(render(header: header, rows: rows), to: path)
    }

    /// Writes any output file (CSV, HTML, lists) with mode 0600, replacing an older one only once it is complete.
    public static func writeOwnerOnly(_ text: String, to path: String) throws {
        try OutputFile.write(text, to: path)
    }
}
