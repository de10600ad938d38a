import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitPostgres

extension PostgresSuites {
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
            let views = try await server.transaction(.host) { tx in try await tx.row("SELECT count(*) FROM pg_views WHERE schemaname = 'sig'")?.int(0)
            }
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
            #expect(
                try await b.record(batch: [(TestSupport.sheet("F1", surname: "Anders"), "bernd")], today: TestSupport.today).first?.canCount == true)
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

        @Test(
            "Purge per campaign: refused before the objection period ends; afterwards names and the campaign's key are gone, counts stay, other campaigns untouched; a rotated host key opens the rest"
        )
        func purgeAndRotate() async throws {
            let dir = TestSupport.tempDir()
            let oldKey = try HostKey.create(path: dir.appendingPathComponent("old.key").path)
            let purged = try await PostgresTestHost.newCampaign(hostKey: oldKey)
            let kept = try await PostgresTestHost.newCampaign(hostKey: oldKey)
            for c in [purged, kept] {
                _ = try await c.record(
                    batch: [(TestSupport.sheet("F1"), "aylin"), (TestSupport.sheet("F2", surname: "Maier"), "aylin")], today: TestSupport.today)
                _ = try await c.setStatus([.init(sheet: "F1", status: .sent), .init(sheet: "F1", status: .certified)], by: Self.orga)
            }
            let rule = purged.election.purgeRule
            await #expect(throws: SignatureKitError.purgeTooEarly(allowedFrom: rule.day, reason: rule.reason)) {
                try await purged.purgePersonalData(today: rule.day.adding(days: -1), force: false, by: Self.orga)
            }
            let summary = try await purged.purgePersonalData(today: rule.day, force: false, by: Self.orga)
            #expect(summary.sheets == 2)
            #expect(try await purged.signers(["F1", "F2"], purpose: .show, by: Self.orga).allSatisfy { $0.surname.isEmpty })
            #expect(try await purged.statusCounts() == [.certified: 1, .entered: 1])
            #expect(try await purged.openCases().isEmpty)
            await #expect(throws: SignatureKitError.self) {
                try await purged.record(batch: [(TestSupport.sheet("F3"), "aylin")], today: TestSupport.today)
            }
            let server = try await PostgresTestHost.server()
            let key = purged.key
            let left = try await server.transaction(.read(campaign: key)) { tx in
                try await tx.row(
                    "SELECT count(*) FILTER (WHERE sealed IS NOT NULL OR surname <> '' OR surnamekey <> ''), (SELECT count(*) FROM sig.campaign WHERE key = $1 AND wrapped_key IS NOT NULL) FROM sig.sheet",
                    [.int32(key)])
            }
            #expect(try left?.int(0) == 0 && left?.int(1) == 0)
            #expect(try await kept.signers(["F2"], purpose: .show, by: Self.orga).first?.surname == "Maier")
            // A new host key: every remaining campaign's key wrapped anew; the old one opens nothing any more.
            let newKey = try HostKey.create(path: dir.appendingPathComponent("new.key").path)
            #expect(try await server.rotateHostKey(from: oldKey, to: newKey) >= 1)
            let reopened = try await server.campaign(kept.id, hostKey: newKey)
            #expect(try await reopened.signers(["F2"], purpose: .show, by: Self.orga).first?.surname == "Maier")
            await #expect(throws: SignatureKitError.self) { try await server.campaign(kept.id, hostKey: oldKey) }
            #expect(try await purged.auditEntries(since: nil).map(\.action).contains("purge"))
        }
    }
}
