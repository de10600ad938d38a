import Foundation

/// The papers for the board: the certified sheets per nomination with counts and open problems.
public struct SubmissionList: Sendable {
    public struct Entry: Sendable {
        public var sheet: String
        public var signedOn: CalendarDay?
        public var name: String?
    }
    public struct Section: Sendable {
        public var nomination: NominationID
        public var required: Int
        public var certified: [Entry]
        public var pending: Int
        public var problems: [String]
        public var enough: Bool { certified.count >= required }
    }
    public var electionName: String
    public var deadline: String
    public var created: CalendarDay
    public var sections: [Section]
    public var includesNames: Bool
    /// Who submits (the voter group) and each nomination's candidate.
    public var profile = CampaignProfile()
}

extension SubmissionList {
    /// The submission list through the campaign's ports (any backend); names only with `includeNames`, read through
    /// the privacy gate.
    public static func load(
        from backend: any CampaignBackend, nomination: NominationID? = nil, includeNames: Bool = false, today: CalendarDay, by actor: Actor
    ) async throws -> SubmissionList {
        let election = backend.election
        let targets = try targets(nomination, election: election)
        var data: [NominationID: SubmissionData] = [:]
        var names: [String: String] = [:]
        for n in targets {
            let d = try await backend.submission(for: n)
            data[n] = d
            if includeNames {
                for signer in try await backend.signers(d.certified.map(\.sheet), purpose: .submissionList, by: actor) {
                    names[signer.sheet] = signer.fullName
                }
            }
        }
        return SubmissionList(
            election: election, data: data, targets: targets, names: includeNames ? names : nil, today: today,
            profile: try await backend.campaignProfile())
    }

    /// The nominations a list covers: one (checked) or all of the campaign's.
    static func targets(_ nomination: NominationID?, election: Election) throws -> [NominationID] {
        let targets = nomination.map { [election.canonical($0)] } ?? election.nominations
        for n in targets where !election.contains(n) { throw SignatureKitError.nominationUnknown(n.description) }
        return targets
    }

    /// The list from what a backend loaded: the same for every backend.
    init(
        election: Election, data: [NominationID: SubmissionData], targets: [NominationID], names: [String: String]?, today: CalendarDay,
        profile: CampaignProfile
    ) {
        let sections = targets.compactMap { n -> Section? in
            guard let d = data[n] else { return nil }
            let entries = d.certified.map { Entry(sheet: $0.sheet, signedOn: $0.signedOn, name: names?[$0.sheet]) }
            return Section(
                nomination: n, required: election.required(for: n), certified: entries, pending: d.counts.pending, problems: Self.problems(d))
        }
        self.init(
            electionName: election.name, deadline: election.deadlineText, created: today, sections: sections, includesNames: names != nil,
            profile: profile)
    }
}

extension SubmissionList {
    /// The open points of one nomination, in German.
    static func problems(_ d: SubmissionData) -> [String] {
        var problems: [String] = []
        if d.counts.pending > 0 { problems.append("\(d.counts.pending) Formblätter noch ohne Bescheinigung") }
        if d.counts.invalid > 0 { problems.append("\(d.counts.invalid) Formblätter mit Regelfehler (zählen nicht)") }
        if d.conflicts > 0 { problems.append("\(d.conflicts) Unterzeichner auch auf einem anderen Wahlvorschlag derselben Art") }
        if d.openReviews > 0 { problems.append("\(d.openReviews) mögliche Doppelungen ungeprüft") }
        if d.certifiedWithError > 0 { problems.append("\(d.certifiedWithError) bescheinigte Formblätter mit Regelfehler") }
        return problems
    }
}

