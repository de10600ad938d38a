import GRDB
import Testing

@testable import SignatureKit

struct DuplicateStorageTests {
    @Test("A certain duplicate counts once; a probable one waits for review; a second ward is a conflict")
    func classes() throws {
        let db = try TestSupport.database()
        let first = try db.record(TestSupport.sheet("F1"), enteredBy: "t", today: TestSupport.today)
        #expect(first.canCount)
        let again = try db.record(TestSupport.sheet("F2", surname: "MUELLER"), enteredBy: "t", today: TestSupport.today)
        guard case .stored(_, _, let dups) = again else {
            Issue.record("not stored")
            return
        }
        #expect(dups.map(\.kind) == [.duplicate])
        #expect(!again.canCount)
        let variant = try db.record(TestSupport.sheet("F3", given: "Anna", born: "03.12.1980"), enteredBy: "t", today: TestSupport.today)
        guard case .stored(_, _, let dups3) = variant else {
            Issue.record("not stored")
            return
        }
        #expect(Set(dups3.map(\.kind)) == [.possibleDuplicate])
        let otherWard = try db.record(TestSupport.sheet("F4", nomination: .ward(13)), enteredBy: "t", today: TestSupport.today)
        guard case .stored(_, _, let dups4) = otherWard else {
            Issue.record("not stored")
            return
        }
        #expect(dups4.contains { $0.kind == .conflict && $0.otherSheet == "F1" })
        // The list is another kind: no finding.
        let list = try db.record(TestSupport.sheet("F5", nomination: .list), enteredBy: "t", today: TestSupport.today)
        guard case .stored(_, _, let dups5) = list else {
            Issue.record("not stored")
            return
        }
        #expect(dups5.isEmpty)
        // Mother at the same address: nothing.
        let mother = try db.record(TestSupport.sheet("F6", given: "Ursula", born: "01.01.1955"), enteredBy: "t", today: TestSupport.today)
        guard case .stored(_, _, let dups6) = mother else {
            Issue.record("not stored")
            return
        }
        #expect(dups6.isEmpty)

        let codes = try db.findings().filter { $0.code != "ward-unverified" }.map(\.code)
        #expect(codes.filter { $0 == "duplicate" }.count == 1)
        #expect(codes.contains("possible-duplicate"))
        #expect(codes.contains("conflict"))
        // The board withdraws the second ward sheet: the conflict is settled.
        try db.setStatus([.init(sheet: "F4", status: .withdrawn)], by: "vorstand")
        #expect(!(try db.findings().map(\.code).contains("conflict")))
    }

