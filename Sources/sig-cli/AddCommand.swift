import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

extension SigCLI {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enter one sheet from flags, or a stack of sheets at German prompts when no flag is given.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Sheet number, e.g. F000014.") var sheet: String?
        @OptionGroup var fields: SheetFieldOptions
        @Option(help: "Who enters it (default: login name).") var enteredBy: String?

        /// The sheet's fields given as flags, by CSV name.
        var flagValues: [String: String] {
            fields.values.merging(sheet.map { ["sheet": $0] } ?? [:]) { a, _ in a }
        }

        func run() async throws {
            try await guardedAsync {
                let db = try await options.backend()
                // Under double entry the two typists are two people: one shell user cannot play both by naming them.
                if enteredBy != nil, try await db.requiresDoubleEntry() {
                    throw SignatureKitError.invalidField(
                        field: "--entered-by", reason: "mit Doppelerfassung zählt jede Eingabe für die Person, die sie tippt (Anmeldename)")
                }
                // The person at the terminal holds the whole file.
                let entry = SheetEntry(backend: db, enteredBy: currentUser(enteredBy), role: .admin)
                if flagValues.isEmpty {
                    try await interactive(entry)
                    return
                }
                let values = flagValues
                let outcome = try await entry.record(values)
                let verdict = try await entry.verdict(outcome, values: values)
                if case .invalid = outcome {
                    for line in verdict.germanLines { printError(line) }
                    throw ExitCode(2)
                }
                for line in verdict.germanLines { print(line) }
                if case .awaitingSecond = outcome { return }
                if !outcome.canCount { throw ExitCode(1) }
            }
        }

        /// Asks for each field in German, checks it as typed, and goes on to the next sheet.
        func interactive(_ entry: SheetEntry) async throws {
            print("Erfassung für „\(entry.election.name)“. Leere Formblatt-Nummer beendet. Enter übernimmt [Vorgabe].")
            print(entry.citizenshipReminder)
            var defaults: [String: String] = ["city": entry.election.city]
            var stored = 0
            sheetLoop: while true {
                var values: [String: String] = [:]
                for field in SheetEntry.fields {
                    while true {
                        print("\(field.label)\(defaults[field.name].map { " [\($0)]" } ?? ""): ", terminator: "")
                        guard let line = readLine() else { break sheetLoop }
                        var value = line.trimmingCharacters(in: .whitespaces)
                        if field.name == "sheet" && value.isEmpty { break sheetLoop }
                        if value.isEmpty, let d = defaults[field.name] { value = d }
                        switch try await entry.check(field: field.name, value: value) {
                        case .problem(let text):
                            print("  ✗ \(text)")
                            continue
                        case .warning(let text), .cannotCount(let text): print("  ! \(text)")
                        case .ok: break
                        }
                        values[field.name] = value
                        break
                    }
                }
                let outcome = try await entry.record(values)
                for line in try await entry.verdict(outcome, values: values).germanLines { print(line) }
                if case .recorded(.stored) = outcome { stored += 1 }
                for key in SheetEntry.keptFields { defaults[key] = values[key] }
                print("")
            }
            print("\nErfassung beendet: \(stored) Formblätter gespeichert.")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import sheets from a CSV file (; or , separated, UTF-8), all in one transaction.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "Where rejected rows go (default: FILE.rejects.csv).") var rejects: String?
        @Option(help: "Who enters it (default: login name).") var enteredBy: String?
        @Flag(help: "Quote the wrong values in messages (personal data).") var names = false

