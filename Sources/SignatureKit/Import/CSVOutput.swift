import Foundation

/// Writes `;`-separated UTF-8 CSV as German spreadsheets open it.
public enum CSVOutput {
    /// Quotes a field when it holds the separator, a quote or a line break.
    public static func field(_ s: String) -> String {
        s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// One line of fields, with the line break.
    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ";") + "\n" }

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