    @Test("Review decisions are stored and change the count")
    func review() throws {
        let db = try TestSupport.database()
        _ = try db.record(TestSupport.sheet("F1"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("F2", surname: "Mueler"), enteredBy: "t", today: TestSupport.today)
        let cases = try db.openReviewCases()
        #expect(cases.count == 1)
        #expect(cases[0].kind == .possibleDuplicate)
        try db.decide(pair: cases[0].id, .confirmed, by: "vorstand")
        #expect(try db.openReviewCases().isEmpty)
        #expect(try db.sheets().first { $0.sheet == "F2" }?.duplicateOf == "F1")
        try db.decide(pair: cases[0].id, .dismissed, by: "vorstand")
        #expect(try db.sheets().first { $0.sheet == "F2" }?.duplicateOf == nil)
        #expect(throws: SignatureKitError.pairNotFound(999)) { try db.decide(pair: 999, .confirmed, by: "x") }
    }

    @Test("When the counted sheet is lost, its duplicate counts instead")
    func promote() throws {
        let db = try TestSupport.database()
        _ = try db.record(TestSupport.sheet("D1"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("D2", surname: "MUELLER"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("D3", surname: "müller"), enteredBy: "t", today: TestSupport.today)
        #expect(try db.sheets().map(\.duplicateOf) == [nil, "D1", "D1"])
        try db.setStatus([.init(sheet: "D1", status: .lost)], by: "t")
        #expect(try db.sheets().map(\.duplicateOf) == [nil, nil, "D2"])
        let r = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01")))
        let w12 = try #require(r.nominations.first { $0.id == "ward:12" })
        #expect(w12.lost == 1 && w12.duplicates == 1 && w12.pending == 1)
    }

    @Test("The full pass finds the same pairs as entry and adds none twice")
    func fullPass() throws {
        let db = try TestSupport.database()
        _ = try db.record(TestSupport.sheet("F1"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("F2", born: "03.12.1980"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("F3", surname: "Schulz", given: "Jan", born: "01.01.1990"), enteredBy: "t", today: TestSupport.today)
        let pass = try db.duplicatePass()
        #expect(pass.sheets == 3)
        #expect(pass.newPairs == 0)
        #expect(try db.openReviewCases().count == 1)
    }
}

struct BlockingPlanTests {
    @Test("The duplicate search for a new sheet uses indexes only, never a scan of all sheets")
    func plan() throws {
        let db = try TestSupport.database()
        let plan = try db.read { d in
            try Row.fetchAll(
                d, sql: "EXPLAIN QUERY PLAN " + SignatureDatabase.candidateSQL,
                arguments: ["ward", 19_800_312, "67", "06", "hauptstrasse|12a", "meier"]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX sheet_birth") })
        #expect(plan.contains { $0.contains("USING INDEX sheet_address") })
        #expect(!plan.contains { $0.hasPrefix("SCAN sheet") })  // a scan of the bounded subquery is fine, never of the table
    }
}

struct ProgressPlanTests {
    @Test("The progress counts stream the covering index in its order: no table scan, no sorting")
    func plan() throws {
        let db = try TestSupport.database()
        let plan = try db.read { d in
            try Row.fetchAll(d, sql: "EXPLAIN QUERY PLAN " + SignatureDatabase.progressSQL).map { $0["detail"] as String }
        }
        #expect(plan == ["SCAN sheet USING COVERING INDEX sheet_progress"])
    }
}

/// D2: a hot block (hundreds of sheets with the same birth date and names that sound the same) costs each entry a
/// bounded number of comparisons and becomes one group to review, linked to its earliest member – not n² pairs.
struct HotBlockTests {
    static func alike(_ n: Int) -> [(input: SheetInput, enteredBy: String)] {
        let surnames = ["Meier", "Mayer", "Maier", "Meyer"]
        return (0..<n).map { i in
            (
                TestSupport.sheet(
                    "H\(i)", surname: surnames[i % 4], given: "Hans", born: "01.03.1950", street: "Langestraße", house: "\(1 + i)"),
                "t"
            )
        }
    }

    @Test("600 alike sheets: at most one pair per sheet and class, each linked to the group's earliest member; the full pass stays bounded")
    func hotBlock() throws {
        let db = try TestSupport.database()
        for chunk in stride(from: 0, to: 600, by: 100) {
            _ = try db.record(batch: Array(Self.alike(600)[chunk..<(chunk + 100)]), today: TestSupport.today)
        }
        // Four people written four ways (Meier, Mayer, Maier, Meyer), each 150 times: every later sheet gets one link,
        // 599 in all (not 179,700); the certain duplicates are settled, the group is one review starting at H0.
        let pairs = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM pair") ?? 0 }
        #expect(pairs == 599)
        let cases = try db.openReviewCases()
        #expect(cases.map(\.second.sheet).sorted() == ["H1", "H2", "H3"])
        #expect(Set(cases.map(\.first.sheet)) == ["H0"])
        let summary = try db.duplicatePass()
        #expect(summary.newPairs == 0)
        // Each of 600 sheets compared with the block's 16 earliest members at most, in each of its blocks.
        #expect(summary.pairsCompared <= 600 * SignatureDatabase.candidatesPerBlock * 4)
    }

    @Test("A name of 60 KB (Hangul jamo: one grapheme) is refused by its Unicode scalars and bytes, not counted as one letter")
    func longNames() throws {
        let jamo = String(repeating: "\u{1100}", count: 21_000) + "ab"
        #expect(jamo.count < 100)
        #expect(SheetParser.problem(field: "surname", value: jamo) == "zu lang (höchstens 100 Zeichen)")
        #expect(SheetParser.problem(field: "surname", value: String(repeating: "ä", count: 100)) == nil)
        #expect(SheetParser.problem(field: "surname", value: String(repeating: "ä", count: 101)) == "zu lang (höchstens 100 Zeichen)")
        #expect(SheetParser.problem(field: "street", value: String(repeating: "😀", count: 101)) == "zu lang (höchstens 100 Zeichen)")
        // The typo check never computes a distance for names whose lengths differ by more than a typo can.
        #expect(!DuplicateMatcher.oneTypo(String(repeating: "a", count: 300), String(repeating: "a", count: 303), minimumLength: 3))
        #expect(DuplicateMatcher.oneTypo("Meier", "Meiier", minimumLength: 3))
    }
}
