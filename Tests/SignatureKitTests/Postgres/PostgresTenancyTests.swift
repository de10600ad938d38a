import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitPostgres

/// The walls between campaigns on one PostgreSQL database: forced row-level security on every table, an application
/// role that cannot bypass it, the campaign set per transaction only, and per-campaign keys.
@Suite(.enabled(if: PostgresTestHost.isConfigured, "SIG_TEST_POSTGRES_URL names no server"))
struct PostgresTenancyTests {
    static let orga = Actor(account: "orga", role: .organizer)

    @Test("Every table of the schema is under forced row-level security; the application's role owns none and cannot bypass it")
    func everyTableUnderPolicy() async throws {
        let server = try await PostgresTestHost.server()
        let tables = try await server.transaction(.host) { tx in
            try await tx.rows(
                """
                SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                  EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'sig' AND p.tablename = c.relname)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'sig' AND c.relkind IN ('r', 'p') ORDER BY c.relname
                """
            ).map { (try $0.text(0), try $0.bool(1), try $0.bool(2), try $0.bool(3)) }
        }
        #expect(tables.count == PostgresSchema.campaignTables.count + 1)
        for (name, enabled, forced, policy) in tables {
            #expect(enabled && forced && policy, "table \(name) is not under a forced policy")
        }
        let role = try await server.transaction(.host) { tx in
            try await tx.row(
                """
                SELECT rolsuper, rolbypassrls, (SELECT count(*) FROM pg_tables WHERE schemaname = 'sig' AND tableowner = current_user)
                FROM pg_roles WHERE rolname = current_user
                """
            ).map { (try $0.bool(0), try $0.bool(1), try $0.int(2)) }
        }
        #expect(role?.0 == false && role?.1 == false && role?.2 == 0)
        // Views would run with their owner's rights: there are none.
        let views = try await server.transaction(.host) { tx in try await tx.row("SELECT count(*) FROM pg_views WHERE schemaname = 'sig'")?.int(0) }
        #expect(views == 0)
    }

