import Foundation
import Testing

@testable import SignatureKit

/// The rest of the contract: double entry, report queries, accounts, settings, the street directory and sessions,
/// each against every backend.
extension CampaignContractTests {
    static let aylin = Actor(account: "aylin", role: .volunteer)
    static let bernd = Actor(account: "bernd", role: .volunteer)

    @Test(
        "Double entry: the first waits, a second agreeing entry records it as the first typist's, a differing one goes to the organizers, who settle it",
        arguments: ContractBackend.all)
    func doubleEntry(backend: ContractBackend) async throws {
        let store = try await backend.make()
        #expect(try await store.requiresDoubleEntry() == false)
        #expect(try await store.recordSingleEntry(batch: [(TestSupport.sheet("F0"), "aylin")], today: TestSupport.today)?.count == 1)
        try await store.setDoubleEntry(true, by: Self.orga)
        #expect(try await store.requiresDoubleEntry())
        // A single entry is refused in the same transaction that would store it: nothing stored.
        #expect(try await store.recordSingleEntry(batch: [(TestSupport.sheet("F9", surname: "Neu"), "aylin")], today: TestSupport.today) == nil)
        #expect(try await store.statusCounts() == [.entered: 1])
        let day = TestSupport.today
        #expect(try await store.enterTwice(TestSupport.sheet("F1"), by: Self.aylin, clientID: nil, today: day) == .awaitingSecond(sheet: "F1"))
        // The same entry again (a phone retrying) changes nothing.
        #expect(try await store.enterTwice(TestSupport.sheet("F1"), by: Self.aylin, clientID: nil, today: day) == .awaitingSecond(sheet: "F1"))
        #expect(try await store.pendingEntries(of: Self.aylin).map(\.sheet) == ["F1"])
        #expect(try await store.statusCounts() == [.entered: 1])
        guard case .recorded(.stored) = try await store.enterTwice(TestSupport.sheet("F1"), by: Self.bernd, clientID: nil, today: day) else {
            Issue.record("the agreeing second entry was not recorded")
            return
        }
        #expect(try await store.sheetInfo("F1").enteredBy == "aylin")
        #expect(try await store.pendingEntries(of: Self.aylin).isEmpty)

        let other = TestSupport.sheet("F2", surname: "Schmitz", given: "Jan", born: "01.02.1970")
        _ = try await store.enterTwice(other, by: Self.aylin, clientID: nil, today: day)
        var typo = other
        typo.houseNumber = "21"
        #expect(try await store.enterTwice(typo, by: Self.bernd, clientID: nil, today: day) == .mismatch(sheet: "F2", fields: ["house_number"]))
        let open = try await store.openMismatches()
        #expect(open.map(\.sheet) == ["F2"] && open.first?.fields == ["house_number"])
        #expect(open.first?.entries.map(\.enteredBy) == ["aylin", "bernd"])
        // A third try by a typist never settles it.
        #expect(try await store.enterTwice(other, by: Self.bernd, clientID: nil, today: day) == .mismatch(sheet: "F2", fields: []))
        let drafts = try await store.mismatchDrafts("f2", by: Self.orga)
        #expect(drafts.map(\.enteredBy) == ["aylin", "bernd"])
        #expect(try await store.auditEntries(since: nil).last?.action == "read:review")
        await #expect(throws: SignatureKitError.self) { try await store.settleMismatch("F2", keep: drafts[0].id, by: Self.bernd, today: day) }
        guard case .stored = try await store.settleMismatch("F2", keep: drafts[0].id, by: Self.orga, today: day) else {
            Issue.record("the settled entry was not recorded")
            return
        }
        #expect(try await store.openMismatches().isEmpty)
        #expect(try await store.statusCounts() == [.entered: 3])
        let actions = try await store.auditEntries(since: nil).map(\.action)
        #expect(
            actions.filter { $0.hasPrefix("entry:") } == [
                "entry:first", "entry:confirmed", "entry:first", "entry:mismatch", "entry:mismatch", "entry:resolved",
            ])
        #expect(try await store.verifyAudit() == .whole(entries: actions.count))
    }

    @Test(
        "Report queries: progress, lists, one sheet, submission, certification queue, collectors and findings agree", arguments: ContractBackend.all)
    func reportQueries(backend: ContractBackend) async throws {
        let store = try await backend.make()
        _ = try await store.record(
            batch: [
                (TestSupport.sheet("F1", surname: "Eins", collector: "Aylin"), "aylin"),
                (TestSupport.sheet("F2", surname: "Zwei", given: "Udo", born: "02.02.1962", collector: "Aylin"), "aylin"),
                (TestSupport.sheet("F3", surname: "Drei", given: "Ida", born: "03.03.2011", collector: "Bernd"), "bernd"),
                (TestSupport.sheet("F4", nomination: .list, surname: "Vier", given: "Ole", born: "04.04.1974", collector: "Bernd"), "bernd"),
            ], today: TestSupport.today)
        _ = try await store.setStatus([.init(sheet: "F1", status: .certified), .init(sheet: "F2", status: .sent)], by: Self.orga)

        let progress = try await store.progress(asOf: TestSupport.today)
        let ward = try #require(progress.byNomination[.ward(12)])
        #expect((ward.entered, ward.valid, ward.pending, ward.invalid) == (3, 1, 1, 1))
        #expect(progress.byNomination[.list]?.pending == 1)
        #expect(progress.firstDay == TestSupport.day("01.05.2025"))
        #expect(progress.daily.map(\.count) == [3])

        #expect(try await store.sheetList(nomination: nil, status: nil, enteredBy: nil).map(\.sheet) == ["F1", "F2", "F3", "F4"])
        #expect(try await store.sheetList(nomination: .ward(12), status: .entered, enteredBy: nil).map(\.sheet) == ["F3"])
        #expect(try await store.sheetList(nomination: nil, status: nil, enteredBy: "bernd").map(\.sheet) == ["F3", "F4"])
        let three = try await store.sheetInfo("f3")
        #expect(three.findings.map(\.code).contains("under-age") && three.collector == "Bernd")
        let one = try await store.sheetInfo("F1")
        #expect(one.history.map(\.to) == [.certified] && one.history.first?.by == "orga")
        await #expect(throws: SignatureKitError.sheetNotFound("F9")) { try await store.sheetInfo("F9") }

        let submission = try await store.submission(for: .ward(12))
        #expect(submission.certified.map(\.sheet) == ["F1"] && submission.counts.entered == 3)
        // Entered, without a rule error or a duplicate: F3 (under age) waits.
        #expect(try await store.certificationQueue().map(\.sheet) == ["F4"])
        let collectors = try await store.collectorFigures(only: nil).collectors
        #expect(collectors.map(\.collector) == ["Aylin", "Bernd"])
        #expect(collectors.map(\.sheets) == [2, 2] && collectors.map(\.counting) == [2, 1])
        #expect(try await store.collectorFigures(only: "Bernd").collectors.map(\.notCountingByFinding) == [["under-age": 1]])
        #expect(try await store.campaignFindings().contains { $0.code == "under-age" && $0.sheets == ["F3"] })
    }

    @Test(
        "Accounts: names compare folded, passwords at least 10 characters, a new password ends sessions, login answers nil alike",
        arguments: ContractBackend.all)
    func accounts(backend: ContractBackend) async throws {
        let store = try await backend.make()
        try await store.addAccount("Orga", role: .organizer, password: "geheim-genug", by: Self.orga)
        await #expect(throws: SignatureKitError.invalidField(field: "Konto", reason: "„orga“ gibt es schon")) {
            try await store.addAccount("ORGA", role: .volunteer, password: "geheim-genug", by: Self.orga)
        }
        await #expect(throws: SignatureKitError.invalidField(field: "Passwort", reason: "mindestens 10 Zeichen")) {
            try await store.addAccount("kurz", role: .volunteer, password: "123456789", by: Self.orga)
        }
        #expect(try await store.accountList().map(\.name) == ["orga"])
        #expect(try await store.login("ORGA", password: "geheim-genug")?.role == .organizer)
        #expect(try await store.login("orga", password: "falsch-falsch") == nil)
        #expect(try await store.login("niemand", password: "geheim-genug") == nil)
        let epoch = try #require(try await store.findAccount("orga")).sessionEpoch
        try await store.setPassword("orga", password: "noch-geheimer", by: Self.orga)
        #expect(try await store.findAccount("Orga")?.sessionEpoch == epoch + 1)
        #expect(try await store.login("orga", password: "geheim-genug") == nil)
        try await store.removeAccount("orga", by: Self.orga)
        #expect(try await store.findAccount("orga") == nil)
        await #expect(throws: SignatureKitError.accountNotFound("orga")) { try await store.removeAccount("orga", by: Self.orga) }
        #expect(
            try await store.auditEntries(since: nil).map(\.action) == ["account:add:orga:organizer", "account:password:orga", "account:remove:orga"])
    }

    @Test("Settings: the profile kept; a later meeting date makes earlier signatures not count at once", arguments: ContractBackend.all)
    func settings(backend: ContractBackend) async throws {
        let store = try await backend.make()
        var profile = CampaignProfile()
        profile.group = "Wählergruppe LUKS"
        profile.candidates = ["ward:12": "Erika Beispiel"]
        try await store.setProfile(profile, by: Self.orga)
        #expect(try await store.campaignProfile() == profile)
        // A campaign that is no demo stands on today.
        #expect(try await store.campaignToday() == .today())
        try await store.noteWrittenFile(TestSupport.tempDir().appendingPathComponent("liste.pdf").path, kind: .submissionList, by: Self.orga)
        #expect(try await store.auditEntries(since: nil).last?.action == "output:submission-list")
        _ = try await store.record(batch: [(TestSupport.sheet("F1", signed: "10.04.2025"), "aylin")], today: TestSupport.today)
        #expect(try await store.progress(asOf: TestSupport.today).byNomination[.ward(12)]?.pending == 1)
        try await store.setMeetingDate(TestSupport.day("11.04.2025"), for: [.ward(12)], by: Self.orga)
        #expect(try await store.nominationMeetings()[.ward(12)] == TestSupport.day("11.04.2025"))
        #expect(try await store.sheetInfo("F1").findings.map(\.code).contains("signed-before-meeting"))
        #expect(try await store.progress(asOf: TestSupport.today).byNomination[.ward(12)]?.invalid == 1)
    }

    @Test("Street directory: replaced whole, looked up by house number and side, listed", arguments: ContractBackend.all)
    func streets(backend: ContractBackend) async throws {
        let store = try await backend.make()
        #expect(try await store.lookUp(street: "Hauptstraße", houseNumber: "12a") == .noDirectory)
        try await store.replaceStreets(
            [
                StreetEntry(street: "Hauptstraße", from: 1, to: 99, parity: .odd, ward: 11, district: "Mitte"),
                StreetEntry(street: "Hauptstraße", from: 2, to: 98, parity: .even, ward: 12, district: "Mitte"),
            ], by: Self.orga)
        #expect(try await store.lookUp(street: "Hauptstr.", houseNumber: "12a") == .found(ward: 12, district: "Mitte"))
        #expect(try await store.lookUp(street: "Hauptstraße", houseNumber: "13") == .found(ward: 11, district: "Mitte"))
        #expect(try await store.lookUp(street: "Hauptstraße", houseNumber: "100") == .unknownStreet)
        #expect(try await store.streetList().map(\.ward) == [11, 12])
    }

    @Test("Sessions: kept by token, unknown after their end or once ended", arguments: ContractBackend.all)
    func sessions(backend: ContractBackend) async throws {
        let store = try await backend.make()
        // Whole seconds from now on (a backend may drop sessions that ended by the clock).
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 60).rounded(.down))
        let session = StoredSession(account: "orga", role: .organizer, epoch: 1, csrf: "c", expires: now.addingTimeInterval(3600))
        try await store.keepSession(token: "t1", session)
        #expect(try await store.findSession(token: "t1", now: now) == session)
        #expect(try await store.findSession(token: "t2", now: now) == nil)
        #expect(try await store.findSession(token: "t1", now: now.addingTimeInterval(3601)) == nil)
        try await store.endSession(token: "t1")
        #expect(try await store.findSession(token: "t1", now: now) == nil)
    }
}

