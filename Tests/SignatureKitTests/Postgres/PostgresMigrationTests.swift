import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitPostgres

extension PostgresSuites {
    /// `database init` on a database of an older schema version migrates it in place and keeps its campaigns.
    @Suite(.enabled(if: PostgresTestHost.migrateURL != nil, "SIG_TEST_POSTGRES_MIGRATE_URL names no database"))
    struct PostgresMigrationTests {
        @Test(
            "A version-1 schema with a campaign's sheets migrates to the current version: sheets kept, text in binary order, the address index with the birth key, references checked per statement, removal still cascades"
        )
        func fromVersionOne() async throws {
            let url = try #require(PostgresTestHost.migrateURL)
            _ = try await PostgresTestHost.server()  // the application's role exists (created once, by the main set-up)
            let owner = try await PostgresServer.connect(url: url, maximumConnections: 2)
            defer { Task { await owner.shutdown() } }
            try await owner.maintenance("DROP SCHEMA IF EXISTS sig CASCADE")
            let first = try await owner.initialize(
                appRole: PostgresTestHost.appRole, appPassword: PostgresTestHost.appPassword, upTo: 1)
            #expect(first.createdSchema && first.schemaVersion == 1)
            // A campaign as version 1 stored it: its nomination and two sheets.
            let key = Int32(
                try #require(
                    try await owner.transaction(.host) { tx in
                        try await tx.row(
                            "INSERT INTO sig.campaign (id, election, created_at) VALUES ('alt', 'krefeld-2025', '2025-01-01') RETURNING key")?.int(0)
                    }))
            try await owner.transaction(.write(campaign: key)) { tx in
                try await tx.run("INSERT INTO sig.nomination (id, kind) VALUES ('WB01', 'ward')")
                for number in ["F2", "F10"] {
                    try await tx.run(
                        """
                        INSERT INTO sig.sheet (sheetnumber, nomination, kind, surname, givennames, birthdate, street, housenumber, postalcode,
                          city, signedon, collector, enteredby, enteredat, enteredon, surnamekey, givenkey, surnamecode, givencode, addresskey, birthkey)
                        VALUES ($1, 'WB01', 'ward', 'Muster', 'Erika', '1980-01-02', 'Weg', '1', '47798', 'Krefeld', '2025-05-01', 'aylin',
                          'aylin', '2025-05-01T10:00:00Z', '2025-05-01', 'muster', 'erika', 'M236', 'E620', 'weg|1', 1)
                        """, [.text(number)])
                }
            }
            let migrated = try await owner.initialize(appRole: PostgresTestHost.appRole, appPassword: PostgresTestHost.appPassword)
            #expect(migrated.migratedFrom == 1 && migrated.schemaVersion == PostgresSchema.version && !migrated.createdSchema)
            let again = try await owner.initialize(appRole: PostgresTestHost.appRole, appPassword: PostgresTestHost.appPassword)
            #expect(again.migratedFrom == nil && !again.createdSchema)
            let (numbers, collation, references, addressIndex) = try await owner.transaction(.write(campaign: key)) { tx in
                (
                    try await tx.rows("SELECT sheetnumber FROM sig.sheet ORDER BY sheetnumber").map { try $0.text(0) },
                    try await tx.row(
                        """
                        SELECT c.collname FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation
                        WHERE a.attrelid = 'sig.sheet'::regclass AND a.attname = 'addresskey'
                        """)?.text(0),
                    try await tx.rows(
                        "SELECT confrelid::regclass::text FROM pg_constraint WHERE conrelid = 'sig.sheet'::regclass AND contype = 'f' ORDER BY 1"
                    ).map { try $0.text(0) },
                    try await tx.row("SELECT indexdef FROM pg_indexes WHERE schemaname = 'sig' AND indexname = 'sheet_address'")?.text(0)
                )
            }
            let triggers = try await owner.transaction(.host) { tx in
                try await tx.rows(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid::regclass::text LIKE 'sig.%' AND NOT tgisinternal ORDER BY 1"
                ).map { try $0.text(0) }
            }
            #expect(
                triggers == [
                    "finding_insert", "finding_update", "nomination_delete", "nomination_update", "pair_insert", "pair_update", "sheet_delete",
                    "sheet_insert", "sheet_update",
                ])
            #expect(addressIndex?.hasSuffix("(campaign_id, kind, addresskey, surnamekey, birthkey)") == true)
            #expect(numbers == ["F10", "F2"])
            #expect(collation == "C")
            #expect(references == ["sig.sheet"])  // only a duplicate's own sheet; the nomination checked per statement
            // Removing the campaign still removes its sheets and their findings (through the nomination now).
            let left = try await owner.transaction(.write(campaign: key)) { tx in
                try await tx.run(
                    "INSERT INTO sig.finding (sheetid, code, severity, message, basis) SELECT id, 'test', 'warning', 'Test', '§ 0' FROM sig.sheet")
                try await tx.run("DELETE FROM sig.campaign WHERE key = sig.current_campaign()")
                return [try await tx.row("SELECT count(*) FROM sig.sheet")?.int(0), try await tx.row("SELECT count(*) FROM sig.finding")?.int(0)]
            }
            #expect(left == [0, 0])
            // The application works on the migrated database.
            let app = try await PostgresServer.connect(url: PostgresTestHost.appURL(for: url), maximumConnections: 2)
            defer { Task { await app.shutdown() } }
            let campaign = try await app.createCampaign(
                id: "neu", election: TestSupport.election, title: "Neu", meetingDate: TestSupport.day("2025-03-01"), hostKey: nil)
            _ = try await campaign.record(batch: [(TestSupport.sheet("F1"), "aylin")], today: TestSupport.today)
            #expect(try await campaign.statusCounts()[.entered] == 1)
        }
    }
}