/// Renders the submission list: HTML (the single source), CSV; PDF is printed from the HTML.
public enum SubmissionRenderer {
    public static func html(_ list: SubmissionList) -> String {
        var body = "<section>" + list.profile.senderHTML + "<h1>Einreichung der Unterstützungsunterschriften</h1>"
        body += "<p>\(HTML.escape(list.electionName)) – Einreichungsfrist \(HTML.escape(list.deadline)). Erstellt am \(list.created.german).</p>"
        body +=
            "<table><thead><tr><th>Wahlvorschlag</th><th>erforderlich</th><th>bescheinigt</th><th>offen</th><th>ausreichend</th></tr></thead><tbody>"
        for s in list.sections {
            body +=
                "<tr><td>\(HTML.escape(s.nomination.germanLabel))</td><td>\(s.required)</td><td>\(s.certified.count)</td><td>\(s.pending)</td><td>\(s.enough ? "ja" : "NEIN")</td></tr>"
        }
        let total = list.sections.reduce(0) { $0 + $1.certified.count }
        body +=
            "<tr><td><b>Gesamt</b></td><td>\(list.sections.reduce(0) { $0 + $1.required })</td><td><b>\(total)</b></td><td>\(list.sections.reduce(0) { $0 + $1.pending })</td><td></td></tr>"
        body += "</tbody></table>"
        body += signatureBlock() + "</section>"
        for s in list.sections {
            body += "<section class=\"pagebreak\"><h2>Einreichungsliste \(HTML.escape(s.nomination.germanLabel))</h2>"
            if !list.profile.group.isEmpty { body += "<p>Wahlvorschlag der \(HTML.escape(list.profile.group))</p>" }
            if let candidate = list.profile.candidates[s.nomination.description], !candidate.isEmpty {
                body += "<p>Bewerber/in: <b>\(HTML.escape(candidate))</b></p>"
            }
            body +=
                "<p>Bescheinigte Unterstützungsunterschriften: <b>\(s.certified.count)</b> von erforderlich <b>\(s.required)</b> – \(s.enough ? "ausreichend" : "NICHT ausreichend").</p>"
            if !s.problems.isEmpty {
                body += "<p><b>Offene Punkte:</b></p><ul>" + s.problems.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
            }
            body +=
                "<table><thead><tr><th>Nr.</th><th>Formblatt</th><th>unterschrieben am</th>\(list.includesNames ? "<th>Name</th>" : "")</tr></thead><tbody>"
            for (i, e) in s.certified.enumerated() {
                body +=
                    "<tr><td>\(i + 1)</td><td>\(HTML.escape(e.sheet))</td><td>\(e.signedOn?.german ?? "")</td>\(e.name.map { "<td>\(HTML.escape($0))</td>" } ?? "")</tr>"
            }
            body += "</tbody></table>" + signatureBlock() + "</section>"
        }
        let css = """
            @page{@bottom-center{content:"Seite " counter(page) " von " counter(pages);font-size:9pt}}
            .sign{margin-top:2rem;display:flex;gap:3rem}.sign div{border-top:1px solid #222;padding-top:.2rem;min-width:14rem}
            th,td{text-align:left}
            """
        return HTML.page(title: "Einreichungsliste \(list.electionName)", body: body, extraCSS: css)
    }

    static func signatureBlock() -> String {
        "<div class=\"sign\"><div>Ort, Datum</div><div>Unterschrift Vorstand</div><div>Unterschrift Vorstand</div></div>"
    }

    public static func csv(_ list: SubmissionList) -> String {
        var rows: [[String]] = []
        for s in list.sections {
            for e in s.certified {
                rows.append([s.nomination.description, e.sheet, e.signedOn?.german ?? ""] + (list.includesNames ? [e.name ?? ""] : []))
            }
        }
        return CSVOutput.render(header: ["Wahlvorschlag", "Formblatt", "unterschrieben am"] + (list.includesNames ? ["Name"] : []), rows: rows)
    }
}

/// Prints HTML to an A4 PDF with headless Chromium (from Debian's packages).
public enum PDFPrinter {
    /// The Chromium binary, if one is installed.
    public static func findEngine() -> String? {
        let env = ProcessInfo.processInfo.environment["SIG_CHROMIUM"]
        let candidates = [env, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Writes `html` as a PDF to `output`.
    ///
    /// The HTML (it may hold names) goes to a private temporary folder that is removed afterwards, also when the
    /// program is stopped with Ctrl-C or SIGTERM; the PDF replaces `output` only when it is complete.
    ///
    /// - Throws: ``SignatureKitError/noRenderer(_:)`` in German when no engine is found or printing fails.
    public static func print(html: String, to output: String) throws {
        guard let engine = findEngine() else {
            throw SignatureKitError.noRenderer(
                "Kein PDF-Programm gefunden (Chromium). `apt-get install chromium` ausführen oder --format html verwenden und im Browser drucken.")
        }
        try OutputFile.checkWritable(output)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sig-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let process = Process()
        let cleanup = SignalCleanup(folder: dir.path, process: process)
        defer {
            cleanup.cancel()
            try? FileManager.default.removeItem(at: dir)
        }
        let input = dir.appendingPathComponent("list.html")
        guard FileManager.default.createFile(atPath: input.path, contents: Data(html.utf8), attributes: [.posixPermissions: 0o600])
        else { throw SignatureKitError.ioFailure(path: input.path, reason: "Zwischendatei kann nicht geschrieben werden.") }
        let pdf = dir.appendingPathComponent("list.pdf")
        process.executableURL = URL(fileURLWithPath: engine)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            "--print-to-pdf=\(pdf.path)", input.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: pdf.path), !data.isEmpty else {
            throw SignatureKitError.noRenderer(
                "PDF konnte nicht erzeugt werden (Chromium Exit \(process.terminationStatus)); --format html verwenden.")
        }
        let file = try OutputFile(path: output)
        try file.append(data)
        try file.commit()
    }
}

/// While a temporary folder with names exists: on SIGINT or SIGTERM, stop the child process, remove the folder,
/// and exit with the signal's code (130 or 143).
final class SignalCleanup: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]

    init(folder: String, process: Process) {
        let queue = DispatchQueue(label: "sig-cleanup")
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if process.isRunning { process.terminate() }
                try? FileManager.default.removeItem(atPath: folder)
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for s in sources { s.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