extension PolicyTests {
    static let input = TestSupport.sheet("F1")

    @Test("DoubleEntry.plan: first, repeated, corrected, agreeing, differing and already differing entries")
    func doubleEntryPlan() {
        let aylin = EntryDraft(id: 1, enteredBy: "aylin", input: Self.input)
        var typo = Self.input
        typo.surname = "Müler"
        #expect(DoubleEntry.plan(Self.input, by: "aylin", drafts: [], flagged: false) == .init(draft: .insert, step: .awaitSecond(first: true)))
        #expect(DoubleEntry.plan(Self.input, by: "aylin", drafts: [aylin], flagged: false) == .init(draft: .keep, step: .awaitSecond(first: false)))
        #expect(
            DoubleEntry.plan(typo, by: "aylin", drafts: [aylin], flagged: false) == .init(draft: .update(id: 1), step: .awaitSecond(first: false)))
        #expect(
            DoubleEntry.plan(Self.input, by: "bernd", drafts: [aylin], flagged: false)
                == .init(draft: .insert, step: .confirm(Self.input, enteredBy: "aylin")))
        #expect(DoubleEntry.plan(typo, by: "bernd", drafts: [aylin], flagged: false) == .init(draft: .insert, step: .mismatch(fields: ["surname"])))
        #expect(DoubleEntry.plan(Self.input, by: "bernd", drafts: [aylin], flagged: true) == .init(draft: .insert, step: .mismatch(fields: [])))
    }

    @Test("DoubleEntry.resolution: nobody settles a mismatch they typed (names compared folded)")
    func doubleEntryResolution() throws {
        let drafts = [EntryDraft(id: 1, enteredBy: "aylin", input: Self.input), EntryDraft(id: 2, enteredBy: "Bernd", input: Self.input)]
        #expect(try DoubleEntry.resolution(drafts, keep: 2, sheet: "F1", by: "orga").id == 2)
        #expect(throws: SignatureKitError.self) { try DoubleEntry.resolution(drafts, keep: 1, sheet: "F1", by: "bernd") }
        #expect(throws: SignatureKitError.sheetNotFound("F1")) { try DoubleEntry.resolution(drafts, keep: 3, sheet: "F1", by: "orga") }
    }

    @Test(
        "AccountPolicy: accepted and refused names",
        arguments: [("Orga", "orga"), ("Ünal", "ünal"), ("team-nord_2", "team-nord_2"), ("оrga", nil), ("", nil), ("zwei wörter", nil)]
            as [(String, String?)])
    func accountNames(name: String, accepted: String?) {
        #expect((try? AccountPolicy.checkedName(name)) == accepted)
    }

    @Test(
        "PurgePolicy: refused on the day before the first allowed day, allowed on it, forced earlier",
        arguments: [(-1, false, false), (0, false, true), (-30, true, true)])
    func purgeDay(offset: Int, force: Bool, allowed: Bool) {
        let election = TestSupport.election
        let day = election.purgeAllowedFrom.adding(days: offset)
        #expect(((try? PurgePolicy.check(today: day, force: force, election: election)) != nil) == allowed)
    }
}

