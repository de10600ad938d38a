import Foundation
import Testing

@testable import SignatureKit

/// A backend under test: a name and a fresh, empty campaign store for the Krefeld election.
struct ContractBackend: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () async throws -> any CampaignBackend
    var testDescription: String { name }

    /// The backends this machine offers: SQLite in memory and in a file, and PostgreSQL when `SIG_TEST_POSTGRES_URL`
    /// names a server (CI starts one; each test gets a campaign of its own on it).
    static let all: [ContractBackend] = embedded + (PostgresTestHost.isConfigured ? [postgres] : [])

    static let postgres = ContractBackend(name: "PostgreSQL") {
        try await PostgresTestHost.newCampaign()
    }

    static let embedded: [ContractBackend] = [
        ContractBackend(name: "SQLite im Speicher") {
            try SignatureDatabase.inMemory(election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
        },
        ContractBackend(name: "SQLite-Datei") {
            let path = TestSupport.tempDir().appendingPathComponent("contract.sqlite").path
            return try SignatureDatabase.create(at: path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
        },
    ]
}

/// The contract every campaign backend keeps, run against each backend given to it: the same outcomes, the same
/// lifecycle, an audit chain that verifies – also under concurrent writers (one writer per campaign at a time).
/// Separate from the SQLite adapter's own tests (query plans, file handling).
struct CampaignContractTests {
    static let orga = Actor(account: "orga", role: .organizer)

    @Test(
        "Recording: stored, the same sheet again is already present, another content under the number is a conflict; duplicates link",
        arguments: ContractBackend.all)
    func recording(backend: ContractBackend) async throws {
        let store = try await backend.make()
        let first = try await store.record(batch: [(TestSupport.sheet("F1"), "aylin"), (TestSupport.sheet("F2"), "bernd")], today: TestSupport.today)
        guard case .stored = first[0], case .stored(_, _, let dups) = first[1] else {
            Issue.record("not stored: \(first)")
            return
        }
        #expect(first[0].canCount && !first[1].canCount)
        #expect(dups.map(\.otherSheet) == ["F1"] && dups.first?.kind == .duplicate)
        let again = try await store.record(
            batch: [(TestSupport.sheet("F1"), "aylin"), (TestSupport.sheet("F1", surname: "Anders"), "aylin")], today: TestSupport.today)
        #expect(again == [.alreadyPresent(sheet: "F1"), .conflict(sheet: "F1")])
        #expect(try await store.statusCounts() == [.entered: 2])
    }

    @Test(
        "Recording: a sheet sharing only birth date and address with an earlier one is found; so is a person's twelfth earlier sheet (each earlier sheet counted once)",
        arguments: ContractBackend.all)
    func birthBlock(backend: ContractBackend) async throws {
        let store = try await backend.make()
        // Becker/Decker and Tanja/Sanja: one typo each, neither sound code alike – only birth date and address link them.
        let becker = TestSupport.sheet("B1", surname: "Becker", given: "Tanja", born: "02.01.1980", street: "Nordwall", house: "15")
        _ = try await store.record(batch: [(becker, "aylin")], today: TestSupport.today)
        let decker = TestSupport.sheet("B2", surname: "Decker", given: "Sanja", born: "02.01.1980", street: "Nordwall", house: "15")
        guard case .stored(_, _, let linked) = try await store.record(batch: [(decker, "aylin")], today: TestSupport.today).first else {
            Issue.record("B2 not stored")
            return
        }
        #expect(linked.map(\.otherSheet) == ["B1"] && linked.first?.kind == .possibleDuplicate)
        // The same person at twelve addresses in twelve wards (each earlier sheet answers two of the birth block's parts),
        // then again in ward 12: a conflict with the first, and a duplicate of the twelfth.
        let person = { (number: String, ward: Int, house: String) in
            TestSupport.sheet(
                number, nomination: .ward(ward), surname: "Wolfhoff", given: "Jana", born: "25.01.1988", street: "Blumentalstraße", house: house)
        }
        _ = try await store.record(batch: (1...12).map { (person("P\($0)", $0, String($0)), "aylin") }, today: TestSupport.today)
        guard case .stored(_, _, let links) = try await store.record(batch: [(person("P13", 12, "99"), "aylin")], today: TestSupport.today).first
        else {
            Issue.record("P13 not stored")
            return
        }
        #expect(links.contains { $0.otherSheet == "P12" && $0.kind == .duplicate })
    }

    @Test("Lifecycle: moves all or none; an impossible move changes nothing; each change is audited", arguments: ContractBackend.all)
    func lifecycle(backend: ContractBackend) async throws {
        let store = try await backend.make()
        _ = try await store.record(batch: (1...3).map { (TestSupport.sheet("F\($0)", surname: "Person\($0)"), "aylin") }, today: TestSupport.today)
        #expect(try await store.setStatus([.init(sheet: "F1", status: .sent), .init(sheet: "f2", status: .sent)], by: Self.orga) == 2)
        await #expect(throws: SignatureKitError.impossibleTransition(sheet: "F3", from: .entered, to: .submitted)) {
            try await store.setStatus([.init(sheet: "F1", status: .certified), .init(sheet: "F3", status: .submitted)], by: Self.orga)
        }
        await #expect(throws: SignatureKitError.sheetNotFound("F9")) { try await store.setStatus([.init(sheet: "F9", status: .sent)], by: Self.orga) }
        #expect(try await store.statusCounts() == [.sent: 2, .entered: 1])
        #expect(try await store.setStatus([.init(sheet: "F1", status: .rejected)], by: Self.orga) == 1)
        let entries = try await store.auditEntries(since: nil)
        #expect(entries.map(\.action) == ["entry", "entry", "entry", "status:sent", "status:rejected"])
        #expect(entries[3].sheets == ["F1", "F2"] && entries[3].user == "orga")
        #expect(try await store.verifyAudit() == .whole(entries: 5))
    }

    @Test("One writer per campaign: 40 concurrent writers, every sheet once, the audit chain whole", arguments: ContractBackend.all)
    func concurrentWriters(backend: ContractBackend) async throws {
        let store = try await backend.make()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                group.addTask {
                    let sheet = TestSupport.sheet("C\(i)", surname: "Parallel\(i)", given: "Nr\(i)", born: "0\(i % 9 + 1).0\(i % 9 + 1).197\(i % 10)")
                    _ = try await store.record(batch: [(sheet, "user\(i % 4)")], today: TestSupport.today)
                    if i % 2 == 0 {
                        _ = try await store.setStatus([.init(sheet: "C\(i)", status: .sent)], by: Actor(account: "orga", role: .organizer))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.statusCounts() == [.entered: 20, .sent: 20])
        #expect(try await store.verifyAudit() == .whole(entries: 60))
    }
}

extension CampaignContractTests {
    @Test(
        "Privacy gate: each read is on the audit record before the data leaves, in the order asked, unknown sheets left out",
        arguments: ContractBackend.all)
    func privacyGate(backend: ContractBackend) async throws {
        let store = try await backend.make()
        _ = try await store.record(
            batch: [(TestSupport.sheet("F1", surname: "Erste"), "aylin"), (TestSupport.sheet("F2", surname: "Zweite", given: "Eva"), "aylin")],
            today: TestSupport.today)
        let signers = try await store.signers(["f2", "F9", "F1"], purpose: .review, by: Self.orga)
        #expect(signers.map(\.surname) == ["Zweite", "Erste"])
        #expect(signers.first?.birthDate == TestSupport.day("12.03.1980"))
        let last = try await store.auditEntries(since: nil).last
        #expect(last?.action == "read:review" && last?.user == "orga" && last?.sheets == ["F2", "F9", "F1"])
        #expect(try await store.signers([], purpose: .show, by: Self.orga).isEmpty)
        #expect(try await store.verifyAudit() == .whole(entries: 3))
    }

    @Test(
        "Review: a probable duplicate is an open case; deciding it closes the case and is audited; an unknown case is refused",
        arguments: ContractBackend.all)
    func review(backend: ContractBackend) async throws {
        let store = try await backend.make()
        _ = try await store.record(
            batch: [(TestSupport.sheet("F1", surname: "Meier"), "aylin"), (TestSupport.sheet("F2", surname: "Maier"), "bernd")],
            today: TestSupport.today)
        let cases = try await store.openCases()
        #expect(cases.count == 1 && cases.first?.kind == .possibleDuplicate)
        #expect(cases.first?.first.sheet == "F1" && cases.first?.second.sheet == "F2")
        let id = try #require(cases.first?.id)
        try await store.decide(case: id, .confirmed, by: Self.orga)
        #expect(try await store.openCases().isEmpty)
        #expect(try await store.auditEntries(since: nil).last?.action == "review:confirmed")
        await #expect(throws: SignatureKitError.pairNotFound(999)) { try await store.decide(case: 999, .dismissed, by: Self.orga) }
        #expect(try await store.verifyAudit() == .whole(entries: 3))
    }
}

/// The pure policies on their own: what both backends call inside their transactions.
struct PolicyTests {
    @Test("AuditChain: next links to the previous hash; verify finds the first changed, dropped or reordered entry")
    func auditChain() {
        var rows: [AuditRow] = []
        for (i, action) in ["entry", "status:sent", "read:show"].enumerated() {
            var row = AuditChain.next(
                after: rows.last?.hash ?? "", at: "2025-06-0\(i + 1)T10:00:00Z", user: "orga", action: action, sheets: ["F\(i)"])
            row.id = Int64(i + 1)
            rows.append(row)
        }
        #expect(AuditChain.verify(rows) == .whole(entries: 3))
        var changed = rows
        changed[1].user = "jemand"
        #expect(AuditChain.verify(changed) == .broken(atEntry: 2))
        #expect(AuditChain.verify([rows[0], rows[2]]) == .broken(atEntry: 3))
        #expect(AuditChain.verify([rows[1], rows[0], rows[2]]) == .broken(atEntry: 2))
    }

    @Test("Lifecycle.plan: the moves, a rejection's default reason, a repeated sheet once, closing statuses promote the duplicate")
    func lifecyclePlan() throws {
        let moves = try Lifecycle.plan(
            [
                .init(sheet: "f1", status: .sent), .init(sheet: "F1", status: .sent), .init(sheet: "F2", status: .rejected),
                .init(sheet: "F3", status: .entered),
            ],
            current: ["F1": .entered, "F2": .sent, "F3": .entered])
        #expect(moves.map(\.sheet) == ["F1", "F2"])
        #expect(moves[1].reason == .other && moves[1].promotesDuplicate && !moves[0].promotesDuplicate)
        #expect(Lifecycle.auditActions(moves).map(\.action) == ["status:rejected", "status:sent"])
        #expect(throws: SignatureKitError.impossibleTransition(sheet: "F1", from: .certified, to: .entered)) {
            try Lifecycle.plan([.init(sheet: "F1", status: .entered)], current: ["F1": .certified])
        }
        #expect(throws: SignatureKitError.ioFailure(path: "rueck.csv, Zeile 3", reason: "Feld „Formblatt“: F7 ist nicht erfasst; nichts geändert.")) {
            try Lifecycle.plan([.init(sheet: "F7", status: .sent, origin: "rueck.csv, Zeile 3")], current: [:])
        }
    }
}
