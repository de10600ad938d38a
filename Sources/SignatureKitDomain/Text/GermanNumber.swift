import Foundation

/// Numbers as Germans write them: decimal comma.
public enum GermanNumber {
    /// `53.3333` with 2 digits → `53,33`.
    public static func format(_ value: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",")
    }
}
