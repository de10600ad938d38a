import Foundation

/// One problem in one row of an input file: line, field and reason, in German.
public struct RowProblem: Sendable, Equatable, Codable {
    public var line: Int
    public var field: String
    public var reason: String
    /// The value that was wrong, only when a person asked for names (`--names`); messages leave it out otherwise.
    public var value: String?

    public init(line: Int, field: String, reason: String, value: String? = nil) {
        self.line = line
        self.field = field
        self.reason = reason
        self.value = value
    }

    /// "Zeile 14, Feld „Geburtsdatum“: kein gültiges Datum …", with „value“ when it was kept; never longer than
    /// a short excerpt of it, with control characters shown escaped.
    public var german: String {
        let shown = value.map { "„\($0.escapedForTerminal.prefix(60))“: " } ?? ""
        return "Zeile \(line), Feld \(quote(field)): \(shown)\(reason)"
    }
}

/// Everything that can go wrong, with a German sentence for people.
public enum SignatureKitError: Error, Equatable, Sendable {
    case electionNotFound(String)
    case malformedElection(path: String, reason: String)
    case databaseOfOtherElection(path: String, stored: String, requested: String)
    case databaseNotInitialized(path: String)
    case databaseFromNewerVersion(path: String)
    case databaseExists(path: String)
    /// Another program holds the database longer than the busy timeout.
    case databaseBusy(path: String)
    /// The file is not a SignatureKit database (another SQLite database, or no database at all): never written to.
    case foreignFile(path: String)
    /// The file, its folder or its mount cannot be written: reading works, changes do not.
    case databaseReadOnly(path: String)
    /// The file belongs to someone else or cannot be read.
    case noPermission(path: String)
    /// No space left on the device.
    case diskFull(path: String)
    /// The device reported a read or write error.
    case ioError(path: String)
    /// The election id stored in the database is not one of the bundled elections.
    case electionNotBundled(String)
    /// A stored value the program does not know (a newer version or a hand edit wrote it).
    case unknownStoredValue(path: String, column: String?)
    /// Any other SQLite failure: the transaction was rolled back.
    case databaseFailure(path: String, code: Int32)
    case fileNotFound(String)
    case emptyFile(String)
    /// No CSV header within the first 64 KB, or NUL bytes in it.
    case notCSV(path: String)
    case notUTF8(path: String, line: Int)
    case unknownColumn(path: String, column: String, expected: [String])
    case missingColumn(path: String, column: String)
    case duplicateColumn(path: String, column: String)
    case malformedRow(path: String, problem: RowProblem)
    case invalidField(field: String, reason: String)
    case sheetNotFound(String)
    case impossibleTransition(sheet: String, from: SheetStatus, to: SheetStatus)
    case pairNotFound(Int)
    case nominationUnknown(String)
    case noRenderer(String)
    case ioFailure(path: String, reason: String)
    case purgeTooEarly(allowedFrom: CalendarDay, reason: String)
    case purged(path: String)
    /// The database is encrypted and no passphrase was given.
    case passphraseMissing(path: String)
    /// The passphrase does not open the database.
    case wrongPassphrase
    /// No account of that name.
    case accountNotFound(String)
    /// Another program has the database open: purge changed nothing.
    case purgeBlocked(path: String)
    /// The data is removed, the file not yet rewritten: run purge again.
    case purgeUnfinished(path: String)
    /// A correction of an entry that the person may not (or no longer) change.
    case correctionRefused(sheet: String, reason: String)
}

