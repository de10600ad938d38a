import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitPostgres

extension PostgresSuites {
    /// The same campaign on both backends: an import finds the same duplicates and findings; a campaign moved SQLite →
    /// PostgreSQL → SQLite lists the same sheets, findings and audit chain as before.
    @Suite(.enabled(if: PostgresTestHost.isConfigured, "SIG_TEST_POSTGRES_URL names no server"))
    struct PostgresMoveTests {
        static let orga = Actor(account: "orga", role: .organizer)

        /// Findings as people read them, without the case numbers (each backend numbers its cases itself).
        static func readable(_ findings: [CheckFinding]) -> [String] {
            findings.map { f in
                "\(f.code) \(f.severity) \(f.sheets.joined(separator: ",")) "
                    + f.message.replacingOccurrences(of: #"Prüffall \d+"#, with: "Prüffall #", options: .regularExpression)
            }
        }

        @Test(
            "Importing 5,000 generated sheets (duplicates, variants, conflicts): PostgreSQL in three chunks (the third sees the first through the table) finds what SQLite finds, plain and encrypted",
            arguments: [false, true])
        func importAlike(encrypted: Bool) async throws {
            let dir = TestSupport.tempDir()
            let csv = dir.appendingPathComponent("sheets.csv").path
            try DemoData.writeCSV(path: csv, count: 5000, seed: 5)
            let file = try SignatureDatabase.create(
                at: dir.appendingPathComponent("a.sqlite").path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
            let fromFile = try await file.importSheets(from: csv, by: Self.orga, today: TestSupport.today, rejectsPath: nil, showValues: false)
            let hostKey = encrypted ? try HostKey.create(path: dir.appendingPathComponent("host.key").path) : nil
            let campaign = try await PostgresTestHost.newCampaign(hostKey: hostKey)
            let fromServer = try await campaign.importSheets(from: csv, by: Self.orga, today: TestSupport.today, rejectsPath: nil, showValues: false)
            #expect(fromServer.stored == fromFile.stored && fromServer.stored > 4400)
            #expect(fromServer.possibleDuplicates == fromFile.possibleDuplicates && fromServer.rejectedRows == fromFile.rejectedRows)
            #expect(fromServer.storedWithErrors == fromFile.storedWithErrors)
            let fileFindings = Self.readable(try await file.campaignFindings())
            #expect(fileFindings.contains { $0.hasPrefix("duplicate ") } && fileFindings.contains { $0.contains("conflict") })
            #expect(Self.readable(try await campaign.campaignFindings()) == fileFindings)
            #expect(
                try await campaign.sheetList(nomination: nil, status: nil, enteredBy: nil)
                    == file.sheetList(nomination: nil, status: nil, enteredBy: nil)
            )
            let (serverProgress, fileProgress) = (
                try await campaign.progress(asOf: TestSupport.today), try await file.progress(asOf: TestSupport.today)
            )
            #expect(serverProgress.byNomination == fileProgress.byNomination && serverProgress.firstDay == fileProgress.firstDay)
            #expect(serverProgress.daily.map(\.count) == fileProgress.daily.map(\.count))
            // The same file again: every sheet already there, nothing new.
            let again = try await campaign.importSheets(from: csv, by: Self.orga, today: TestSupport.today, rejectsPath: nil, showValues: false)
            #expect(again.stored == 0 && again.alreadyPresent == fromServer.stored)
            // The full pass over the imported campaign finds nothing the import missed, on either side.
            #expect(try await campaign.fullDuplicatePass(by: Self.orga).newPairs == file.fullDuplicatePass(by: Self.orga).newPairs)
            #expect(try await campaign.verifyAudit() == .whole(entries: 1))
        }

        @Test(
            "A second import looks up each birth block in three parts: a sheet sharing only birth date and address with a stored one is found, and a person's twelfth stored sheet too (each sheet counted once), as on SQLite"
        )
        func birthBlockInParts() async throws {
            let dir = TestSupport.tempDir()
            let header = "sheet;nomination;surname;given_names;born;street;house_number;postal_code;city;signed_on;collector"
            // Becker/Decker and Tanja/Sanja: one typo each, and neither the surname's nor the given name's sound code
            // alike, so only birth date and address bring them together. The same person twelve times at twelve addresses
            // (surname and given-name codes alike: each stored sheet answers two parts), the twelfth in ward 12.
            let first =
                ["B1;ward:3;Becker;Tanja;02.01.1980;Nordwall;15;47798;Krefeld;02.06.2025;aylin"]
                + (1...12).map { "P\($0);ward:\($0);Wolfhoff;Jana;25.01.1988;Blumentalstraße;\($0);47809;Krefeld;03.06.2025;aylin" }
            let second = [
                "B2;ward:3;Decker;Sanja;02.01.1980;Nordwall;15;47798;Krefeld;04.06.2025;aylin",
                "P13;ward:12;Wolfhoff;Jana;25.01.1988;Blumentalstraße;99;47809;Krefeld;04.06.2025;aylin",
            ]
            let (a, b) = (dir.appendingPathComponent("a.csv").path, dir.appendingPathComponent("b.csv").path)
            try ([header] + first).joined(separator: "\n").appending("\n").write(toFile: a, atomically: true, encoding: .utf8)
            try ([header] + second).joined(separator: "\n").appending("\n").write(toFile: b, atomically: true, encoding: .utf8)
            let file = try SignatureDatabase.create(
                at: dir.appendingPathComponent("a.sqlite").path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
            let campaign = try await PostgresTestHost.newCampaign()
            _ = try await file.importSheets(from: a, by: Self.orga, today: TestSupport.today, rejectsPath: nil, showValues: false)
            _ = try await campaign.importSheets(from: a, by: Self.orga, today: TestSupport.today, rejectsPath: nil, showValues: false)
            let fromFile = try await file.importSheets(from: b, by: Self.orga, today: TestSupport.today, rejectsPath: nil, showValues: false)
            let fromServer = try await campaign.importSheets(from: b, by: Self.orga, today: TestSupport.today, rejectsPath: nil, showValues: false)
            #expect(fromFile.stored == 2 && fromFile.possibleDuplicates == 1 && fromFile.duplicates == 1)
            #expect(fromServer.possibleDuplicates == fromFile.possibleDuplicates && fromServer.duplicates == fromFile.duplicates)
            #expect(fromServer.conflicts == fromFile.conflicts)
            let fileFindings = Self.readable(try await file.campaignFindings())
            #expect(fileFindings.contains { $0.contains("B1,B2") } && fileFindings.contains { $0.contains("P12,P13") })
            #expect(Self.readable(try await campaign.campaignFindings()) == fileFindings)
        }

        @Test("A number again in a later chunk of the first import: the same sheet is already there, another content is refused, as on SQLite")
        func numberAgainInLaterChunk() async throws {
            let dir = TestSupport.tempDir()
            let csv = dir.appendingPathComponent("sheets.csv").path
            try DemoData.writeCSV(path: csv, count: 2500, seed: 7)
            let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
            var changed = lines[2].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            changed[2] = "Anders"
            try (lines + [lines[1], changed.joined(separator: ";")]).joined(separator: "\n").appending("\n")
                .write(toFile: csv, atomically: true, encoding: .utf8)
            let file = try SignatureDatabase.create(
                at: dir.appendingPathComponent("a.sqlite").path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
            let fromFile = try await file.importSheets(from: csv, by: Self.orga, today: TestSupport.today, rejectsPath: nil, showValues: false)
            let campaign = try await PostgresTestHost.newCampaign()
            let fromServer = try await campaign.importSheets(from: csv, by: Self.orga, today: TestSupport.today, rejectsPath: nil, showValues: false)
            #expect(fromFile.alreadyPresent == 1 && fromServer.alreadyPresent == 1)
            #expect(fromServer.stored == fromFile.stored && fromServer.rejectedRows == fromFile.rejectedRows)
            #expect(fromServer.rejected.map(\.line) == fromFile.rejected.map(\.line) && fromServer.rejected.map(\.line).contains(2503))
        }

        @Test(
            "The import's server jobs keep their order: a chunk's lookups wait for the writes of the chunk before last (slow here), so a sheet meets its duplicate two chunks back in the table and one chunk back in memory"
        )
        func chunkJobsInOrder() async throws {
            let anna = TestSupport.sheet("A1")
            let jonas = TestSupport.sheet("J2", surname: "Yilmaz", given: "Jonas", born: "07.11.1991", street: "Rheinstraße", house: "4")
            let other = TestSupport.sheet("O1", surname: "Becker", given: "Paula", born: "30.06.1962", street: "Ostwall", house: "100")
            var annaAgain = anna
            annaAgain.sheetNumber = "A3"
            var jonasAgain = jonas
            jonasAgain.sheetNumber = "J3"
            let campaign = try await PostgresTestHost.newCampaign()
            let found = try await Self.importInChunks(
                [[anna, other], [jonas], [annaAgain, jonasAgain]], into: campaign, writeDelay: .milliseconds(300))
            #expect(found == ["A3-A1 duplicate", "J3-J2 duplicate"])
            #expect(try await campaign.sheetList(nomination: nil, status: nil, enteredBy: nil).count == 5)
        }

        @Test(
            "A first import looks up only the blocks a stored sheet may share (by the hashes of the stored blocks): a sheet sharing only birth date and address, or only address and surname, with one two chunks back is found"
        )
        func firstImportLooksUpSharedBlocksOnly() async throws {
            // Becker/Decker and Tanja/Sanja: neither sound code alike, only birth date and address; Wolfhoff twice at one
            // address with another birth date: only address and surname.
            let tanja = TestSupport.sheet("B1", surname: "Becker", given: "Tanja", born: "02.01.1980", street: "Nordwall", house: "15")
            let sanja = TestSupport.sheet("B3", surname: "Decker", given: "Sanja", born: "02.01.1980", street: "Nordwall", house: "15")
            let jana = TestSupport.sheet("W1", surname: "Wolfhoff", given: "Jana", born: "25.01.1988", street: "Blumentalstraße", house: "3")
            let janaAgain = TestSupport.sheet("W3", surname: "Wolfhoff", given: "Jana", born: "25.10.1988", street: "Blumentalstraße", house: "3")
            let other = TestSupport.sheet("O2", surname: "Yilmaz", given: "Jonas", born: "07.11.1991", street: "Rheinstraße", house: "4")
            let campaign = try await PostgresTestHost.newCampaign()
            let found = try await Self.importInChunks([[tanja, jana], [other], [sanja, janaAgain]], into: campaign)
            #expect(found == ["B3-B1 possible-duplicate", "W3-W1 possible-duplicate"])
        }

        @Test(
            "When the server refuses a sheet mid-import (the third chunk's write, while later lookups are on their way), the import stops with a German message, stores nothing of the file, writes no rejects file, and the campaign takes the next sheet at once"
        )
        func serverFailsMidway() async throws {
            let dir = TestSupport.tempDir()
            let csv = dir.appendingPathComponent("big.csv").path
            let rejects = dir.appendingPathComponent("r.csv").path
            try DemoData.writeCSV(path: csv, count: 20_000, seed: 7)
            let campaign = try await PostgresTestHost.newCampaign()
            _ = try await campaign.record(batch: [(TestSupport.sheet("KEEP1"), "aylin")], today: TestSupport.today)
            // As the owner: this campaign's sheet F004500 (row 4,500, in the third chunk of 2,000) is refused by the server.
            let owner = try await PostgresServer.connect(url: try #require(PostgresTestHost.ownerURL), maximumConnections: 1)
            let name = "public.refuse_\(campaign.key)"
            try await owner.transaction(.host) { tx in
                try await tx.run(
                    "CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk gone' USING ERRCODE = '58030'; END $$"
                )
                try await tx.run(
                    """
                    CREATE TRIGGER refuse_\(campaign.key) BEFORE INSERT ON sig.sheet FOR EACH ROW
                    WHEN (NEW.campaign_id = \(campaign.key) AND NEW.sheetnumber = 'F004500') EXECUTE FUNCTION \(name)()
                    """)
            }
            let start = Date()
            var failure: SignatureKitError?
            do {
                _ = try await campaign.importSheets(from: csv, by: Self.orga, today: TestSupport.today, rejectsPath: rejects, showValues: false)
            } catch let error as SignatureKitError {
                failure = error
            }
            try await owner.transaction(.host) { tx in
                try await tx.run("DROP TRIGGER refuse_\(campaign.key) ON sig.sheet")
                try await tx.run("DROP FUNCTION \(name)()")
            }
            await owner.shutdown()
            let server = try await PostgresTestHost.server()
            #expect(failure == .serverFailure(server: server.display, state: "58030"))
            #expect(failure?.errorDescription?.contains("58030") == true)
            #expect(Date().timeIntervalSince(start) < 30)
            #expect(try await campaign.sheetList(nomination: nil, status: nil, enteredBy: nil).map(\.sheet) == ["KEEP1"])
            #expect(!FileManager.default.fileExists(atPath: rejects))
            _ = try await campaign.record(
                batch: [(TestSupport.sheet("KEEP2", surname: "Schulz", given: "Jan", born: "01.01.1990"), "aylin")], today: TestSupport.today)
            #expect(try await campaign.sheetList(nomination: nil, status: nil, enteredBy: nil).count == 2)
        }

        /// Runs the import's importer over chunks as the import's loop does (each chunk looked up before the one before it
        /// is decided) into an empty campaign; the duplicates the last chunk's sheets were told of, as "sheet-other kind".
        static func importInChunks(_ chunks: [[SheetInput]], into campaign: PostgresCampaign, writeDelay: Duration = .zero) async throws
            -> [String]
        {
            let rows = chunks.map { inputs in
                inputs.enumerated().map { PGChunkImporter.Row(index: $0, input: $1, keys: PersonKeys($1), sealed: nil) }
            }
            let last = try await campaign.write { tx in
                let recorder = try await PGRecorder(tx: tx, campaign: campaign, today: TestSupport.today, enteredBy: "orga")
                var importer = PGChunkImporter(recorder: recorder, startedEmpty: true, expectedRows: 10, writeDelay: writeDelay)
                for (k, chunk) in rows.enumerated() {
                    importer.lookUp(chunk)
                    if k > 0 { _ = try await importer.decide() }
                }
                let last = try await importer.decide()
                try await importer.finish()
                return last
            }
            var found: [String] = []
            for outcome in last {
                guard case .stored(_, let duplicates, let sheet) = outcome else { continue }
                found += duplicates.map { "\(sheet)-\($0.otherSheet) \($0.kind.rawValue)" }
            }
            return found
        }

        @Test("The full pass takes the sheets in the order they were entered, also after updates moved rows on disk: the same pairs")
        func fullPassInEntryOrder() async throws {
            let server = try await PostgresTestHost.server()
            let campaign = try await PostgresTestHost.newCampaign()
            let key = campaign.key
            // The same person twenty times: a block with more members than the 16 each sheet is compared with.
            _ = try await campaign.record(batch: (1...20).map { (TestSupport.sheet("F\(100 + $0)"), "aylin") }, today: TestSupport.today)
            func passFromScratch() async throws -> [String] {
                try await server.transaction(.write(campaign: key)) { tx in
                    try await tx.run("DELETE FROM sig.pair")
                    try await tx.run("UPDATE sig.sheet SET duplicateof = NULL")
                }
                _ = try await campaign.fullDuplicatePass(by: Self.orga)
                return try await server.transaction(.read(campaign: key)) { tx in
                    try await tx.rows(
                        "SELECT a.sheetnumber || '-' || b.sheetnumber FROM sig.pair p JOIN sig.sheet a ON a.id = p.sheeta JOIN sig.sheet b ON b.id = p.sheetb ORDER BY 1"
                    ).map { try $0.text(0) }
                }
            }
            let before = try await passFromScratch()
            #expect(before == (102...120).map { "F101-F\($0)" })
            // The first four rows rewritten (on disk they may now come after the others): the same pairs again.
            try await server.transaction(.write(campaign: key)) { tx in
                try await tx.run("UPDATE sig.sheet SET statuschangedat = 'x' WHERE sheetnumber IN ('F101', 'F102', 'F103', 'F104')")
            }
            #expect(try await passFromScratch() == before)
            // Whatever order the scan returns, the pass takes the sheets by id, each with its own details.
            let shuffled = (1...50).map { i in
                DuplicateSearch.Candidate(
                    id: Int64((i * 37) % 50 + 1), sheetNumber: "", nomination: "Wahlbezirk 12", kind: .ward,
                    block: .init(birth: 1, surnameCode: "", givenCode: "", address: "", surname: ""), keys: nil)
            }
            let (ordered, details) = PostgresCampaign.inEntryOrder(shuffled, shuffled.map { "d\($0.id)" })
            #expect(ordered.map(\.id) == (1...50).map(Int64.init))
            #expect(details == (1...50).map { "d\($0)" })
        }

        @Test("A campaign moved SQLite → PostgreSQL → SQLite: the same sheets, findings, decisions, accounts and audit chain")
        func roundTrip() async throws {
            let dir = TestSupport.tempDir()
            let original = try DemoData.createDemoDatabase(at: dir.appendingPathComponent("demo.sqlite").path, count: 400)
            try await original.addAccount("orga", role: .organizer, password: "geheim-genug-1", by: Self.orga)
            let cases = try await original.openCases()
            if let first = cases.first { try await original.decide(case: first.id, .dismissed, by: Self.orga) }
            try await original.setDoubleEntry(true, by: Self.orga)
            _ = try await original.enterTwice(TestSupport.sheet("ZZ1", surname: "Wartend"), by: Self.orga, clientID: nil, today: TestSupport.today)
            let before = (
                sheets: try await original.sheetList(nomination: nil, status: nil, enteredBy: nil),
                findings: Self.readable(try await original.campaignFindings()),
                audit: try await original.auditEntries(since: nil), open: try await original.openCases().count
            )
            let hostKey = try HostKey.create(path: dir.appendingPathComponent("host.key").path)
            let server = try await PostgresTestHost.server()
            let id = "m-" + UUID().uuidString.lowercased().prefix(12)
            let moved = try await server.importCampaign(id: String(id), title: "Umzug", dump: try original.campaignDump(), hostKey: hostKey)
            #expect(try await moved.sheetList(nomination: nil, status: nil, enteredBy: nil) == before.sheets)
            #expect(Self.readable(try await moved.campaignFindings()) == before.findings)
            #expect(try await moved.openCases().count == before.open)
            #expect(try await moved.requiresDoubleEntry())
            #expect(try await moved.pendingEntries(of: Self.orga).map(\.sheet) == ["ZZ1"])
            #expect(try await moved.login("orga", password: "geheim-genug-1")?.role == .organizer)
            // The chain as it was, plus the export read and the move itself; it verifies on the server.
            let serverAudit = try await moved.auditEntries(since: nil)
            #expect(serverAudit.map(\.action).suffix(2) == ["read:export", "campaign:moved-in"])
            #expect(
                Array(serverAudit.map { "\($0.at) \($0.user) \($0.action) \($0.sheets)" }.prefix(before.audit.count))
                    == before.audit.map { "\($0.at) \($0.user) \($0.action) \($0.sheets)" })
            guard case .whole = try await moved.verifyAudit() else {
                Issue.record("chain broken on the server")
                return
            }
            let back = try SignatureDatabase.create(
                from: try await moved.campaignDump(), at: dir.appendingPathComponent("back.sqlite").path, passphrase: "zurück-und-sicher")
            #expect(back.isEncrypted)
            #expect(try await back.sheetList(nomination: nil, status: nil, enteredBy: nil) == before.sheets)
            #expect(Self.readable(try await back.campaignFindings()) == before.findings)
            #expect(try await back.signers(["ZZ1"], purpose: .show, by: Self.orga).isEmpty)
            #expect(try await back.mismatchDrafts("ZZ1", by: Self.orga).first?.input.surname == "Wartend")
            guard case .whole(let entries) = try await back.verifyAudit() else {
                Issue.record("chain broken after the way back")
                return
            }
            // The server's chain, its export read, the move into the file, and the two reads above.
            #expect(entries == serverAudit.count + 4)
            // The file opens with today's sig-cli as any other.
            try back.close()
            #expect(
                try SignatureDatabase.open(at: dir.appendingPathComponent("back.sqlite").path, passphrase: "zurück-und-sicher").sheetCount()
                    == before.sheets.count)
        }
    }
}
