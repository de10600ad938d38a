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

/// Everything that can go wrong, with a German sentence for people (``errorDescription``).
///
/// A struct over a private enum (the shape of swift-nio's and AsyncHTTPClient's errors): new kinds join without
/// breaking callers, and the place a problem is about is one property, ``location`` (a file's path for the SQLite
/// file and input files; a server backend names its campaign), not a field of every case. Callers branch on
/// ``code`` (`error.code == .databaseBusy`) and read ``field``, ``detail`` or ``problem``; they throw with the static
/// constructors (`SignatureKitError.sheetNotFound("F1")`).
public struct SignatureKitError: Error, Equatable, Sendable {
    fileprivate enum Kind: Equatable, Sendable {
        case electionNotFound(String)
        case malformedElection(path: String, reason: String)
        case databaseOfOtherElection(path: String, stored: String, requested: String)
        case databaseNotInitialized(path: String)
        case databaseFromNewerVersion(path: String)
        case databaseExists(path: String)
        case databaseBusy(path: String)
        case foreignFile(path: String)
        case databaseReadOnly(path: String)
        case noPermission(path: String)
        case diskFull(path: String)
        case ioError(path: String)
        case electionNotBundled(String)
        case unknownStoredValue(path: String, column: String?)
        case databaseFailure(path: String, code: Int32)
        case fileNotFound(String)
        case emptyFile(String)
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
        case passphraseMissing(path: String)
        case wrongPassphrase
        case accountNotFound(String)
        case purgeBlocked(path: String)
        case purgeUnfinished(path: String)
        case correctionRefused(sheet: String, reason: String)
        case serverUnreachable(server: String, reason: String)
        case serverLoginFailed(server: String, role: String)
        case serverFailure(server: String, state: String)
        case campaignNotFound(String)
        case campaignExists(String)
        case hostKeyMissing(path: String, reason: String)
        case serverNotInitialized(server: String)
        case serverRoleUnbound(server: String, role: String)
    }

    fileprivate let kind: Kind

    fileprivate init(_ kind: Kind) { self.kind = kind }

    /// What kind of problem it is, for callers that treat one kind differently.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String