extension PolicyTests {
    @Test(
        "ReviewPolicy: confirming a probable duplicate makes the later sheet count once, unless the earlier cannot count",
        arguments: [
            (PairClass.possibleDuplicate, ReviewDecision.confirmed, SheetStatus.entered, true as Bool?),
            (.possibleDuplicate, .confirmed, .rejected, false), (.possibleDuplicate, .confirmed, .withdrawn, false),
            (.possibleDuplicate, .dismissed, .certified, false), (.possibleConflict, .confirmed, .entered, nil),
            (.conflict, .confirmed, .entered, nil),
        ])
    func reviewEffect(kind: PairClass, decision: ReviewDecision, earlier: SheetStatus, duplicate: Bool?) {
        #expect(ReviewPolicy.laterIsDuplicate(kind: kind, decision: decision, earlierStatus: earlier) == duplicate)
    }

    @Test("ReviewPolicy: keeping one sheet of a case withdraws the other; a sheet outside the case is refused")
    func reviewKeep() throws {
        #expect(try ReviewPolicy.withdrawn(keeping: "f2", of: ["F1", "F2"], case: 7) == "F1")
        #expect(throws: SignatureKitError.invalidField(field: "behalten", reason: "F3 gehört nicht zu Fall 7")) {
            try ReviewPolicy.withdrawn(keeping: "F3", of: ["F1", "F2"], case: 7)
        }
    }
}

