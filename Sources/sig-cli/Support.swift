import Foundation
import SignatureKit

/// Encodes a value as pretty, stable JSON.
func jsonString<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Pads a string to a width (for terminal tables).
func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}

/// Prints what happened to one sheet, without personal data.
func describe(_ outcome: RecordOutcome) -> [String] {
    switch outcome {
    case .alreadyPresent(let sheet):
        return ["\(sheet): bereits mit gleichem Inhalt erfasst, nichts geändert."]
    case .conflict(let sheet):
        return ["\(sheet): Nummer ist bereits mit anderem Inhalt erfasst; nichts überschrieben. Formblatt-Nummer prüfen."]
    case .stored(let sheet, let findings, let dups):
        var lines: [String] = []
        let errors = findings.filter { $0.severity == .error }
        if errors.isEmpty && !dups.contains(where: { $0.kind == .duplicate }) {
            lines.append("\(sheet): gespeichert – kann zählen.")
        } else {
            lines.append("\(sheet): gespeichert – zählt NICHT.")
        }
        for f in findings {
            lines.append("  \(f.severity == .error ? "Fehler" : "Hinweis") [\(f.code)]: \(f.message) (\(f.basis))")
        }
        for d in dups {
            let what: String
            switch d.kind {
            case .duplicate: what = "Doppelt: dieselbe Person wie \(d.otherSheet) für denselben Wahlvorschlag – zählt einmal"
            case .possibleDuplicate: what = "Möglicherweise doppelt mit \(d.otherSheet) – wartet auf Prüfung (sig-cli review)"
            case .conflict: what = "Konflikt: dieselbe Person hat auch \(d.otherNomination) unterstützt (\(d.otherSheet))"
            case .possibleConflict: what = "Möglicher Konflikt mit \(d.otherSheet) (\(d.otherNomination)) – wartet auf Prüfung"
            }
            lines.append("  \(what): \(d.reasons.joined(separator: ", ")).")
        }
        return lines
    }
}