        public static let electionNotFound = Code(description: "electionNotFound")
        public static let malformedElection = Code(description: "malformedElection")
        public static let databaseOfOtherElection = Code(description: "databaseOfOtherElection")
        public static let databaseNotInitialized = Code(description: "databaseNotInitialized")
        public static let databaseFromNewerVersion = Code(description: "databaseFromNewerVersion")
        public static let databaseExists = Code(description: "databaseExists")
        public static let databaseBusy = Code(description: "databaseBusy")
        public static let foreignFile = Code(description: "foreignFile")
        public static let databaseReadOnly = Code(description: "databaseReadOnly")
        public static let noPermission = Code(description: "noPermission")
        public static let diskFull = Code(description: "diskFull")
        public static let ioError = Code(description: "ioError")
        public static let electionNotBundled = Code(description: "electionNotBundled")
        public static let unknownStoredValue = Code(description: "unknownStoredValue")
        public static let databaseFailure = Code(description: "databaseFailure")
        public static let fileNotFound = Code(description: "fileNotFound")
        public static let emptyFile = Code(description: "emptyFile")
        public static let notCSV = Code(description: "notCSV")
        public static let notUTF8 = Code(description: "notUTF8")
        public static let unknownColumn = Code(description: "unknownColumn")
        public static let missingColumn = Code(description: "missingColumn")
        public static let duplicateColumn = Code(description: "duplicateColumn")
        public static let malformedRow = Code(description: "malformedRow")
        public static let invalidField = Code(description: "invalidField")
        public static let sheetNotFound = Code(description: "sheetNotFound")
        public static let impossibleTransition = Code(description: "impossibleTransition")
        public static let pairNotFound = Code(description: "pairNotFound")
        public static let nominationUnknown = Code(description: "nominationUnknown")
        public static let noRenderer = Code(description: "noRenderer")
        public static let ioFailure = Code(description: "ioFailure")
        public static let purgeTooEarly = Code(description: "purgeTooEarly")
        public static let purged = Code(description: "purged")
        public static let passphraseMissing = Code(description: "passphraseMissing")
        public static let wrongPassphrase = Code(description: "wrongPassphrase")
        public static let accountNotFound = Code(description: "accountNotFound")
        public static let purgeBlocked = Code(description: "purgeBlocked")
        public static let purgeUnfinished = Code(description: "purgeUnfinished")
        public static let correctionRefused = Code(description: "correctionRefused")
        public static let serverUnreachable = Code(description: "serverUnreachable")
        public static let serverLoginFailed = Code(description: "serverLoginFailed")
        public static let serverFailure = Code(description: "serverFailure")
        public static let campaignNotFound = Code(description: "campaignNotFound")
        public static let campaignExists = Code(description: "campaignExists")
        public static let hostKeyMissing = Code(description: "hostKeyMissing")
        public static let serverNotInitialized = Code(description: "serverNotInitialized")
        public static let serverRoleUnbound = Code(description: "serverRoleUnbound")
    }

    public var code: Code {
        switch kind {
        case .electionNotFound: .electionNotFound
        case .malformedElection: .malformedElection
        case .databaseOfOtherElection: .databaseOfOtherElection
        case .databaseNotInitialized: .databaseNotInitialized
        case .databaseFromNewerVersion: .databaseFromNewerVersion
        case .databaseExists: .databaseExists
        case .databaseBusy: .databaseBusy
        case .foreignFile: .foreignFile
        case .databaseReadOnly: .databaseReadOnly
        case .noPermission: .noPermission
        case .diskFull: .diskFull
        case .ioError: .ioError
        case .electionNotBundled: .electionNotBundled
        case .unknownStoredValue: .unknownStoredValue
        case .databaseFailure: .databaseFailure
        case .fileNotFound: .fileNotFound
        case .emptyFile: .emptyFile
        case .notCSV: .notCSV
        case .notUTF8: .notUTF8
        case .unknownColumn: .unknownColumn
        case .missingColumn: .missingColumn
        case .duplicateColumn: .duplicateColumn
        case .malformedRow: .malformedRow
        case .invalidField: .invalidField
        case .sheetNotFound: .sheetNotFound
        case .impossibleTransition: .impossibleTransition
        case .pairNotFound: .pairNotFound
        case .nominationUnknown: .nominationUnknown
        case .noRenderer: .noRenderer
        case .ioFailure: .ioFailure
        case .purgeTooEarly: .purgeTooEarly
        case .purged: .purged
        case .passphraseMissing: .passphraseMissing
        case .wrongPassphrase: .wrongPassphrase
        case .accountNotFound: .accountNotFound
        case .purgeBlocked: .purgeBlocked
        case .purgeUnfinished: .purgeUnfinished
        case .correctionRefused: .correctionRefused
        case .serverUnreachable: .serverUnreachable
        case .serverLoginFailed: .serverLoginFailed
        case .serverFailure: .serverFailure
        case .campaignNotFound: .campaignNotFound
        case .campaignExists: .campaignExists
        case .hostKeyMissing: .hostKeyMissing
        case .serverNotInitialized: .serverNotInitialized
        case .serverRoleUnbound: .serverRoleUnbound
        }
    }

    public static func electionNotFound(_ value: String) -> Self { Self(.electionNotFound(value)) }
    public static func malformedElection(path: String, reason: String) -> Self { Self(.malformedElection(path: path, reason: reason)) }
    public static func databaseOfOtherElection(path: String, stored: String, requested: String) -> Self {
        Self(.databaseOfOtherElection(path: path, stored: stored, requested: requested))
    }
    public static func databaseNotInitialized(path: String) -> Self { Self(.databaseNotInitialized(path: path)) }
    public static func databaseFromNewerVersion(path: String) -> Self { Self(.databaseFromNewerVersion(path: path)) }
    public static func databaseExists(path: String) -> Self { Self(.databaseExists(path: path)) }
    /// Another program holds the database longer than the busy timeout.
    public static func databaseBusy(path: String) -> Self { Self(.databaseBusy(path: path)) }
    /// The file is not a SignatureKit database (another SQLite database, or no database at all): never written to.
    public static func foreignFile(path: String) -> Self { Self(.foreignFile(path: path)) }
    /// The file, its folder or its mount cannot be written: reading works, changes do not.
    public static func databaseReadOnly(path: String) -> Self { Self(.databaseReadOnly(path: path)) }
    /// The file belongs to someone else or cannot be read.
    public static func noPermission(path: String) -> Self { Self(.noPermission(path: path)) }
    /// No space left on the device.
    public static func diskFull(path: String) -> Self { Self(.diskFull(path: path)) }
    /// The device reported a read or write error.
    public static func ioError(path: String) -> Self { Self(.ioError(path: path)) }
    /// The election id stored in the database is not one of the bundled elections.
    public static func electionNotBundled(_ value: String) -> Self { Self(.electionNotBundled(value)) }
    /// A stored value the program does not know (a newer version or a hand edit wrote it).
    public static func unknownStoredValue(path: String, column: String?) -> Self { Self(.unknownStoredValue(path: path, column: column)) }
    /// Any other SQLite failure: the transaction was rolled back.
    public static func databaseFailure(path: String, code: Int32) -> Self { Self(.databaseFailure(path: path, code: code)) }
    public static func fileNotFound(_ value: String) -> Self { Self(.fileNotFound(value)) }
    public static func emptyFile(_ value: String) -> Self { Self(.emptyFile(value)) }
    /// No CSV header within the first 64 KB, or NUL bytes in it.
    public static func notCSV(path: String) -> Self { Self(.notCSV(path: path)) }
    public static func notUTF8(path: String, line: Int) -> Self { Self(.notUTF8(path: path, line: line)) }
    public static func unknownColumn(path: String, column: String, expected: [String]) -> Self {
        Self(.unknownColumn(path: path, column: column, expected: expected))
    }
    public static func missingColumn(path: String, column: String) -> Self { Self(.missingColumn(path: path, column: column)) }
    public static func duplicateColumn(path: String, column: String) -> Self { Self(.duplicateColumn(path: path, column: column)) }
    public static func malformedRow(path: String, problem: RowProblem) -> Self { Self(.malformedRow(path: path, problem: problem)) }
    public static func invalidField(field: String, reason: String) -> Self { Self(.invalidField(field: field, reason: reason)) }
    public static func sheetNotFound(_ value: String) -> Self { Self(.sheetNotFound(value)) }
    public static func impossibleTransition(sheet: String, from: SheetStatus, to: SheetStatus) -> Self {
        Self(.impossibleTransition(sheet: sheet, from: from, to: to))
    }
    public static func pairNotFound(_ value: Int) -> Self { Self(.pairNotFound(value)) }
    public static func nominationUnknown(_ value: String) -> Self { Self(.nominationUnknown(value)) }
    public static func noRenderer(_ value: String) -> Self { Self(.noRenderer(value)) }
    public static func ioFailure(path: String, reason: String) -> Self { Self(.ioFailure(path: path, reason: reason)) }
    public static func purgeTooEarly(allowedFrom: CalendarDay, reason: String) -> Self {
        Self(.purgeTooEarly(allowedFrom: allowedFrom, reason: reason))
    }
    public static func purged(path: String) -> Self { Self(.purged(path: path)) }
    /// The database is encrypted and no passphrase was given.
    public static func passphraseMissing(path: String) -> Self { Self(.passphraseMissing(path: path)) }
    /// The passphrase does not open the database.
    public static let wrongPassphrase = Self(.wrongPassphrase)
    /// No account of that name.
    public static func accountNotFound(_ value: String) -> Self { Self(.accountNotFound(value)) }
    /// Another program has the database open: purge changed nothing.
    public static func purgeBlocked(path: String) -> Self { Self(.purgeBlocked(path: path)) }
    /// The data is removed, the file not yet rewritten: run purge again.
    public static func purgeUnfinished(path: String) -> Self { Self(.purgeUnfinished(path: path)) }
    /// A correction of an entry that the person may not (or no longer) change.
    public static func correctionRefused(sheet: String, reason: String) -> Self { Self(.correctionRefused(sheet: sheet, reason: reason)) }
    /// The database server cannot be reached (`server` is its address without the password).
    public static func serverUnreachable(server: String, reason: String) -> Self { Self(.serverUnreachable(server: server, reason: reason)) }
    /// The server refused the login of `role` (wrong password or unknown role).
    public static func serverLoginFailed(server: String, role: String) -> Self { Self(.serverLoginFailed(server: server, role: role)) }
    /// The server refused a statement (`state` is its SQLSTATE).
    public static func serverFailure(server: String, state: String) -> Self { Self(.serverFailure(server: server, state: state)) }
    public static func campaignNotFound(_ id: String) -> Self { Self(.campaignNotFound(id)) }
    public static func campaignExists(_ id: String) -> Self { Self(.campaignExists(id)) }
    /// The host key file is missing, unreadable, not owner-only or not a key.
    public static func hostKeyMissing(path: String, reason: String) -> Self { Self(.hostKeyMissing(path: path, reason: reason)) }
    /// The server database has no SignatureKit schema yet (or an older one).
    public static func serverNotInitialized(server: String) -> Self { Self(.serverNotInitialized(server: server)) }
    /// The login role is a superuser or has BYPASSRLS: row-level security, which keeps the campaigns apart, would not bind it.
    public static func serverRoleUnbound(server: String, role: String) -> Self { Self(.serverRoleUnbound(server: server, role: role)) }
}

