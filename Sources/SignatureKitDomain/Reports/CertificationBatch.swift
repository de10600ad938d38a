/// Sheets ready to be sent to the city for the certificate of voting right (Bescheinigung des Wahlrechts).
public struct CertificationBatch: Sendable {
    public typealias Item = CertificationItem
    public var sheets: [Item]
    public var electionName: String
    /// Who sends it.
    public var profile = CampaignProfile()

    public init(sheets: [Item], electionName: String, profile: CampaignProfile = CampaignProfile()) {
        self.sheets = sheets
        self.electionName = electionName
        self.profile = profile
    }

    /// Items grouped by nomination, in election order.
    public var grouped: [(NominationID, [Item])] {
        Dictionary(grouping: sheets, by: \.nomination).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension CertificationBatch {
    /// The batch through the campaign's ports (any backend).
    public static func load(from backend: any CampaignBackend) async throws -> CertificationBatch {
        CertificationBatch(
            sheets: try await backend.certificationQueue(), electionName: backend.election.name, profile: try await backend.campaignProfile())
    }
}

public enum CertificationBatchRenderer {
    /// The cover letter with the sheet numbers per nomination (no signer's data), from the voter group in the profile,
    /// dated with the campaign's day.
    public static func html(_ b: CertificationBatch, city: String, date: CalendarDay = .today()) -> String {
        var body = b.profile.senderHTML
        body += "<p style=\"text-align:right\">\(HTML.escape(city)), \(date.german)</p><h1>Antrag auf Bescheinigung des Wahlrechts</h1>"
        body += "<p>An die Stadt \(HTML.escape(city)), Wahlamt</p><p>Sehr geehrte Damen und Herren,</p>"
        body +=
            "<p>für die \(HTML.escape(b.electionName)) übersenden wir \(b.sheets.count) Formblätter mit Unterstützungsunterschriften und bitten, das Wahlrecht der Unterzeichnenden zu bescheinigen (KWahlO § 26 Abs. 3). Die Formblätter sind unten nach Wahlvorschlag aufgeführt; bitte geben Sie uns je Formblatt das Ergebnis (bescheinigt oder abgelehnt mit Grund) zurück.</p><p>Mit freundlichen Grüßen</p><div class=\"sign\" style=\"margin-top:2.5rem;border-top:1px solid #222;width:16rem\">Unterschrift Vorstand\(b.profile.signatory.isEmpty ? "" : ": " + HTML.escape(b.profile.signatory))\(b.profile.group.isEmpty ? "" : ", " + HTML.escape(b.profile.group))</div>"
        for (n, items) in b.grouped {
            body +=
                "<h2>\(HTML.escape(n.germanLabel)) (\(items.count))</h2><p>" + items.map { HTML.escape($0.sheet) }.joined(separator: ", ") + "</p>"
        }
        return HTML.page(title: "Bescheinigung des Wahlrechts", body: body)
    }
}
