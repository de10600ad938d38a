import ArgumentParser
import Foundation
import SignatureKit

@main
struct SigCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sig-cli",
        abstract: "Record support signatures (Unterstützungsunterschriften) and check them.",
        discussion: "Database: --db PATH, or the environment variable SIG_DB, default ./signatures.sqlite.",
        subcommands: [Init.self, Add.self, Import.self, Check.self, Status.self, List.self, Show.self, Review.self,
            Streets.self, Meeting.self, Demo.self])

    static func main() {
        umask(0o077)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // ArgumentParser's own messages start with "Error:"; the user reads German.
            let message = fullMessage(for: error)
            if !message.isEmpty {
                let german = message.hasPrefix("Error: ") ? "Fehler: " + message.dropFirst(7) : message
                FileHandle.standardError.write(Data((german + "\n").utf8))
            }
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }
}

/// Options every subcommand shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The database file (env SIG_DB, default ./signatures.sqlite).")
    var db: String = ProcessInfo.processInfo.environment["SIG_DB"] ?? "signatures.sqlite"

    @Option(name: .long, help: "The election: a bundled id (krefeld-2025) or a JSON file; default: the database's.")
    var election: String?

    func open() throws -> SignatureDatabase {
        try SignatureDatabase.open(at: db, electionReference: election)
    }
}

/// Who is entering data: `--entered-by`, else the login name.
func currentUser(_ explicit: String?) -> String {
    explicit ?? ProcessInfo.processInfo.environment["USER"] ?? "unbekannt"
}

/// Runs a command body; library errors print as a German sentence on stderr and exit 2.
func guarded(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SignatureKitError {
        printError("Fehler: \(error.localizedDescription)")
        throw ExitCode(2)
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("Fehler: \(germanDescription(of: error))")
        throw ExitCode(2)
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// A date option accepting 14.09.2025 and 2025-09-14; a bad value gives a German message when used.
struct DayArgument: ExpressibleByArgument {
    let text: String
    init?(argument: String) { text = argument }

    /// The day, or a German error naming the option.
    func day(_ option: String) throws -> CalendarDay {
        guard let d = CalendarDay(parsing: text) else {
            throw SignatureKitError.invalidField(field: option, reason: "„\(text)“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)")
        }
        return d
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
