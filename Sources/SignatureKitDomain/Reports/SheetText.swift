/// German text for one sheet and for one review case, as `show` and `review` print them.
extension SheetDetail {
    /// The sheet, its status, findings and history; with `signer`, the personal data read through the gate.
    public func germanLines(signer: SignerData? = nil) -> [String] {
        var lines = ["Formblatt \(sheet) – \(nomination?.germanLabel ?? "?")"]
        lines.append("Status: \(status.germanName)" + (rejectReason.map { " (\($0.germanName))" } ?? ""))
        lines.append(
            "Unterschrieben am: \(signedOn?.german ?? "?"), gesammelt von \(collector.escapedForTerminal), erfasst von \(enteredBy.escapedForTerminal)"
        )
        if let w = addressWard {
            lines.append("Anschrift laut Straßenverzeichnis: Wahlbezirk \(w)" + (addressDistrict.map { ", Stadtbezirk \($0)" } ?? ""))
        }
        if let s = signer {
            lines.append("Name: \(s.fullName.escapedForTerminal), geb. \(s.birthDate?.german ?? "")")
            lines.append("Anschrift: \("\(s.street) \(s.houseNumber), \(s.postalCode) \(s.city)".escapedForTerminal)")
        }
        for f in findings { lines.append("\(f.severity.germanName) [\(f.code)]: \(f.message) (\(f.basis))") }
        for h in history {
            let when = CalendarDay(parsing: String(h.at.prefix(10)))?.german ?? h.at
            lines.append(
                "Status \(h.from.germanName) → \(h.to.germanName)" + (h.reason.map { " (\($0.germanName))" } ?? "")
                    + " am \(when) durch \(h.by.escapedForTerminal)")
        }
        for c in corrections { lines.append((c.afterCertification ? "Achtung: " : "") + c.german.escapedForTerminal) }
        return lines
    }
}

extension ReviewCase {
    /// The case in German; with `signers`, the names to compare, read through the gate.
    public func germanLines(signers: [SignerData] = []) -> [String] {
        var lines = [
            "Prüffall \(id) (\(kind.germanName), Ähnlichkeit \(GermanNumber.format(score))): \(first.sheet) [\(first.nomination)] ↔ \(second.sheet) [\(second.nomination)]",
            "  Gründe: \(reasons)",
        ]
        for s in signers {
            let text = "\(s.fullName), geb. \(s.birthDate?.german ?? ""), \(s.street) \(s.houseNumber)"
            lines.append("  \(s.sheet): \(text.escapedForTerminal)")
        }
        return lines
    }
}
