/// How serious a finding is.
public enum Severity: String, Sendable, Codable, Comparable {
    /// Someone should look; the sheet can still count.
    case warning
    /// The sheet cannot count.
    case error

    public var germanName: String { self == .error ? "Fehler" : "Warnung" }
    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// One result of a rule: a stable code, a severity, a German message and the legal basis.
///
/// Messages never contain the signer's data, so findings can be printed and logged.
public struct Finding: Sendable, Equatable, Hashable, Codable {
    public var code: String
    public var severity: Severity
    public var message: String
    public var basis: String

    public init(code: String, severity: Severity, message: String, basis: String) {
        self.code = code
        self.severity = severity
        self.message = message
        self.basis = basis
    }
}
