import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitPostgres

extension PostgresSuites {
    /// The programs on the hosted backend, as a host's administrator and a campaign's team use them.
    @Suite(.enabled(if: PostgresTestHost.isConfigured, "SIG_TEST_POSTGRES_URL names no server"))
    struct PostgresCLITests {
        let cli = CLITests()

        @Test("database init once more changes nothing; campaign create, user add, add, list and audit on the server; the file commands refuse it")
        func workflow() async throws {
            _ = try await PostgresTestHost.server()
            let dir = TestSupport.tempDir()
            let pw = TestSupport.write(PostgresTestHost.appPassword + "\n", in: dir, name: "app.pw")
            chmod(pw, 0o600)
            let again = try cli.run(
                "sig-cli",
                [
                    "database", "init", "--database-url", PostgresTestHost.ownerURL ?? "", "--app-role", PostgresTestHost.appRole,
                    "--app-password-file",
                    pw,
                ])
            #expect(again.status == 0 && again.out.contains("Schema ist schon auf Stand") && again.out.contains("gab es schon"))
            let key = dir.appendingPathComponent("host.key").path
            #expect(try cli.run("sig-cli", ["database", "host-key", key]).status == 0)
            let id = "cli-" + UUID().uuidString.lowercased().prefix(12)
            let env = ["SIG_DATABASE_URL": PostgresTestHost.appURL, "SIG_HOST_KEY": key]
            let created = try cli.run(
                "sig-cli", ["campaign", "create", String(id), "--election", "krefeld-2025", "--title", "LUKS"], environment: env)
            #expect(created.status == 0 && created.out.contains("verschlüsselt"))
            let campaignEnv = env.merging(["SIG_CAMPAIGN": String(id)]) { $1 }
            #expect(
                try cli.run(
                    "sig-cli", ["user", "add", "orga", "--role", "organizer", "--password-stdin"], stdin: "geheim-genug-1\n", environment: campaignEnv
                ).status == 0)
            let add = try cli.run(
                "sig-cli",
                [
                    "add", "--sheet", "F1", "--nomination", "12", "--surname", "Meier", "--given-names", "Anna", "--born", "12.03.1980", "--street",
                    "Hauptstraße", "--house-number", "12a", "--postal-code", "47798", "--city", "Krefeld", "--signed-on", "01.05.2025", "--collector",
                    "Aylin",
                ], environment: campaignEnv)
            #expect(add.status == 0 && add.out.contains("F1: gespeichert"))
            let list = try cli.run("sig-cli", ["list"], environment: campaignEnv)
            #expect(list.status == 0 && list.out.contains("F1          ward:12"))
            #expect(try cli.run("sig-cli", ["audit", "verify"], environment: campaignEnv).out.contains("Kette unverändert"))
            let listed = try cli.run("sig-cli", ["campaign", "list"], environment: env)
            #expect(listed.status == 0 && listed.out.contains(String(id)) && !listed.out.contains("Meier"))
            let progress = try cli.run("sig-report", ["progress"], environment: campaignEnv)
            #expect(progress.status == 0 && progress.out.contains("Wahlbezirk 12"))
            for file in [["init"], ["backup", "--to", dir.appendingPathComponent("b.sqlite").path], ["purge"]] {
                let refused = try cli.run("sig-cli", file, environment: campaignEnv)
                #expect(refused.status == 2 && refused.err.contains("--database-url"), "\(file)")
            }
        }

        @Test(
            "Bad input on the server: unreachable, wrong password, missing host key, unknown campaign – a German line naming it, exit 2, nothing written",
            arguments: ["unreachable", "password", "hostkey", "campaign"])
        func badInput(kind: String) async throws {
            _ = try await PostgresTestHost.server()
            let dir = TestSupport.tempDir()
            let key = dir.appendingPathComponent("host.key").path
            _ = try HostKey.create(path: key)
            let encrypted = try await PostgresTestHost.newCampaign(hostKey: try HostKey.load(path: key))
            var url = URLComponents(string: PostgresTestHost.appURL) ?? URLComponents()
            var campaign = encrypted.id
            var hostKey: String? = key
            var expected = ""
            switch kind {
            case "unreachable":
                url.port = 1
                expected = "nicht erreichbar"
            case "password":
                url.password = "Xq7-nicht-das-passwort"
                expected = "Anmeldung als „\(PostgresTestHost.appRole)“ abgelehnt"
            case "hostkey":
                hostKey = nil
                expected = "Hostschlüssel"
            default:
                campaign = "gibt-es-nicht"
                expected = "Kampagne „gibt-es-nicht“ gibt es auf diesem Server nicht"
            }
            var env = ["SIG_DATABASE_URL": url.string ?? "", "SIG_CAMPAIGN": campaign]
            if let hostKey { env["SIG_HOST_KEY"] = hostKey }
            let r = try cli.run(
                "sig-cli", ["user", "add", "neu", "--role", "volunteer", "--password-stdin"], stdin: "geheim-genug-1\n", environment: env)
            #expect(r.status == 2)
            #expect(r.err.hasPrefix("Fehler: ") && r.err.contains(expected), "\(r.err)")
            #expect(!r.err.contains("Xq7-nicht-das-passwort") && !r.err.contains(PostgresTestHost.appPassword))
            #expect(try await encrypted.accountList().isEmpty)
        }

        @Test(
            "A login role that row-level security does not bind (BYPASSRLS) is refused: no campaign created, listed or opened, sig-cli exits 2 naming it",
            .enabled(if: PostgresTestHost.bypassURL != nil, "SIG_TEST_POSTGRES_BYPASS_URL names no role"))
        func unboundRole() async throws {
            let bypassURL = try #require(PostgresTestHost.bypassURL)
            let campaign = try await PostgresTestHost.newCampaign()
            _ = try await campaign.record(batch: [(TestSupport.sheet("F1"), "aylin")], today: TestSupport.today)
            // With the application's rights as well, the role could read every campaign's sheets, were it not refused.
            let owner = try await PostgresServer.connect(url: try #require(PostgresTestHost.ownerURL), maximumConnections: 1)
            try await owner.maintenance("GRANT \(PostgresTestHost.appRole) TO sig_bypass_test")
            await owner.shutdown()
            let server = try await PostgresServer.connect(url: bypassURL, maximumConnections: 2)
            let refusal = SignatureKitError.serverRoleUnbound(server: server.display, role: "sig_bypass_test")
            await #expect(throws: refusal) { try await server.campaign(campaign.id, hostKey: nil) }
            await #expect(throws: refusal) { try await server.campaigns() }
            await #expect(throws: refusal) {
                try await server.createCampaign(id: "nicht-angelegt", election: TestSupport.election, title: "", hostKey: nil)
            }
            await server.shutdown()
            let r = try cli.run("sig-cli", ["list"], environment: ["SIG_DATABASE_URL": bypassURL, "SIG_CAMPAIGN": campaign.id])
            #expect(r.status == 2)
            #expect(r.err.hasPrefix("Fehler: ") && r.err.contains("„sig_bypass_test“ ist Superuser oder umgeht die Zeilensicherheit"), "\(r.err)")
            #expect(r.out.isEmpty && !r.err.contains("bypass-test-pw"))
            let app = try await PostgresTestHost.server()
            #expect(try await app.campaigns().map(\.id).contains("nicht-angelegt") == false)
            #expect(try await campaign.statusCounts() == [.entered: 1])
        }
    }
}