extension CampaignContractTests {
    @Test(
        "Bulk: a sheet file imported (bad rows reported and written aside), the full pass, the rules again, the campaign's nominations chosen",
        arguments: ContractBackend.all)
    func bulk(backend: ContractBackend) async throws {
        let store = try await backend.make()
        #expect(!store.isReadOnly && !store.isEncrypted)
        let dir = TestSupport.tempDir()
        let file = TestSupport.write(
            TestSupport.header
                + "F1;12;Meier;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "F2;12;Maier;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;02.05.2025;Aylin\n"
                + "F3;12;Kaputt;Ida;31.02.1980;Hauptstraße;3;47798;Krefeld;02.05.2025;Aylin\n",
            in: dir, name: "bogen.csv")
        let rejects = dir.appendingPathComponent("bogen.rejects.csv").path
        let summary = try await store.importSheets(from: file, by: Self.aylin, today: TestSupport.today, rejectsPath: rejects, showValues: false)
        #expect((summary.stored, summary.rejectedRows, summary.possibleDuplicates) == (2, 1, 1))
        #expect(summary.rejected.first?.line == 4 && summary.rejectsFile == rejects)
        #expect(try await store.statusCounts() == [.entered: 2])
        let pass = try await store.fullDuplicatePass(by: Self.orga)
        #expect(pass.sheets == 2 && pass.pairsCompared == 1 && pass.newPairs == 0)
        try await store.recheckRules(today: TestSupport.today)
        #expect(try await store.sheetInfo("F1").findings.allSatisfy { $0.severity != .error })
        let chosen = try await store.chooseNominations([.ward(12), .list], by: Self.orga)
        #expect(chosen.nominations == [.ward(12), .list])
        #expect(try await store.auditEntries(since: nil).map(\.action).contains("nominations:ward:12,list"))
    }
}

