import ArgumentParser
import Foundation
import SignatureKit
import SignatureKitPostgres

/// The campaign files a command opened: closed before the process ends, so SQLite checkpoints the WAL into the file
/// (a port's last reference may still sit on another thread when the command returns; `exit` would then skip the close,
/// and a reader without access to the `-wal` file would miss the last changes).
public final class OpenedFiles: @unchecked Sendable {
    public static let shared = OpenedFiles()
    private let lock = NSLock()
    private var files: [SignatureDatabase] = []

    func keep(_ file: SignatureDatabase) {
        lock.lock()
        files.append(file)
        lock.unlock()
    }

    /// Closes every file opened so far (errors ignored: the process ends either way).
    public func closeAll() {
        lock.lock()
        let all = files
        files = []
        lock.unlock()
        for file in all { try? file.close() }
    }
}

/// Runs a root command: owner-only files (umask 077), German error lines, the command's exit code. Subcommands may be
/// asynchronous (they use the campaign's ports) or not; the files they opened are closed before the process ends.
public func runGerman<Command: ParsableCommand>(_ command: Command.Type) async -> Never {
    umask(0o077)
    do {
        var parsed = try Command.parseAsRoot()
        if var asyncCommand = parsed as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try parsed.run()
        }
        OpenedFiles.shared.closeAll()
        Foundation.exit(0)
    } catch {
        OpenedFiles.shared.closeAll()
        // ArgumentParser's own messages start with "Error:"; the user reads German.
        let message = Command.fullMessage(for: error)
        if !message.isEmpty { printError(germanUsageMessage(message)) }
        Foundation.exit(Command.exitCode(for: error).rawValue)
    }
}