extension SignatureKitError: LocalizedError {
    public var errorDescription: String? {
        switch kind {
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
        case .serverUnreachable(let server, let reason):
            return
                "Datenbankserver \(server) nicht erreichbar (\(reason)). Adresse in --database-url oder SIG_DATABASE_URL prüfen und ob der Server läuft; nichts geändert."
        case .serverLoginFailed(let server, let role):
            return
                "Datenbankserver \(server): Anmeldung als \(quote(role)) abgelehnt (Passwort falsch oder Rolle unbekannt); nichts gelesen, nichts geändert."
        case .serverFailure(let server, let state):
            return "Datenbankserver \(server): Anweisung abgelehnt (SQLSTATE \(state)). Die Änderung wurde vollständig zurückgenommen."
        case .campaignNotFound(let id):
            return
                "Kampagne \(quote(String(id.escapedForTerminal.prefix(60)))) gibt es auf diesem Server nicht. `sig-cli campaign list` zeigt die vorhandenen; nichts geändert."
        case .campaignExists(let id):
            return "Kampagne \(quote(id)) gibt es schon; nichts geändert."
        case .hostKeyMissing(let path, let reason):
            return "Hostschlüssel (\(path)): \(reason). Nichts gelesen, nichts geändert."
        case .serverNotInitialized(let server):
            return
                "Datenbankserver \(server) ist nicht für SignatureKit eingerichtet (oder mit einer älteren Version). Zuerst `sig-cli database init --database-url EIGENTÜMER-URL --app-role NAME` ausführen."
        case .serverRoleUnbound(let server, let role):
            return
                "Datenbankserver \(server): Die Rolle \(quote(role)) ist Superuser oder umgeht die Zeilensicherheit (BYPASSRLS) und sähe damit die Formblätter jeder Kampagne. Mit der Rolle der Anwendung anmelden (`sig-cli database init --app-role NAME` legt sie an); nichts gelesen, nichts geändert."
        case .purged(let path):
            return "\(path): Die Personendaten wurden bereits gelöscht; neue Formblätter und Dublettenprüfung sind nicht mehr möglich."
        }
    }
}