        func run() async throws {
            try await guardedAsync {
                let db: any CampaignBackend = try await options.backend()
                let defaultRejects =
                    (file == "-" || file.hasPrefix("/dev/") ? "eingabe" : file.hasSuffix(".csv") ? String(file.dropLast(4)) : file)
                    + ".rejects.csv"
                // An encrypted database writes no file with names unless asked for one (--rejects).
                let rejectsPath = rejects ?? (db.isEncrypted ? nil : defaultRejects)
                let s = try await db.importSheets(
                    from: file, by: terminalActor(enteredBy), today: .today(), rejectsPath: rejectsPath, showValues: names)
                print(
                    "\(file): \(s.stored) Formblätter gespeichert, \(s.alreadyPresent) bereits vorhanden, \(s.rejectedRows) Zeilen abgelehnt."
                )
                print("  davon mit Regelfehler (zählen nicht): \(s.storedWithErrors), mit Hinweisen: \(s.storedWithWarnings)")
                print("  doppelt: \(s.duplicates), möglicherweise doppelt: \(s.possibleDuplicates), Konflikte: \(s.conflicts)")
                for p in s.rejected.prefix(50) { printError("\(file), \(p.german)") }
                if s.rejected.count > 50 { printError("… und \(s.rejected.count - 50) weitere.") }
                if let r = s.rejectsFile {
                    printError("Abgelehnte Zeilen stehen in \(r): korrigieren und erneut importieren.")
                }
                if s.rejectsFile == nil && s.rejectedRows > 0 && rejects == nil && db.isEncrypted {
                    printError(
                        "Abgelehnte Zeilen nicht als Datei gespeichert (verschlüsselte Datenbank; die Datei enthielte Namen): mit --rejects DATEI ausdrücklich anfordern."
                    )
                }
                if let problem = s.rejectsFileError {
                    printError("Achtung: Die Formblätter sind gespeichert, aber die Ablehnungsdatei fehlt: \(problem)")
                }
                if !s.rejected.isEmpty { throw ExitCode(1) }
            }
        }
    }
}

extension SigCLI {
    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct any sheet as an organizer: the given fields change, the rest stays; a reason is required.",
            discussion: """
                The sheet keeps its number, status and history; rules and the duplicate search run again at once.
                A sheet already certified or submitted needs --confirm (the election office saw the old values).
                """)
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The sheet number.") var sheet: String
        @OptionGroup var fields: SheetFieldOptions
        @Option(help: "Why the sheet is corrected (required; no names).") var reason: String
        @Flag(help: "Confirm correcting a sheet already certified or submitted.") var confirm = false
        @Option(help: "Who corrects (default: login name).") var by: String?

        var changes: [String: String] { fields.values }

        func validate() throws {
            if changes.isEmpty { throw ValidationError("Keine Änderung angegeben: mindestens ein Feld, z. B. --house-number 12a.") }
        }

        func run() async throws {
            try await guardedAsync {
                let db = try await options.backend()
                let entry = SheetEntry(backend: db, enteredBy: currentUser(by), role: .admin)
                let result: SheetEntry.Amendment
                do {
                    result = try await entry.amend(sheet, changes: changes, reason: reason, confirmed: confirm)
                } catch let error as SignatureKitError where error.code == .invalidField && ["reason", "confirm"].contains(error.field) {
                    // The messages name the option a person types here.
                    throw SignatureKitError.invalidField(field: "--\(error.field ?? "")", reason: error.detail ?? "")
                }
                switch result {
                case .invalid(let problems):
                    for line in SheetVerdict(sheet: sheet.uppercased(), problems: problems).germanLines { printError(line) }
                    throw ExitCode(2)
                case .done(.unchanged(let number), _):
                    print("\(number): die Angaben sind schon so gespeichert, nichts geändert.")
                case .done(.amended(_, let fields, _, _), let verdict):
                    print(verdict.headline + " Geändert: " + fields.map { SheetParser.label($0) }.joined(separator: ", ") + ".")
                    for line in verdict.germanLines.dropFirst() { print(line) }
                }
            }
        }
    }
}

/// The fields of a sheet as flags, shared by `add` and `edit` (the sheet number is each command's own).
struct SheetFieldOptions: ParsableArguments {
    @Option(help: "Nomination: 12, Wahlbezirk 12, ward:12, list, mayor, district:Nord.") var nomination: String?
    @Option(help: "Surname.") var surname: String?
    @Option(help: "Given names.") var givenNames: String?
    @Option(help: "Date of birth (TT.MM.JJJJ, TTMMJJJJ, TT.MM.JJ, JJJJ-MM-TT).") var born: String?
    @Option(help: "Street.") var street: String?
    @Option(help: "House number.") var houseNumber: String?
    @Option(help: "Postal code.") var postalCode: String?
    @Option(help: "City.") var city: String?
    @Option(help: "Date signed.") var signedOn: String?
    @Option(help: "Who collected the sheet.") var collector: String?

    /// The flags given, by CSV column name.
    var values: [String: String] {
        [
            "nomination": nomination, "surname": surname, "given_names": givenNames, "born": born, "street": street,
            "house_number": houseNumber, "postal_code": postalCode, "city": city, "signed_on": signedOn, "collector": collector,
        ].compactMapValues { $0 }
    }
}