/// ArgumentParser's usage errors in German (the help text itself stays English, like the flags).
func germanUsageMessage(_ message: String) -> String {
    var text = message
    let replacements: [(String, String)] = [
        (#"^Error: "#, "Fehler: "),
        (#"The value '([^']*)' is invalid for '([^']*)'\. Please provide one of (.*)\."#, "Der Wert „$1“ ist für $2 nicht erlaubt. Erlaubt: $3."),
        (#"The value '([^']*)' is invalid for '([^']*)'"#, "Der Wert „$1“ ist für $2 nicht erlaubt"),
        (#"Unknown option '([^']*)'\. Did you mean '([^']*)'\?"#, "Unbekannte Option „$1“. Gemeint ist wohl „$2“?"),
        (#"Unknown option '([^']*)'"#, "Unbekannte Option „$1“"),
        (#"Missing expected argument '([^']*)'"#, "Es fehlt das Argument „$1“"),
        (#"Missing value for '([^']*)'"#, "Es fehlt ein Wert für „$1“"),
        (#"Unexpected argument '([^']*)'"#, "Unerwartetes Argument „$1“"),
        (#"Unexpected arguments"#, "Unerwartete Argumente"),
        (#"' or '"#, "' oder '"),
        (#"\n  See '([^']*)' for more information\."#, "\n  Hilfe: $1"),
        (#"(^|\n)Usage: "#, "$1Aufruf: "),
        (#"(^|\n)Help: "#, "$1Hilfe: "),
    ]
    for (pattern, template) in replacements {
        text = text.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
    }
    return text
}

/// Writes one line to standard error.
public func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs a command body; library errors print as one German sentence on stderr and exit 2.
public func guarded(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        throw commandFailure(error)
    }
}

/// ``guarded(_:)`` for asynchronous commands (the campaign ports).
public func guardedAsync(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        throw commandFailure(error)
    }
}

/// What an error in a command body becomes: exit codes and usage errors pass as they are; a library error is printed
/// as its German sentence, anything else as a German line naming its type; both exit 2.
func commandFailure(_ error: any Error) -> any Error {
    switch error {
    case is ExitCode, is ValidationError:
        return error
    case let error as LocalizedError where error.errorDescription != nil:
        printError("Fehler: \(error.errorDescription ?? "")")
        return ExitCode(2)
    default:
        printError("Fehler: unerwarteter Fehler (\(type(of: error))). Es wurde nichts halb gespeichert.")
        return ExitCode(2)
    }
}

/// The options every database command shares.
public struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The database file (env SIG_DB, default ./signatures.sqlite).")
    public var db: String = ProcessInfo.processInfo.environment["SIG_DB"] ?? "signatures.sqlite"

    @Option(name: .long, help: "The election: a bundled id (krefeld-2025) or a JSON file; default: the database's.")
    public var election: String?

    @Option(name: .long, help: "A file holding the passphrase of an encrypted database (else env SIG_PASSPHRASE, or a prompt).")
    public var passphraseFile: String?

    @OptionGroup public var server: ServerOptions

    public init() {}

    /// The campaign's backend: with a database URL the campaign on that PostgreSQL server, else the SQLite file.
    public func backend() async throws -> any CampaignBackend {
        if server.url != nil { return try await server.campaign(electionReference: election) }
        return try open()
    }

    /// Opens the database (German error when it is missing, of another election, or locked by a passphrase). A
    /// passphrase from --passphrase-file or SIG_PASSPHRASE is passed along; only an encrypted database without one
    /// asks at the terminal.
    /// Opens the database; `concurrentReads` for the web server (a pool of readers beside the one writer).
    public func open(concurrentReads: Bool = false) throws -> SignatureDatabase {
        if server.url != nil {
            throw SignatureKitError.invalidField(
                field: "--database-url",
                reason: "dieser Befehl gilt nur für eine SQLite-Datei (--db); auf dem Server sichert und löscht der Betreiber")
        }
        let given = try readSecret(file: passphraseFile, environment: "SIG_PASSPHRASE", prompt: nil)
        let opened: SignatureDatabase
        do {
            opened = try SignatureDatabase.open(at: db, electionReference: election, passphrase: given, concurrentReads: concurrentReads)
        } catch let error as SignatureKitError where error.code == .passphraseMissing && given == nil {
            guard let typed = try readSecret(file: nil, environment: nil, prompt: "Passphrase für \(db): ") else {
                throw SignatureKitError.passphraseMissing(path: db)
            }
            opened = try SignatureDatabase.open(at: db, electionReference: election, passphrase: typed, concurrentReads: concurrentReads)
        }
        OpenedFiles.shared.keep(opened)
        return opened
    }

    /// For `--demo`: `./signatures-demo.sqlite` unless `--db`/`SIG_DB` names another file, created with fictitious
    /// sheets when it is missing.
    public func demo() throws -> DatabaseOptions {
        var options = self
        if options.db == (ProcessInfo.processInfo.environment["SIG_DB"] ?? "signatures.sqlite") { options.db = "signatures-demo.sqlite" }
        if !FileManager.default.fileExists(atPath: options.db) {
            _ = try DemoData.createDemoDatabase(at: options.db)
            printError("Demo-Datenbank \(options.db) mit erfundenen Formblättern angelegt.")
        }
        return options
    }

    /// The passphrase: from --passphrase-file, SIG_PASSPHRASE, or typed at a terminal (not echoed); `nil` when none.
    public func passphrase(prompt: String, confirm: Bool = false) throws -> String? {
        try readSecret(file: passphraseFile, environment: "SIG_PASSPHRASE", prompt: prompt, confirm: confirm)
    }
}

/// A passphrase or password: the first line of `file`, else the environment variable, else typed at a terminal without
/// echo (twice with `confirm`); `nil` when none of these gives one.
public func readSecret(file: String?, environment: String?, prompt: String?, confirm: Bool = false, field: String = "Passphrase") throws
    -> String?
{
    if let file {
        var info = stat()
        guard stat(file, &info) == 0, let data = FileManager.default.contents(atPath: file) else { throw SignatureKitError.fileNotFound(file) }
        // A secret others can read is no secret: refused before it is used.
        if info.st_mode & 0o077 != 0 {
            throw SignatureKitError.invalidField(
                field: field, reason: "die Datei „\(file)“ ist für andere lesbar; zuerst chmod 600 \(file)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }
    if let environment, let value = EnvironmentSecrets.take(environment) { return value }
    guard let prompt, isatty(0) == 1, let typed = getpass(prompt) else { return nil }
    let first = String(cString: typed)
    if confirm {
        guard let again = getpass("Noch einmal: "), String(cString: again) == first else {
            throw SignatureKitError.invalidField(field: field, reason: "die beiden Eingaben stimmen nicht überein")
        }
    }
    return first
}

/// A new passphrase as typed or read: refused when missing or shorter than 8 characters, naming `field`.
public func checkedNewPassphrase(_ text: String?, field: String = "Passphrase") throws -> String {
    guard let text, text.count >= 8 else { throw SignatureKitError.invalidField(field: field, reason: "fehlt oder ist kürzer als 8 Zeichen") }
    return text
}

/// A date option accepting 14.09.2025 and 2025-09-14; a bad value gives a German message when used.
public struct DayArgument: ExpressibleByArgument {
    public let text: String
    public init?(argument: String) { text = argument }

    /// The day, or a German error naming the option.
    public func day(_ option: String) throws -> CalendarDay {
        guard let d = CalendarDay(typed: text, twoDigitYear: .signing) else {
            throw SignatureKitError.invalidField(
                field: option, reason: "„\(text)“ ist kein gültiges Datum (TT.MM.JJJJ, TTMMJJJJ, TT.MM.JJ oder JJJJ-MM-TT)")
        }
        return d
    }
}

/// Parses a nomination option (`ward:12`, `list`, …) with a German error.
public func nomination(_ text: String) throws -> NominationID {
    guard let n = NominationID(text) else { throw SignatureKitError.nominationUnknown(text) }
    return n
}

/// Who is entering data: the explicit value, else the login name.
public func currentUser(_ explicit: String?) -> String {
    explicit ?? ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName
}

/// The person at the terminal as the ports take them: whoever can open the file holds all of it.
public func terminalActor(_ explicit: String? = nil) -> Actor {
    Actor(account: currentUser(explicit), role: .admin)
}

/// Secrets from the environment are read once and then removed from it (`/proc/PID/environ` no longer shows them);
/// later reads in the same process get the value kept here.
enum EnvironmentSecrets {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var taken: [String: String] = [:]

    static func take(_ name: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let value = taken[name] { return value }
        guard let raw = getenv(name) else { return nil }
        let value = String(cString: raw)
        // /proc/PID/environ shows the process's original environment block: the bytes are wiped there too.
        memset(raw, 0, strlen(raw))
        unsetenv(name)
        guard !value.isEmpty else { return nil }
        taken[name] = value
        return value
    }
}

/// The hosted backend: a PostgreSQL server of many campaigns, one campaign of it, and the host key that wraps the
/// campaigns' data keys.
public struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "A PostgreSQL server of many campaigns, postgres://ROLE:PASSWORD@HOST:PORT/DB (env SIG_DATABASE_URL).")
    public var databaseURL: String?

    @Option(name: .long, help: "The campaign on that server (env SIG_CAMPAIGN).")
    public var campaign: String?

    @Option(name: .long, help: "The host key file (0600) that wraps the campaigns' data keys (env SIG_HOST_KEY).")
    public var hostKey: String?

    public init() {}

    /// The server's address: the option, else `SIG_DATABASE_URL` (taken out of the environment: it may hold a password).
    public var url: String? { databaseURL.flatMap { $0.isEmpty ? nil : $0 } ?? EnvironmentSecrets.take("SIG_DATABASE_URL") }

    /// The campaign id: the option, else `SIG_CAMPAIGN`.
    public var campaignID: String? { campaign ?? ProcessInfo.processInfo.environment["SIG_CAMPAIGN"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The host key file: the option, else `SIG_HOST_KEY`.
    public var hostKeyPath: String? { hostKey ?? ProcessInfo.processInfo.environment["SIG_HOST_KEY"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The host key, when a file is named.
    public func loadedHostKey() throws -> HostKey? { try hostKeyPath.map(HostKey.load(path:)) }

    /// Connects to the server (German errors: unreachable, login refused).
    public func connect() async throws -> PostgresServer {
        guard let url else {
            throw SignatureKitError.invalidField(field: "--database-url", reason: "fehlt (oder Umgebungsvariable SIG_DATABASE_URL)")
        }
        return try await PostgresServer.connect(url: url)
    }

    /// The named campaign on the server.
    public func campaign(electionReference: String? = nil) async throws -> PostgresCampaign {
        guard let id = campaignID else {
            throw SignatureKitError.invalidField(
                field: "--campaign", reason: "fehlt: welche Kampagne des Servers (oder SIG_CAMPAIGN)? `sig-cli campaign list` zeigt sie")
        }
        let hostKey = try loadedHostKey()
        let server = try await connect()
        return try await server.campaign(id, hostKey: hostKey, electionReference: electionReference)
    }
}