extension SignatureKitError {
    /// The file (or, on a server backend, the campaign) the problem is about, when there is one.
    public var location: String? {
        switch kind {
        case .malformedElection(let path, _), .databaseOfOtherElection(let path, _, _), .databaseNotInitialized(let path),
            .databaseFromNewerVersion(let path), .databaseExists(let path), .databaseBusy(let path), .foreignFile(let path),
            .databaseReadOnly(let path), .noPermission(let path), .diskFull(let path), .ioError(let path),
            .unknownStoredValue(let path, _), .databaseFailure(let path, _), .notCSV(let path), .notUTF8(let path, _),
            .unknownColumn(let path, _, _), .missingColumn(let path, _), .duplicateColumn(let path, _), .malformedRow(let path, _),
            .ioFailure(let path, _), .purged(let path), .passphraseMissing(let path), .purgeBlocked(let path),
            .purgeUnfinished(let path), .fileNotFound(let path), .emptyFile(let path), .hostKeyMissing(let path, _):
            path
        case .serverUnreachable(let server, _), .serverLoginFailed(let server, _), .serverFailure(let server, _),
            .serverNotInitialized(let server), .serverRoleUnbound(let server, _):
            server
        case .campaignNotFound(let id), .campaignExists(let id):
            id
        default: nil
        }
    }

    /// The field, option or column at fault, when the problem names one.
    public var field: String? {
        switch kind {
        case .invalidField(let field, _): field
        case .malformedRow(_, let problem): problem.field
        case .unknownColumn(_, let column, _), .missingColumn(_, let column), .duplicateColumn(_, let column): column
        case .unknownStoredValue(_, let column): column
        default: nil
        }
    }

    /// The reason in German, for the kinds that carry one (a field's, a file's, a refused correction's, an election
    /// file's problem).
    public var detail: String? {
        switch kind {
        case .invalidField(_, let reason), .malformedElection(_, let reason), .ioFailure(_, let reason),
            .correctionRefused(_, let reason), .purgeTooEarly(_, let reason):
            reason
        case .malformedRow(_, let problem): problem.reason
        default: nil
        }
    }

    /// The row problem of an input file.
    public var problem: RowProblem? {
        if case .malformedRow(_, let problem) = kind { return problem }
        return nil
    }

    /// The line of an input file the problem is on.
    public var line: Int? {
        switch kind {
        case .notUTF8(_, let line): line
        case .malformedRow(_, let problem): problem.line
        default: nil
        }
    }

    /// The sheet the problem is about.
    public var sheet: String? {
        switch kind {
        case .sheetNotFound(let sheet), .impossibleTransition(let sheet, _, _), .correctionRefused(let sheet, _): sheet
        default: nil
        }
    }
}