extension SignatureKitError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .electionNotFound(let id):
            let known = ElectionCatalog.bundledIDs().joined(separator: ", ")
            return "Wahl \(quote(id)) nicht gefunden. Mitgeliefert: \(known.isEmpty ? "keine" : known); oder Pfad zu einer JSON-Datei angeben."
        case .malformedElection(let path, let reason):
            return "\(path): Wahldatei fehlerhaft: \(reason)."
        case .databaseOfOtherElection(let path, let stored, let requested):
            return "\(path) gehört zur Wahl \(quote(stored)), nicht zu \(quote(requested)). Andere Datenbank mit --db wählen."
        case .databaseNotInitialized(let path):
            return "\(path) ist keine SignatureKit-Datenbank. Zuerst `sig-cli init --db \(path)` ausführen."
        case .databaseFromNewerVersion(let path):
            return "\(path) wurde mit einer neueren Version von SignatureKit angelegt. Bitte das Programm aktualisieren; nichts geändert."
        case .databaseExists(let path):
            return "\(path) ist bereits für eine Wahl eingerichtet; nichts geändert."
        case .foreignFile(let path):
            return
                "\(path) ist keine SignatureKit-Datenbank, sondern eine andere Datei oder Datenbank; sie bleibt unverändert. Eine andere Datei mit --db wählen oder mit `sig-cli init --db NEUE-DATEI` eine neue anlegen."
        case .databaseReadOnly(let path):
            return
                "\(path) ist schreibgeschützt (Datei, Ordner oder Laufwerk): Anzeigen und Berichte gehen, Änderungen nicht; nichts geändert. Schreibrechte prüfen oder die Datei an einen beschreibbaren Ort kopieren."
        case .noPermission(let path):
            return
                "\(path): keine Berechtigung (die Datei gehört einem anderen Benutzer oder ist nicht lesbar); nichts geändert. Als Eigentümer ausführen oder die Rechte prüfen."
        case .diskFull(let path):
            return "\(path): Der Datenträger ist voll; die Änderung wurde vollständig zurückgenommen. Platz schaffen und erneut versuchen."
        case .ioError(let path):
            return
                "\(path): Lese- oder Schreibfehler des Datenträgers; die Änderung wurde zurückgenommen. Datenträger prüfen und eine Sicherung verwenden."
        case .electionNotBundled(let id):
            return "Die Datenbank gehört zur Wahl „\(id.prefix(60))“, die nicht mitgeliefert ist: die Wahldatei mit --election DATEI angeben."
        case .databaseBusy(let path):
            return
                "\(path) wird gerade von einem anderen Programm benutzt (länger als 10 Sekunden gesperrt). Kurz warten und erneut versuchen; nichts geändert."
        case .unknownStoredValue(let path, let column):
            return
                "\(path): unbekannter Wert in der Spalte \(quote(column ?? "?")) (mit einer neueren Version oder von Hand geändert?). Nichts geändert."
        case .databaseFailure(_, let code):
            return "Datenbankfehler (SQLite \(code)). Die Änderung wurde vollständig zurückgenommen."
        case .fileNotFound(let path):
            return "Datei \(path) nicht gefunden."
        case .emptyFile(let path):
            return "\(path): Die Datei ist leer (keine Kopfzeile)."
        case .notCSV(let path):
            return "\(path): keine CSV-Datei (die erste Zeile ist länger als 64 KB oder enthält Nullbytes); nichts übernommen."
        case .notUTF8(let path, let line):
            return
                "\(path), Zeile \(line): Die Datei ist nicht UTF-8-kodiert. In der Tabellenkalkulation als „CSV UTF-8“ speichern; nichts wurde übernommen."
        case .unknownColumn(let path, let column, let expected):
            return "\(path), Zeile 1: Unbekannte Spalte \(quote(column)). Erwartet: \(expected.joined(separator: ";"))."
        case .missingColumn(let path, let column):
            return "\(path), Zeile 1: Spalte \(quote(column)) fehlt."
        case .duplicateColumn(let path, let column):
            return "\(path), Zeile 1: Spalte \(quote(column)) kommt doppelt vor."
        case .malformedRow(let path, let problem):
            return "\(path), \(problem.german)"
        case .invalidField(let field, let reason):
            return "Feld \(quote(field)): \(reason)"
        case .sheetNotFound(let sheet):
            return "Formblatt \(sheet) ist nicht erfasst."
        case .impossibleTransition(let sheet, let from, let to):
            return "Formblatt \(sheet): Statuswechsel von \(quote(from.germanName)) nach \(quote(to.germanName)) ist nicht möglich."
        case .pairNotFound(let id):
            return "Prüffall \(id) gibt es nicht."
        case .nominationUnknown(let text):
            return "Wahlvorschlag \(quote(text)) unbekannt. Beispiele: ward:12, list, mayor, district:Nord."
        case .noRenderer(let hint):
            return hint
        case .ioFailure(let path, let reason):
            return "\(path): \(reason)"
        case .purgeTooEarly(let day, let reason):
            return "Personendaten werden erst ab dem \(day.german) gelöscht (\(reason); laut Wahldaten); nichts geändert. Früher nur mit --force."
            "Personendaten werden erst ab dem \(day.german) gelöscht (Einspruchsfrist laut Wahldaten); nichts geändert. Früher nur mit --force."
        case .passphraseMissing(let path):
            return
                "\(path) ist verschlüsselt: Passphrase fehlt (Umgebungsvariable SIG_PASSPHRASE, --passphrase-file DATEI oder Eingabe am Terminal). Nichts gelesen, nichts geändert."
        case .accountNotFound(let name):
            return "Konto \(quote(name)) gibt es nicht."
        case .wrongPassphrase:
            return "Die Passphrase ist falsch; nichts gelesen, nichts geändert."
        case .purgeBlocked(let path):
            return
                "\(path): Ein anderes Programm (z. B. sig-web oder ein zweites Terminal) hat die Datenbank geöffnet; Löschen erst, wenn es beendet ist. Nichts geändert."
        case .correctionRefused(let sheet, let reason):
            return "\(sheet) kann nicht korrigiert werden: \(reason)."
        case .purgeUnfinished(let path):
            return
                "\(path): Die Personendaten sind aus den Tabellen gelöscht, aber die Datei ist noch nicht neu geschrieben (ein anderes Programm hat sie geöffnet). Dieses beenden und `sig-cli purge --confirm` erneut ausführen – es macht dort weiter."
        case .purged(let path):
            return "\(path): Die Personendaten wurden bereits gelöscht; neue Formblätter und Dublettenprüfung sind nicht mehr möglich."
        }
    }
}
