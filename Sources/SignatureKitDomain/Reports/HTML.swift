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
                .note{color:#555;font-size:.9em}
        .s-erreicht{color:#1a7f37}.s-auf-kurs{color:#0a6a8a}.s-gefaehrdet{color:#9a6700}.s-zurueck{color:#b42318;font-weight:bold}
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
    /// The colours of the charts: valid, pending and the track differ by at least 3:1 from each other (WCAG 1.4.11);
    /// the status words are text colours of at least 4.5:1 on white.
    static let chartCSS = """
        .summary{font-size:1.05rem;font-weight:bold}
        .legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:13px;margin:.4rem 0;padding:0;list-style:none}
        .legend li{display:flex;align-items:center;gap:.35rem}
        .sw{display:inline-block;width:14px;height:14px;border:1px solid #6b7280}
        .sw-valid{background:#0b3d20;border-color:#0b3d20}.sw-pending{background:#4f8fcf;border-color:#4f8fcf}
        .sw-quota{width:0;border:0;border-left:2px dashed #b42318;height:16px}.sw-target{width:16px;border:0;border-top:2px dashed #222;height:0}
        .sw-own{width:0;border:0;border-left:2px dashed #9a6700;height:16px}.sw-legal{width:0;border:0;border-left:2px solid #b42318;height:16px}
        .cards{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.5rem}
        .card{border:1px solid #d0d7de;border-radius:6px;padding:.45rem .6rem;font-size:14px;break-inside:avoid}
        .card-head{display:flex;justify-content:space-between;gap:.5rem;font-weight:bold}
        .bar{position:relative;height:16px;border:1px solid #6b7280;background:#fff;margin:.35rem 0;display:flex}
        .bar .valid{background:#0b3d20;height:100%}.bar .pending{background:#4f8fcf;height:100%}
        .bar .quota{position:absolute;top:-3px;bottom:-3px;border-left:2px dashed #b42318}
        .bar .over{position:absolute;right:2px;top:-1px;color:#fff;font-size:12px;font-weight:bold}
        .figures{font-size:13px;color:#333}
        .curve{position:relative;height:240px;margin:1.4rem .5rem 2.4rem 2.8rem;border-left:1px solid #6b7280;border-bottom:1px solid #6b7280}
        .curve svg{position:absolute;inset:0;width:100%;height:100%;overflow:visible}
        .curve .lbl{position:absolute;font-size:12px;white-space:nowrap;line-height:1.1}
        .curve .y{left:-.4rem;transform:translate(-100%,-50%)}
        .curve .x{top:100%;margin-top:.3rem;transform:translateX(-50%)}
        .curve .x.end{transform:translateX(-100%)}.curve .x.start{transform:none}
        .curve .tag{transform:translate(.3rem,-120%);background:#fff;padding:0 .15rem}
        .curve .tag.left{transform:translate(calc(-100% - .4rem),-50%)}
        .s-erreicht{color:#1a7f37}.s-auf-kurs{color:#0a6a8a}.s-gefaehrdet{color:#9a6700}.s-zurueck,.s-verfehlt{color:#b42318;font-weight:bold}
        @media print{.wrap{overflow:visible}table{font-size:8.5px}th,td{padding:.1rem .2rem}.cards{grid-template-columns:repeat(3,1fr)}
          .card{font-size:10px;padding:.2rem .35rem}.figures{font-size:9.5px}.bar{height:10px}.curve{height:170px}.curve .lbl{font-size:9px}}
        """

    /// "Beim jetzigen Tempo verfehlen 3 von 36 Wahlvorschlägen ihr Ziel: …", after the deadline who missed the quota.
    public static func summarySentence(_ r: ProgressReport) -> String {
        if r.afterDeadline {
            let missed = r.nominations.filter { $0.status == .missed }
            return missed.isEmpty
                ? "Frist abgelaufen: alle Wahlvorschläge haben ihr Soll erreicht."
                : "Frist abgelaufen: \(missed.count) von \(r.nominations.count) Wahlvorschlägen haben ihr Soll verfehlt: "
                    + missed.map(\.label).joined(separator: ", ") + "."
        }
        let missing = r.byRisk.filter(\.willMissTarget)
        if missing.isEmpty { return "Alle Wahlvorschläge erreichen beim jetzigen Tempo ihr Ziel." }
        let named = missing.prefix(6).map(\.label).joined(separator: ", ") + (missing.count > 6 ? " und \(missing.count - 6) weitere" : "")
        return "Beim jetzigen Tempo verfehlen \(missing.count) von \(r.nominations.count) Wahlvorschlägen ihr Ziel: \(named)."
    }

    /// One self-contained page (no scripts): the summary, a card per nomination on one scale (share of its target),
    /// the cumulative curve with its axes, deadlines and forecast, and the whole table (every column also on A4).
    public static func html(_ r: ProgressReport, controls: String? = nil) -> String {
        var body = "<h1>\(HTML.escape(r.electionName)): Stand der Unterstützungs\u{AD}unterschriften</h1>"
        body += "<p class=\"summary\">\(HTML.escape(summarySentence(r)))</p>"
        body +=
            "<p>Stand \(r.asOf.german). Einreichungsfrist \(HTML.escape(r.legalDeadline)); eigene Frist \(r.campaignDeadline.german), \(r.campaignDeadlineText). "
        body += "\(HTML.escape(rateSentence(r))).</p>"
        for note in notes(r, interactive: controls != nil) { body += "<p class=\"note\">\(HTML.escape(note))</p>" }
        if let controls { body += controls }
        let rows = r.byRisk
        body += "<h2>Je Wahlvorschlag</h2>"
        body +=
            "<ul class=\"legend\"><li><span class=\"sw sw-valid\"></span>gültig</li><li><span class=\"sw sw-pending\"></span>offen</li><li><span class=\"sw sw-quota\"></span>Soll</li><li>Balkenende = Ziel (Soll + \(percent(r.margin)))</li></ul>"
        body += "<ol class=\"cards\">"
        for n in rows {
            // One scale for all: the share of the nomination's own target (a full bar is the target).
            let share = { (v: Int) in n.target > 0 ? min(100, 100 * Double(v) / Double(n.target)) : 100 }
            let valid = share(n.valid)
            let pending = min(100 - valid, share(n.pending))
            body += "<li class=\"card\"><div class=\"card-head\"><span>\(HTML.escape(n.label))</span>"
            body += "<span class=\"\(HTML.statusClass(n.status))\">\(n.status.rawValue)</span></div>"
            body +=
                "<div class=\"bar\" role=\"img\" aria-label=\"\(n.valid) gültig, \(n.pending) offen, Ziel \(n.target)\"><span class=\"valid\" style=\"width:\(format(valid))%\"></span><span class=\"pending\" style=\"width:\(format(pending))%\"></span>"
            if n.target > 0 { body += "<span class=\"quota\" style=\"left:\(format(share(n.required)))%\"></span>" }
            if n.valid + n.pending > n.target { body += "<span class=\"over\">+\(n.valid + n.pending - n.target)</span>" }
            body += "</div><div class=\"figures\">gültig <b>\(n.valid)</b> · offen \(n.pending) · Soll \(n.required) · Ziel \(n.target)"
            body += n.missing > 0 ? " · fehlt \(n.missing)" : ""
            body += "</div></li>"
        }
        body += "</ol>"
        body += "<h2 id=\"verlauf\">Verlauf</h2>" + curve(r)
        body +=
            "<h2>Tabelle</h2><div class=\"wrap\"><table><thead><tr><th>Wahlvorschlag</th><th>Soll</th><th>Ziel</th><th>erfasst</th><th>gültig</th><th>offen</th><th>Regelfehler</th><th>abgelehnt</th><th>verloren</th><th>doppelt</th><th>Prognose</th><th>fehlt</th><th>Tempo/Tag</th><th>nötig/Tag</th><th>Status</th></tr></thead><tbody>"
        for n in rows + [r.totals] {
            body +=
                "<tr><td>\(HTML.escape(n.label))</td><td>\(n.required)</td><td>\(n.target)</td><td>\(n.entered)</td><td>\(n.valid)</td><td>\(n.pending)</td><td>\(n.invalid)</td><td>\(n.rejected)</td><td>\(n.lost)</td><td>\(n.duplicates)</td><td>\(n.projected)</td><td>\(n.missing)</td><td>\(number(n.pace))</td><td>\(number(n.neededPace))</td><td class=\"\(HTML.statusClass(n.status))\">\(n.status.rawValue)</td></tr>"
        }
        body += "</tbody></table></div>"
        body +=
            "<p class=\"note\">Regelfehler = offen mit Regelfehler (zählt nicht); Prognose = gültig + offen × vorsichtige Quote; Tempo = erfasste Formblätter je Tag bisher; nötig = je Tag bis zur eigenen Frist für das Ziel.</p>"
        return HTML.page(title: "Fortschritt \(r.electionName)", body: body, extraCSS: chartCSS)
    }

    static func format(_ x: Double) -> String { String(format: "%.1f", x) }

    /// The cumulative count of usable sheets per signing day against the total target, with the axes, both deadlines
    /// and the forecast at the current pace to the campaign's own deadline. Lines are SVG scaled to the box; every
    /// label is HTML text, so it keeps its size on a phone.
    static func curve(_ r: ProgressReport) -> String {
        guard let first = r.daily.first?.day else { return "<p>Noch keine Formblätter.</p>" }
        let end = max(r.legalDeadlineDay, r.campaignDeadline, r.asOf)
        let days = Double(max(1, first.days(until: end)))
        let target = r.totals.target
        let total = r.daily.reduce(0) { $0 + $1.count }
        let forecastDays = max(0, r.asOf.days(until: r.campaignDeadline))
        let forecast = total + Int((r.totals.pace * Double(forecastDays)).rounded(.down))
        let maxY = Double(max(target, total, forecast, 1)) * 1.05
        let x = { (day: CalendarDay) in 100 * Double(first.days(until: day)) / days }
        let y = { (v: Int) in 100 - 100 * Double(v) / maxY }
        var points: [String] = []
        var cumulative = 0
        for (day, count) in r.daily where day <= r.asOf {
            cumulative += count
            points.append("\(format(x(day))),\(format(y(cumulative)))")
        }
        let now = min(x(r.asOf), 100)
        var svg =
            "<svg viewBox=\"0 0 100 100\" preserveAspectRatio=\"none\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\">"
        let line = { (x1: Double, y1: Double, x2: Double, y2: Double, style: String) in
            "<line x1=\"\(format(x1))\" y1=\"\(format(y1))\" x2=\"\(format(x2))\" y2=\"\(format(y2))\" vector-effect=\"non-scaling-stroke\" \(style)/>"
        }
        svg += line(0, y(target), 100, y(target), "stroke=\"#222\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"")
        svg += line(x(r.legalDeadlineDay), 0, x(r.legalDeadlineDay), 100, "stroke=\"#b42318\" stroke-width=\"2\"")
        svg += line(x(r.campaignDeadline), 0, x(r.campaignDeadline), 100, "stroke=\"#9a6700\" stroke-width=\"2\" stroke-dasharray=\"4,3\"")
        if !r.afterDeadline && forecastDays > 0 {
            svg += line(now, y(total), x(r.campaignDeadline), y(forecast), "stroke=\"#4f8fcf\" stroke-width=\"2.5\" stroke-dasharray=\"5,4\"")
        }
        svg +=
            "<polyline fill=\"none\" stroke=\"#0b3d20\" stroke-width=\"3\" vector-effect=\"non-scaling-stroke\" points=\"\(points.joined(separator: " "))\"/></svg>"
        let label = { (cls: String, left: Double?, top: Double?, text: String) in
            "<span class=\"lbl \(cls)\" style=\"\(left.map { "left:\(format($0))%;" } ?? "")\(top.map { "top:\(format($0))%;" } ?? "")\">\(HTML.escape(text))</span>"
        }
        var out =
            "<ul class=\"legend\"><li><span class=\"sw sw-valid\"></span>gültig oder offen (Doppelte einmal), bisher</li><li><span class=\"sw sw-pending\"></span>Prognose beim jetzigen Tempo</li><li><span class=\"sw sw-target\"></span>Ziel \(target)</li><li><span class=\"sw sw-own\"></span>eigene Frist \(r.campaignDeadline.german)</li><li><span class=\"sw sw-legal\"></span>Einreichungsfrist \(r.legalDeadlineDay.german)</li></ul>"
        out +=
            "<div class=\"curve\" role=\"img\" aria-label=\"Verlauf: \(total) bis \(r.asOf.german), Ziel \(target), Prognose \(forecast) zur eigenen Frist\">"
        out += svg
        for v in [0, target / 2, target] { out += label("y", nil, y(v), "\(v)") }
        out += label("tag", 0, y(target), "Ziel \(target)")
        if !r.afterDeadline && forecastDays > 0 { out += label("tag left", x(r.campaignDeadline), y(forecast), "Prognose \(forecast)") }
        out += label("x start", 0, nil, first.german)
        out += label("x end", 100, nil, end.german)
        out += "</div>"
        out +=
            "<p class=\"note\">Bis \(r.asOf.german): \(total) Formblätter (gültig oder offen). Senkrecht: eigene Frist \(r.campaignDeadline.german) (gestrichelt) und Einreichungsfrist \(r.legalDeadlineDay.german).</p>"
        return out
    }
}

extension CampaignProfile {
    /// The sender block of letters and lists, escaped for HTML; empty when nothing is set.
    public var senderHTML: String {
        let lines = [group, address, contact.isEmpty ? "" : "Ansprechperson: \(contact)"].filter { !$0.isEmpty }
        guard !lines.isEmpty else { return "" }
        return "<p class=\"sender\">" + lines.map(HTML.escape).joined(separator: "<br>") + "</p>"
    }
}
