import Foundation

/// Formats a ``ProgressReport``: terminal table, JSON, CSV and a self-contained HTML page.
public enum ProgressRenderer {
    static func percent(_ x: Double) -> String { String(format: "%.0f %%", x * 100) }
    static func number(_ x: Double?) -> String {
        guard let x else { return "–" }
        return GermanNumber.format(x, digits: 1)
    }

    /// "Bescheinigungsquote bisher 93 % aus 370 Entscheidungen, vorsichtig gerechnet 90 %", or the assumption.
    static func rateSentence(_ r: ProgressReport) -> String {
        r.decided == 0
            ? "Noch keine Rückmeldung des Wahlamts: angenommene Bescheinigungsquote \(percent(r.conservativeRate))"
            : "Bescheinigungsquote bisher \(percent(r.certificationRate)) aus \(r.decided) Entscheidungen, vorsichtig gerechnet \(percent(r.conservativeRate))"
    }

    /// What the reader must know before the numbers: the deadline has passed, ward quotas are unconfirmed.
    static func notes(_ r: ProgressReport, interactive: Bool = false) -> [String] {
        var notes: [String] = []
        if r.afterDeadline {
            notes.append("Frist abgelaufen: es zählen nur bescheinigte und eingereichte Formblätter; Status erreicht oder verfehlt.")
        }
        if r.unconfirmedWardQuotas > 0 {
            notes.append(
                r.cautious
                    ? "Vorsichtige Planung: \(r.cautiousWardQuota) je Wahlbezirk für \(r.unconfirmedWardQuotas) Wahlbezirke ohne Einwohnerzahl."
                    : "Soll unbestätigt: für \(r.unconfirmedWardQuotas) Wahlbezirke fehlen die Einwohnerzahlen (über 10.000 Einwohner: \(r.cautiousWardQuota) statt 10); "
                        + (interactive ? "vorsichtig planen mit dem Schalter unten." : "vorsichtig planen mit --cautious.")
            )
        }
        return notes
    }

    /// A terminal table with a progress bar per nomination, nominations at risk first.
    public static func text(_ r: ProgressReport, color: Bool) -> String {
        var out = "\(r.electionName) – Stand \(r.asOf.german)\n"
        out += "Einreichungsfrist \(r.legalDeadline); eigene Frist \(r.campaignDeadline.german) (\(r.campaignDeadlineText))\n"
        out += rateSentence(r) + "; Sicherheitszuschlag \(percent(r.margin))\n"
        for note in notes(r) { out += note + "\n" }
        out += "\n"
        let header = [
            "Wahlvorschlag", "Soll", "Ziel", "erfasst", "gültig", "offen", "Regelf.", "abgel.", "verl.", "doppelt", "Prognose",
            "fehlt", "Tempo/Tag", "nötig/Tag", "Fortschritt", "Status",
        ]
        let widths = [26, 5, 5, 8, 7, 6, 8, 7, 6, 8, 9, 6, 10, 10, 22, 10]
        out += zip(header, widths).map { $0.rightPad($1) }.joined(separator: " ") + "\n"
        for n in r.byRisk + [r.totals] {
            let filled = n.target > 0 ? min(20, Int(Double(20 * n.valid) / Double(n.target))) : 20
            let pend = n.target > 0 ? min(20 - filled, Int(Double(20 * n.pending) / Double(n.target))) : 0
            let bar =
                String(repeating: "█", count: filled) + String(repeating: "▒", count: pend)
                + String(repeating: "·", count: 20 - filled - pend)
            var status = n.status.rawValue
            if color {
                let code =
                    switch n.status {
                    case .reached: "32"
                    case .onTrack: "36"
                    case .atRisk: "33"
                    case .behind, .missed: "31"
                    }
                status = "\u{1B}[\(code)m\(status)\u{1B}[0m"
            }
            let cells = [
                n.label, "\(n.required)", "\(n.target)", "\(n.entered)", "\(n.valid)", "\(n.pending)", "\(n.invalid)",
                "\(n.rejected)", "\(n.lost)", "\(n.duplicates)", "\(n.projected)", "\(n.missing)", number(n.pace), number(n.neededPace), "[\(bar)]",
                status,
            ]
            if n.id == "total" { out += String(repeating: "-", count: widths.reduce(0, +) + widths.count) + "\n" }
            out += zip(cells, widths).map { $0.rightPad($1) }.joined(separator: " ") + "\n"
        }
        out += "\n" + summarySentence(r) + "\n"
        out +=
            "█ gültig (bescheinigt)  ▒ offen  · fehlt bis zum Ziel; Regelf. = offen mit Regelfehler (zählt nicht), verl. = verloren oder zurückgezogen\n"
        return out
    }

    struct JSONReport: Encodable {
        let asOf: String
        let afterDeadline: Bool
        let unconfirmedWardQuotas: Int
        let cautious: Bool
        let campaignDeadline: String
        let certificationRate: Double
        let conservativeRate: Double
        let nominations: [NominationProgress]
        let totals: NominationProgress
    }

    /// `{"asOf":…, "nominations":[{"id":"ward:12","required":10,…,"status":…}], "totals":{…}}`.
    public static func json(_ r: ProgressReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let value = JSONReport(
            asOf: r.asOf.iso, afterDeadline: r.afterDeadline, unconfirmedWardQuotas: r.unconfirmedWardQuotas, cautious: r.cautious,
            campaignDeadline: r.campaignDeadline.iso,
            certificationRate: (r.certificationRate * 10000).rounded() / 10000,
            conservativeRate: (r.conservativeRate * 10000).rounded() / 10000, nominations: r.nominations, totals: r.totals)
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `;`-separated, decimal comma, as a German spreadsheet opens it.
    public static func csv(_ r: ProgressReport) -> String {
        let header = [
            "Wahlvorschlag", "Bezeichnung", "Soll", "Ziel", "erfasst", "gültig", "offen", "ungültig (Regel)",
            "abgelehnt", "verloren", "doppelt", "Prognose", "fehlt", "Tempo pro Tag", "nötig pro Tag", "Status",
        ]
        let rows = (r.nominations + [r.totals]).map { n in
            [
                n.id, n.label, "\(n.required)", "\(n.target)", "\(n.entered)", "\(n.valid)", "\(n.pending)", "\(n.invalid)",
                "\(n.rejected)", "\(n.lost)", "\(n.duplicates)", "\(n.projected)", "\(n.missing)", number(n.pace),
                number(n.neededPace), n.status.rawValue,
            ]
        }
        return CSVOutput.render(header: header, rows: rows)
    }
}