extension CampaignContractTests {
    @Test(
        "Bulk: an imported sheet keeps what was on it and what the import found – no ward without a street directory, ward and district from it",
        arguments: ContractBackend.all)
    func bulkColumns(backend: ContractBackend) async throws {
        let store = try await backend.make()
        let dir = TestSupport.tempDir()
        let first = TestSupport.write(
            TestSupport.header + "F1;12;Meier;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n", in: dir, name: "a.csv")
        _ = try await store.importSheets(from: first, by: Self.aylin, today: TestSupport.today, rejectsPath: nil, showValues: false)
        let f1 = try await store.sheetInfo("F1")
        #expect(f1.addressWard == nil && f1.addressDistrict == nil)
        #expect(f1.findings.map(\.code) == ["ward-unverified"])
        #expect((f1.nomination, f1.status, f1.collector, f1.enteredBy) == (.ward(12), .entered, "Aylin", "aylin"))
        #expect(f1.signedOn == CalendarDay(year: 2025, month: 5, day: 1) && f1.enteredOn == TestSupport.today)
        try await store.replaceStreets(
            [
                StreetEntry(street: "Hauptstraße", from: 1, to: 99, parity: .odd, ward: 11, district: "Mitte"),
                StreetEntry(street: "Hauptstraße", from: 2, to: 98, parity: .even, ward: 12, district: "Mitte"),
            ], by: Self.orga)
        let second = TestSupport.write(
            TestSupport.header + "F2;12;Schulz;Berta;01.01.1970;Hauptstraße;12;47798;Krefeld;02.05.2025;Bernd\n"
                + "F3;11;Kaya;Deniz;02.02.1972;Hauptstraße;13;47798;Krefeld;03.05.2025;Bernd\n",
            in: dir, name: "b.csv")
        let summary = try await store.importSheets(from: second, by: Self.bernd, today: TestSupport.today, rejectsPath: nil, showValues: false)
        #expect(summary.stored == 2)
        let (f2, f3) = (try await store.sheetInfo("F2"), try await store.sheetInfo("F3"))
        #expect((f2.addressWard, f2.addressDistrict, f3.addressWard, f3.addressDistrict) == (12, "Mitte", 11, "Mitte"))
        #expect(f2.findings.isEmpty && f3.findings.isEmpty)
        #expect((f3.nomination, f3.collector, f3.enteredBy) == (.ward(11), "Bernd", "bernd"))
        #expect(f3.signedOn == CalendarDay(year: 2025, month: 5, day: 3))
    }
}
