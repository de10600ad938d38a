import Foundation

/// Writes `;`-separated UTF-8 CSV as German spreadsheets open it.
public enum CSVOutput {
    /// Quotes a field when it holds the separator, a quote or a line break.
    public static func field(_ s: String) -> String {
        s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    public static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ";") }.joined(separator: "\n") + "\n"
    }

    /// Writes the file; `ownerOnly` for files with personal data (mode 0600).
    public static func write(path: String, header: [String], rows: [[String]], ownerOnly: Bool) throws {
        let data = Data(render(header: header, rows: rows).utf8)
        let attributes: [FileAttributeKey: Any]? = ownerOnly ? [.posixPermissions: 0o600] : nil
        if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: attributes) else {
            throw SignatureKitError.ioFailure(path: path, reason: "Datei kann nicht geschrieben werden.")
        }
    }
}
