/// Small helpers for the self-contained HTML pages (no scripts, no external fonts).
public enum HTML {
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A complete page with print styles for A4.
    public static func page(title: String, body: String, extraCSS: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="de"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body{font-family:"DejaVu Sans",Arial,sans-serif;margin:1.5rem;color:#222;font-size:14px}
        h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.5rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0}
        th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:right}
        th:first-child,td:first-child{text-align:left}
        thead{display:table-header-group}
        tr{page-break-inside:avoid}
        .s-erreicht{color:#1a7f37}.s-auf-kurs{color:#0a6a8a}.s-gefaehrdet{color:#9a6700}.s-zurueck{color:#b42318;font-weight:bold}
        .note{color:#555;font-size:.9em}
        .wrap{overflow-x:auto}
        svg{max-width:100%;height:auto}
        @page{size:A4;margin:15mm 12mm 18mm 12mm}
        @media print{body{margin:0;font-size:11px}.pagebreak{page-break-before:always}}
        \(extraCSS)
        </style></head><body>
        \(body)
        </body></html>
        """
    }

    static func statusClass(_ s: ProgressStatus) -> String {
        switch s {
        case .reached: "s-erreicht"
        case .onTrack: "s-auf-kurs"
        case .atRisk: "s-gefaehrdet"
        case .behind, .missed: "s-zurueck"
        }
    }
}

extension ProgressRenderer {
    /// One self-contained page: a bar chart per nomination, the cumulative curve against the target line, the table.
    public static func html(_ r: ProgressReport) -> String {
        var body = "<h1>\(HTML.escape(r.electionName)): Stand der Unterstützungsunterschriften</h1>"
        body +=
            "<p>Stand \(r.asOf.german). Einreichungsfrist \(HTML.escape(r.legalDeadline)); eigene Frist \(r.campaignDeadline.german), \(r.campaignDeadlineText). "
        body += "\(HTML.escape(rateSentence(r))).</p>"
        for note in notes(r) { body += "<p class=\"note\">\(HTML.escape(note))</p>" }
        // Bars: valid (green), pending (grey) against the target (line) and the quota (dashed).
        let rows = r.byRisk
        // Each bar is scaled to its own target, so a ward (10) and the mayor (290) read the same way.
        let rowH = 18
        let labelW = 190
        let chartW = 480
        var svg =
            "<svg viewBox=\"0 0 \(labelW + chartW + 130) \(rows.count * rowH + 10)\" role=\"img\" aria-label=\"Fortschritt je Wahlvorschlag\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">"
        for (i, n) in rows.enumerated() {
            let y = i * rowH + 4
            let maxValue = max(1, n.target, n.valid + n.pending)
            let scale = { (v: Int) in Double(chartW) * Double(v) / Double(maxValue) }
            svg += "<text x=\"0\" y=\"\(y + 12)\">\(HTML.escape(n.label))</text>"
            svg += "<rect x=\"\(labelW)\" y=\"\(y)\" width=\"\(scale(n.valid))\" height=\"14\" fill=\"#2da44e\"/>"
            svg += "<rect x=\"\(Double(labelW) + scale(n.valid))\" y=\"\(y)\" width=\"\(scale(n.pending))\" height=\"14\" fill=\"#afb8c1\"/>"
            svg +=
                "<line x1=\"\(Double(labelW) + scale(n.required))\" x2=\"\(Double(labelW) + scale(n.required))\" y1=\"\(y - 1)\" y2=\"\(y + 15)\" stroke=\"#b42318\" stroke-dasharray=\"2,2\"/>"
            svg +=
                "<line x1=\"\(Double(labelW) + scale(n.target))\" x2=\"\(Double(labelW) + scale(n.target))\" y1=\"\(y - 1)\" y2=\"\(y + 15)\" stroke=\"#222\"/>"
            svg +=
                "<text x=\"\(labelW + chartW + 6)\" y=\"\(y + 12)\" class=\"\(HTML.statusClass(n.status))\">\(n.valid)/\(n.required) \(n.status.rawValue)</text>"
        }
        svg += "</svg>"
        body +=
            "<h2>Je Wahlvorschlag</h2><p class=\"note\">Je Zeile im Verhältnis zum eigenen Ziel: grün gültig, grau offen, rot gestrichelt Soll, schwarz Ziel mit Sicherheitszuschlag.</p><div class=\"wrap\">\(svg)</div>"
        body += "<h2>Verlauf</h2>" + cumulativeSVG(r)
        body +=
            "<h2>Tabelle</h2><div class=\"wrap\"><table><thead><tr><th>Wahlvorschlag</th><th>Soll</th><th>Ziel</th><th>erfasst</th><th>gültig</th><th>offen</th><th>Regelfehler</th><th>abgelehnt</th><th>verloren</th><th>doppelt</th><th>Prognose</th><th>fehlt</th><th>Tempo/Tag</th><th>nötig/Tag</th><th>Status</th></tr></thead><tbody>"
        for n in rows + [r.totals] {
            body +=
                "<tr><td>\(HTML.escape(n.label))</td><td>\(n.required)</td><td>\(n.target)</td><td>\(n.entered)</td><td>\(n.valid)</td><td>\(n.pending)</td><td>\(n.invalid)</td><td>\(n.rejected)</td><td>\(n.lost)</td><td>\(n.duplicates)</td><td>\(n.projected)</td><td>\(n.missing)</td><td>\(number(n.pace))</td><td>\(number(n.neededPace))</td><td class=\"\(HTML.statusClass(n.status))\">\(n.status.rawValue)</td></tr>"
        }
        body += "</tbody></table></div>"
        return HTML.page(title: "Fortschritt \(r.electionName)", body: body)
    }

    /// The cumulative count of usable sheets per day against the total target.
    static func cumulativeSVG(_ r: ProgressReport) -> String {
        guard let first = r.daily.first?.day else { return "<p>Noch keine Formblätter.</p>" }
        let end = max(r.campaignDeadline, r.asOf)
        let days = max(1, first.days(until: end))
        let target = r.nominations.reduce(0) { $0 + $1.target }
        let total = r.daily.reduce(0) { $0 + $1.count }
        let maxY = Double(max(target, total, 1))
        let w = 700.0
        let h = 220.0
        var points: [String] = []
        var cumulative = 0
        for (day, count) in r.daily {
            cumulative += count
            let x = w * Double(first.days(until: day)) / Double(days)
            points.append(String(format: "%.1f,%.1f", x, h - h * Double(cumulative) / maxY))
        }
        let ty = h - h * Double(target) / maxY
        return """
            <svg viewBox="0 -10 \(Int(w) + 120) \(Int(h) + 30)" xmlns="http://www.w3.org/2000/svg" font-size="11" role="img" aria-label="Verlauf">
            <polyline fill="none" stroke="#2da44e" stroke-width="2" points="\(points.joined(separator: " "))"/>
            <line x1="0" x2="\(w)" y1="\(ty)" y2="\(ty)" stroke="#222" stroke-dasharray="4,3"/>
            <text x="\(w + 4)" y="\(ty + 4)">Ziel \(target)</text>
            <line x1="0" x2="\(w)" y1="\(h)" y2="\(h)" stroke="#888"/>
            <text x="0" y="\(h + 16)">\(first.german)</text><text x="\(w - 60)" y="\(h + 16)">\(end.german)</text>
            </svg>
            """
    }
}

/// Numbers as Germans write them: decimal comma.
public enum GermanNumber {
    /// `53.3333` with 2 digits → `53,33`.
    public static func format(_ value: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",")
    }
}