    @Test("A transaction set to one campaign reads, changes and inserts nothing of another's; unset, it sees nothing")
    func isolation() async throws {
        let server = try await PostgresTestHost.server()
        let a = try await PostgresTestHost.newCampaign()
        let b = try await PostgresTestHost.newCampaign()
        _ = try await a.record(
            batch: [(TestSupport.sheet("F1"), "aylin"), (TestSupport.sheet("F2", surname: "Zwei"), "aylin")], today: TestSupport.today)
        let aKey = a.key
        let seen = try await server.transaction(.write(campaign: b.key)) { tx in
            (
                try await tx.row("SELECT count(*) FROM sig.sheet")?.int(0),
                try await tx.row("SELECT count(*) FROM sig.sheet WHERE campaign_id = $1", [.int32(aKey)])?.int(0),
                try await tx.row("SELECT count(*) FROM sig.audit")?.int(0),
                try await tx.rows("UPDATE sig.sheet SET status = 'lost' WHERE campaign_id = $1 RETURNING id", [.int32(aKey)]).count,
                try await tx.rows("DELETE FROM sig.finding WHERE campaign_id = $1 RETURNING id", [.int32(aKey)]).count
            )
        }
        #expect(seen.0 == 0 && seen.1 == 0 && seen.2 == 0 && seen.3 == 0 && seen.4 == 0)
        // Inserting a row for another campaign is refused by the policy (42501), and the transaction with it.
        await #expect(throws: SignatureKitError.serverFailure(server: server.display, state: "42501")) {
            try await server.transaction(.write(campaign: b.key)) { tx in
                try await tx.run(
                    "INSERT INTO sig.meta (campaign_id, key, value) VALUES ($1, 'doubleEntry', '1')", [.int32(aKey)])
            }
        }
        // The audit record is append-only for the application, even in its own campaign.
        await #expect(throws: SignatureKitError.serverFailure(server: server.display, state: "42501")) {
            try await server.transaction(.write(campaign: aKey)) { tx in try await tx.run("DELETE FROM sig.audit") }
        }
        // Without a campaign (the next transaction on a pooled connection) nothing is visible.
        let unset = try await server.transaction(.host) { tx in try await tx.row("SELECT count(*) FROM sig.sheet")?.int(0) }
        #expect(unset == 0)
        // Through the ports: B knows nothing of A's sheets, A is as it was.
        #expect(try await b.statusCounts().isEmpty)
        #expect(try await b.hasSheet("F1") == false)
        await #expect(throws: SignatureKitError.sheetNotFound("F1")) { try await b.sheetInfo("F1") }
        #expect(try await a.statusCounts() == [.entered: 2])
        #expect(try await a.verifyAudit() == .whole(entries: 2))
        #expect(try await b.verifyAudit() == .whole(entries: 0))
        // The same sheet number in two campaigns is two sheets.
        #expect(try await b.record(batch: [(TestSupport.sheet("F1", surname: "Anders"), "bernd")], today: TestSupport.today).first?.canCount == true)
    }

    @Test("An encrypted campaign: names, birth dates and addresses never reach the server in clear; opened only with its host key")
    func encryptedCampaign() async throws {
        let dir = TestSupport.tempDir()
        let keyPath = dir.appendingPathComponent("host.key").path
        let hostKey = try HostKey.create(path: keyPath)
        #expect(try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int == 0o600)
        let campaign = try await PostgresTestHost.newCampaign(hostKey: hostKey)
        #expect(campaign.isEncrypted)
        let sheet = TestSupport.sheet("F1", surname: "Geheimname", given: "Verborgen")
        _ = try await campaign.record(
            batch: [(sheet, "aylin"), (TestSupport.sheet("F2", surname: "Geheimnahme", given: "Verborgen"), "aylin")], today: TestSupport.today)
        let server = try await PostgresTestHost.server()
        let key = campaign.key
        let clear = try await server.transaction(.read(campaign: key)) { tx in
            try await tx.row(
                """
                SELECT count(*) FROM sig.sheet WHERE concat_ws(' ', surname, givennames, birthdate, street, housenumber, postalcode, city,
                  surnamekey, givenkey, surnamecode, givencode, addresskey, sealed) ~* '(geheim|verborgen|1980|hauptstr|47798|krefeld)'
                """)?.int(0)
        }
        #expect(clear == 0)
        // The keyed blocking hashes still pair the two spellings.
        #expect(try await campaign.openCases().count == 1)
        #expect(try await campaign.signers(["F1"], purpose: .show, by: Self.orga).first?.surname == "Geheimname")
        await #expect(throws: SignatureKitError.self) { try await server.campaign(campaign.id, hostKey: nil) }
        let other = try HostKey.create(path: dir.appendingPathComponent("other.key").path)
        do {
            _ = try await server.campaign(campaign.id, hostKey: other)
            Issue.record("opened with another host key")
        } catch let error as SignatureKitError {
            #expect(error.code == .hostKeyMissing && error.errorDescription?.contains("nicht der Hostschlüssel") == true)
        }
        let reopened = try await server.campaign(campaign.id, hostKey: try HostKey.load(path: keyPath))
        #expect(try await reopened.signers(["F2"], purpose: .show, by: Self.orga).first?.surname == "Geheimnahme")
        chmod(keyPath, 0o644)
        #expect(throws: SignatureKitError.self) { try HostKey.load(path: keyPath) }
    }

    @Test("Bad addresses: an unreachable server, a wrong password, an unknown campaign – German messages, nothing written")
    func badAddresses() async throws {
        var wrong = URLComponents(string: PostgresTestHost.appURL)!
        wrong.password = "falsch"
        do {
            _ = try await PostgresServer.connect(url: wrong.string!)
            Issue.record("connected with a wrong password")
        } catch let error as SignatureKitError {
            #expect(error.code == .serverLoginFailed && error.errorDescription?.contains("Anmeldung als „sig_app_test“ abgelehnt") == true)
            #expect(error.errorDescription?.contains("app-test-password") == false)
        }
        var closed = URLComponents(string: PostgresTestHost.appURL)!
        closed.port = 1
        do {
            _ = try await PostgresServer.connect(url: closed.string!)
            Issue.record("connected to a closed port")
        } catch let error as SignatureKitError {
            #expect(error.code == .serverUnreachable && error.errorDescription?.contains("127.0.0.1:1/") == true)
        }
        #expect(throws: SignatureKitError.self) { try PostgresServer.Address(url: "mysql://x@y/z") }
        let server = try await PostgresTestHost.server()
        await #expect(throws: SignatureKitError.campaignNotFound("gibt-es-nicht")) { try await server.campaign("gibt-es-nicht", hostKey: nil) }
        await #expect(throws: SignatureKitError.self) {
            try await server.createCampaign(id: "Mit Leerzeichen", election: TestSupport.election, title: "", hostKey: nil)
        }
    }
}
