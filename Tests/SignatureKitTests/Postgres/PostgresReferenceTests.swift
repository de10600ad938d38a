import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitPostgres

extension PostgresSuites {
    /// The references of sheets to their nomination and of findings and pairs to their sheets, checked once per
    /// statement (schema version 4) instead of by foreign keys: the same refusals and the same cascades.
    @Suite(.enabled(if: PostgresTestHost.isConfigured, "SIG_TEST_POSTGRES_URL names no server"))
    struct PostgresReferenceTests {
        /// Runs `sql` in its own transaction of `campaign`: nil when it went through, "23503" when a reference was missing,
        /// else the error.
        static func refusal(_ server: PostgresServer, _ campaign: Int32, _ sql: String, _ values: [PGValue] = []) async -> String? {
            do {
                try await server.transaction(.write(campaign: campaign)) { tx in try await tx.run(sql, values) }
                return nil
            } catch let error as SignatureKitError where error == .serverFailure(server: server.display, state: "23503") {
                return "23503"
            } catch {
                return "\(error)"
            }
        }

        @Test(
            "A sheet of an unknown nomination, a finding or pair of an unknown sheet (or another campaign's), a changed key still referenced: refused with 23503; removing a sheet removes its findings and pairs, removing the campaign everything"
        )
        func referencesChecked() async throws {
            let server = try await PostgresTestHost.server()
            let a = try await PostgresTestHost.newCampaign()
            let b = try await PostgresTestHost.newCampaign()
            // F1 and F3 are one person twice (a pair); F2 another; F9 in campaign B.
            _ = try await a.record(
                batch: [
                    (TestSupport.sheet("F1"), "aylin"), (TestSupport.sheet("F2", surname: "Zwei", born: "02.02.1972"), "aylin"),
                    (TestSupport.sheet("F3"), "aylin"),
                ], today: TestSupport.today)
            _ = try await b.record(batch: [(TestSupport.sheet("F9"), "bernd")], today: TestSupport.today)
            let (aKey, bKey) = (a.key, b.key)
            func ids(_ key: Int32) async throws -> [String: Int64] {
                try await server.transaction(.write(campaign: key)) { tx in
                    Dictionary(
                        uniqueKeysWithValues: try await tx.rows("SELECT sheetnumber, id FROM sig.sheet").map { (try $0.text(0), try $0.int64(1)) })
                }
            }
            let sheets = try await ids(aKey)
            let f1 = try #require(sheets["F1"])
            let f2 = try #require(sheets["F2"])
            let f3 = try #require(sheets["F3"])
            let f9 = try #require(try await ids(bKey)["F9"])
            let missing = f1 + f2 + f3 + f9 + 1000
            try await server.transaction(.write(campaign: aKey)) { tx in
                for id in [f1, f2, f3] {
                    try await tx.run(
                        "INSERT INTO sig.finding (sheetid, code, severity, message, basis) VALUES ($1, 'test', 'warning', 'Test', '§ 0')",
                        [.bigint(id)])
                }
            }
            let nomination = TestSupport.sheet().nomination.description
            let sheetInsert = """
                INSERT INTO sig.sheet (sheetnumber, nomination, kind, surname, givennames, birthdate, street, housenumber, postalcode, city,
                  signedon, collector, enteredby, enteredat, enteredon, surnamekey, givenkey, surnamecode, givencode, addresskey, birthkey)
                VALUES ($1, $2, 'ward', 'Muster', 'Erika', '1980-01-02', 'Weg', '1', '47798', 'Krefeld', '2025-05-01', 'aylin', 'aylin',
                  '2025-05-01T10:00:00Z', '2025-05-01', 'muster', 'erika', 'M236', 'E620', 'weg|1', 1)
                """
            // Inserts: a sheet of a nomination the campaign does not have; a finding and a pair of a sheet that does not
            // exist, or that exists only in campaign B.
            #expect(await Self.refusal(server, aKey, sheetInsert, [.text("F7"), .text("ward:99")]) == "23503")
            #expect(await Self.refusal(server, aKey, sheetInsert, [.text("F8"), .text(nomination)]) == nil)
            let finding = "INSERT INTO sig.finding (sheetid, code, severity, message, basis) VALUES ($1, 'test', 'warning', 'Test', '§ 0')"
            #expect(await Self.refusal(server, aKey, finding, [.bigint(missing)]) == "23503")
            #expect(await Self.refusal(server, aKey, finding, [.bigint(f9)]) == "23503")
            let pair = "INSERT INTO sig.pair (sheeta, sheetb, class, score, reasons, decision) VALUES ($1, $2, 'possible', 0.9, '', 'open')"
            #expect(await Self.refusal(server, aKey, pair, [.bigint(f2), .bigint(missing)]) == "23503")
            #expect(await Self.refusal(server, aKey, pair, [.bigint(f9), .bigint(f2)]) == "23503")
            #expect(await Self.refusal(server, aKey, pair, [.bigint(f2), .bigint(f3)]) == nil)
            // Changes: a sheet to an unknown nomination, a finding or pair to an unknown sheet, a nomination with sheets
            // renamed.
            let renamed = "UPDATE sig.sheet SET nomination = 'ward:99' WHERE id = $1"
            #expect(await Self.refusal(server, aKey, renamed, [.bigint(f1)]) == "23503")
            #expect(
                await Self.refusal(server, aKey, "UPDATE sig.finding SET sheetid = $1 WHERE sheetid = $2", [.bigint(missing), .bigint(f1)]) == "23503"
            )
            #expect(await Self.refusal(server, aKey, "UPDATE sig.pair SET sheetb = $1 WHERE sheeta = $2", [.bigint(f9), .bigint(f2)]) == "23503")
            #expect(await Self.refusal(server, aKey, "UPDATE sig.nomination SET id = 'ward:98' WHERE id = $1", [.text(nomination)]) == "23503")
            // Changes that keep every reference go through.
            #expect(await Self.refusal(server, aKey, "UPDATE sig.sheet SET status = 'submitted' WHERE id = $1", [.bigint(f1)]) == nil)
            #expect(await Self.refusal(server, aKey, "UPDATE sig.pair SET decision = 'distinct' WHERE sheeta = $1", [.bigint(f2)]) == nil)
            // Removing F3 removes its findings and both its pairs (with F1 and with F2), nothing else.
            func counts(_ key: Int32, of sheet: Int64 = 0) async throws -> [Int] {
                try await server.transaction(.write(campaign: key)) { tx in
                    [
                        try await tx.row("SELECT count(*) FROM sig.sheet WHERE $1 IN (0, id)", [.bigint(sheet)])?.int(0) ?? -1,
                        try await tx.row("SELECT count(*) FROM sig.finding WHERE $1 IN (0, sheetid)", [.bigint(sheet)])?.int(0) ?? -1,
                        try await tx.row("SELECT count(*) FROM sig.pair WHERE $1 IN (0, sheeta, sheetb)", [.bigint(sheet)])?.int(0) ?? -1,
                    ]
                }
            }
            let before = try await counts(aKey)
            let inB = try await counts(bKey)
            let ofF3 = try await counts(aKey, of: f3)
            #expect(before[0] == 4 && ofF3[0] == 1 && ofF3[1] >= 1 && ofF3[2] == 2)
            #expect(await Self.refusal(server, aKey, "DELETE FROM sig.sheet WHERE id = $1", [.bigint(f3)]) == nil)
            #expect(try await counts(aKey) == zip(before, ofF3).map { $0 - $1 })
            #expect(try await counts(aKey, of: f3) == [0, 0, 0])
            // Removing the campaign removes its nominations, and with them its sheets, findings and pairs; B keeps its own.
            #expect(await Self.refusal(server, aKey, pair, [.bigint(f1), .bigint(f2)]) == nil)
            #expect(await Self.refusal(server, aKey, "DELETE FROM sig.campaign WHERE key = sig.current_campaign()") == nil)
            #expect(try await counts(aKey) == [0, 0, 0])
            #expect(try await counts(bKey) == inB && inB[0] == 1)
        }
    }
}
