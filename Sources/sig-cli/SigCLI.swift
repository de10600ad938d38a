import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

@main
struct SigCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sig-cli",
        abstract: "Record support signatures (Unterstützungsunterschriften) and check them.",
        discussion: "Database: --db PATH, or the environment variable SIG_DB, default ./signatures.sqlite.",
        subcommands: [
            Init.self, Add.self, Edit.self, Import.self, Check.self, Status.self, List.self, Show.self, Review.self,
            Streets.self, Meeting.self, Nominations.self, ElectionCommands.self, Profile.self, Purge.self, Demo.self, Audit.self, Encrypt.self,
            Rekey.self, Backup.self,
            Restore.self,
            User.self, Database.self, Campaign.self,
        ])

    static func main() async { await runGerman(SigCLI.self) }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
