import ArgumentParser
import SigCommandSupport
import SignatureKit

extension SigCLI {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the database for an election.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Nomination meeting date for every nomination (14.09.2025 or 2025-09-14).")
        var meetingDate: DayArgument?
        @Flag(help: "Encrypt signer data at rest with a passphrase (SIG_PASSPHRASE, --passphrase-file or a prompt).")
        var encrypt = false
        @Flag(help: "Double entry: a sheet counts as entered only when two different people typed it alike.")
        var doubleEntry = false
        @Option(help: "The campaign's own nominations, comma-separated, ranges allowed: ward:1-10,list,mayor (default: all).")
        var nominations: String?

        func run() throws {
            try guarded {
                if options.server.url != nil {
                    throw SignatureKitError.invalidField(
                        field: "--database-url", reason: "auf einem Server legt `sig-cli campaign create ID --election …` eine Kampagne an")
                }
                let election = try ElectionCatalog.load(options.election ?? ElectionCatalog.defaultID)
                let chosen = try nominations.map { try election.nominationList($0) }
                var passphrase: String?
                if encrypt {
                    passphrase = try checkedNewPassphrase(try options.passphrase(prompt: "Neue Passphrase: ", confirm: true))
                }
                let db = try SignatureDatabase.create(
                    at: options.db, election: election, meetingDate: meetingDate?.day("--meeting-date"), passphrase: passphrase,
                    nominations: chosen)
                if doubleEntry {
                    try db.setDoubleEntry(true)
                    print("Doppelerfassung an: jedes Formblatt zählt erst, wenn zwei verschiedene Personen es gleich eingegeben haben.")
                }
                print(
                    "Datenbank \(db.path) für „\(election.name)“ angelegt (nur für den Eigentümer lesbar"
                        + (db.isEncrypted ? "; Namen, Geburtsdaten und Anschriften verschlüsselt)." : ")."))
                print(
                    "Wahltag \(election.day.german), Einreichungsfrist \(election.deadlineText), \(db.election.nominations.count) Wahlvorschläge"
                        + (chosen == nil ? "." : " der Kampagne: \(db.election.nominations.map(db.election.label).joined(separator: ", ")).")
                )
                if meetingDate == nil, let earliest = election.earliestNominationMeeting {
                    print(
                        "Hinweis: kein Datum der Aufstellungsversammlung gesetzt; geprüft wird nur gegen den \(earliest.value.german). "
                            + "Nachtragen: sig-cli meeting --db \(db.path) --date TT.MM.JJJJ [ward:12 list …]")
                }
            }
        }
    }

    struct Meeting: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "meeting",
            abstract: "Set the nomination meeting date of nominations (signatures before it do not count).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "The meeting date (14.09.2025 or 2025-09-14).") var date: DayArgument
        @Argument(help: "Nominations, e.g. ward:12 list mayor district:Nord; none means all.") var nominations: [String] = []

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                let ids = try nominations.isEmpty ? backend.election.nominations : nominations.map(SigCommandSupport.nomination)
                let day = try date.day("--date")
                try await backend.setMeetingDate(day, for: ids, by: terminalActor())
                print("Aufstellungsdatum \(day.german) für \(ids.count) Wahlvorschläge gesetzt; Regeln neu angewandt.")
            }
        }
    }

    struct Nominations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or change the campaign's own nominations (progress, submission and entry know only those).")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "Comma-separated nominations, ranges allowed (ward:1-10,list,mayor); 'alle' for all; none shows them.")
        var list: String?

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                var election = backend.election
                if let list {
                    let chosen =
                        list.lowercased() == "alle" || list.lowercased() == "all"
                        ? nil : try election.nominationList(list, option: "Wahlvorschläge")
                    election = try await backend.chooseNominations(chosen, by: terminalActor())
                }
                let names = election.nominations.map(election.label)
                print(
                    "\(names.count) Wahlvorschläge der Kampagne\(election.campaign == nil ? " (alle der Wahl)" : ""): "
                        + names.joined(separator: ", ") + ".")
            }
        }
    }

    struct Profile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set the campaign's profile: voter group, address, contact, signatory, candidates, public counter.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "The voter group's name (heads the letter and every list).") var group: String?
        @Option(help: "Its postal address.") var address: String?
        @Option(help: "The contact person.") var contact: String?
        @Option(help: "Who signs for the board.") var signatory: String?
        @Option(help: "A nomination's candidate: ward:12=NAME (repeatable; empty NAME removes it).") var candidate: [String] = []
        @Option(help: "The public counter /public/progress: on or off.") var publicProgress: String?

        /// `on`/`an`/`ja` or `off`/`aus`/`nein`; `nil` for anything else.
        static func switchValue(_ text: String) -> Bool? {
            switch text.lowercased() {
            case "on", "an", "ja": true
            case "off", "aus", "nein": false
            default: nil
            }
        }

        func validate() throws {
            if let publicProgress, Self.switchValue(publicProgress) == nil {
                throw ValidationError("Option „--public-progress“: on oder off")
            }
            for item in candidate where !item.contains("=") {
                throw ValidationError("Option „--candidate“: als WAHLVORSCHLAG=NAME angeben, z. B. ward:12=Erika Beispiel")
            }
        }

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                var profile = try await backend.campaignProfile()
                if let group { profile.group = group }
                if let address { profile.address = address }
                if let contact { profile.contact = contact }
                if let signatory { profile.signatory = signatory }
                for item in candidate {
                    let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    guard parts.count == 2, let n = backend.election.nomination(parsing: String(parts[0])) else {
                        throw SignatureKitError.invalidField(
                            field: "--candidate", reason: "als WAHLVORSCHLAG=NAME angeben, z. B. ward:12=Erika Beispiel")
                    }
                    let name = parts[1].trimmingCharacters(in: .whitespaces)
                    profile.candidates[n.description] = name.isEmpty ? nil : name
                }
                if let publicProgress { profile.publicProgress = Self.switchValue(publicProgress) == true }
                let changing = group != nil || address != nil || contact != nil || signatory != nil || !candidate.isEmpty || publicProgress != nil
                if changing { try await backend.setProfile(profile, by: terminalActor()) }
                print("Wählergruppe: \(profile.group.isEmpty ? "–" : profile.group)")
                print("Anschrift: \(profile.address.isEmpty ? "–" : profile.address)")
                print("Ansprechperson: \(profile.contact.isEmpty ? "–" : profile.contact)")
                print("Unterschrift für den Vorstand: \(profile.signatory.isEmpty ? "–" : profile.signatory)")
                for (code, name) in profile.candidates.sorted(by: { $0.key < $1.key }) {
                    print("Bewerber/in \(NominationID(code).map(backend.election.label) ?? code): \(name)")
                }
                print("Öffentlicher Zähler (/public/progress): \(profile.publicProgress ? "an" : "aus")")
            }
        }
    }

    struct Streets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the city's street directory (street;from;to;parity;ward;district, or votemanager's opendata-strassen.csv).")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "For votemanager's Bezirk-Nr: polling_district;ward (Stimmbezirk;Wahlbezirk).") var pollingDistricts: String?

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                let reading = try await StreetDirectory.load(file, into: backend, pollingDistricts: pollingDistricts, by: terminalActor())
                if reading.latin1 { print("Hinweis: Die Datei ist nicht UTF-8; sie wurde als ISO-8859-1 gelesen.") }
                if reading.pollingDistrictTakenAsWard {
                    print("Hinweis: Bezirk-Nr ist ein Stimmbezirk; ohne --polling-districts DATEI wurde sie als Wahlbezirk genommen.")
                }
                print("Straßenverzeichnis: \(reading.entries.count) Einträge geladen; alle Formblätter neu geprüft.")
            }
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the signers' personal data after the election; sheet numbers, statuses and counts stay.")
        @OptionGroup var options: DatabaseOptions
        @Flag(help: "Really delete (without it, only say what would be deleted).") var confirm = false
        @Flag(help: "Delete even before the end of the objection period (e.g. the nomination was withdrawn).") var force = false

        func run() throws {
            try guarded {
                let db = try options.open()
                let state = try db.purgeState()
                if let day = state.purgedOn, !state.pending {
                    print("Personendaten wurden bereits am \(day.german) gelöscht.")
                    return
                }
                guard confirm || state.pending else {
                    print(
                        "Gelöscht würden Namen, Geburtsdaten und Anschriften von \(try db.sheetCount()) Formblättern; "
                            + "Nummern, Status und Zahlen bleiben. Erlaubt ab \(db.election.purgeRule.day.german) (\(db.election.purgeRule.reason)): dann mit --confirm ausführen."
                    )
                    throw ExitCode(1)
                }
                let s = try db.purgePersonalData(force: force)
                print("Personendaten von \(s.sheets) Formblättern gelöscht; Datei neu geschrieben. Zahlen und Status bleiben.")
                if !s.outputs.isEmpty {
                    print("Diese Dateien mit Namen hat SignatureKit geschrieben; bitte ebenfalls löschen:")
                    for o in s.outputs { print("  \(o.path) (\(o.kind.germanName))") }
                }
            }
        }
    }

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a database filled with fictitious demo sheets.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "How many sheets.") var count: Int = 800

        func run() throws {
            try guarded {
                let db = try DemoData.createDemoDatabase(at: options.db, count: count)
                print("Demo-Datenbank \(db.path) mit \(try db.sheetCount()) erfundenen Formblättern angelegt.")
            }
        }
    }
}
