import Foundation
import GRDB
import Testing

@testable import SignatureKit

struct StandingTests {
    @Test("One definition: the SQL condition of every standing selects exactly the sheets the Swift classification puts there")
    func sqlMatchesSwift() throws {
        let db = try DatabaseQueue()
        try db.write { d in
            try d.execute(sql: "CREATE TABLE sheet(status TEXT, hasError BOOLEAN, duplicateOf INTEGER)")
            for status in SheetStatus.allCases {
                for hasError in [false, true] {
                    for dup in [nil, 1] as [Int?] {
                        try d.execute(sql: "INSERT INTO sheet VALUES (?, ?, ?)", arguments: [status, hasError, dup])
                    }
                }
            }
        }
        for standing in SheetStanding.allCases {
            let rows = try db.read { try Row.fetchAll($0, sql: "SELECT * FROM sheet WHERE \(standing.sqlCondition)") }
            let fromSQL = Set(rows.map { "\($0["status"] as String)/\($0["hasError"] as Bool)/\(($0["duplicateOf"] as Int?) != nil)" })
            var fromSwift = Set<String>()
            for status in SheetStatus.allCases {
                for hasError in [false, true] {
                    for dup in [false, true] where SheetStanding(status: status, hasError: hasError, isDuplicate: dup) == standing {
                        fromSwift.insert("\(status.rawValue)/\(hasError)/\(dup)")
                    }
                }
            }
            #expect(fromSQL == fromSwift, "\(standing)")
        }
        #expect(SheetStanding(status: .sent, hasError: false, isDuplicate: false) == .pending)
        #expect(SheetStanding(status: .sent, hasError: true, isDuplicate: false) == .invalid)
        #expect(SheetStanding(status: .submitted, hasError: true, isDuplicate: false) == .valid)
        #expect(SheetStanding(status: .certified, hasError: false, isDuplicate: true) == .duplicate)
    }

    @Test("Progress, submission list and batch count pending sheets the same way")
    func sameCounts() async throws {
        let db = try ProgressReportTests().sample()
        let progress = try #require(
            try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-07-01"))).nominations.first { $0.id == "ward:12" })
        let submission = try #require(
            try await SubmissionList.load(from: db, nomination: .ward(12), today: .today(), by: TestSupport.terminal).sections.first)
        let batch = try db.certificationBatch().sheets.filter { $0.nomination == .ward(12) }
        #expect(progress.pending == 1)
        #expect(submission.pending == progress.pending)
        #expect(batch.count == progress.pending)
        #expect(submission.certified.count == progress.valid)
        #expect(submission.problems.contains("1 Formblätter mit Regelfehler (zählen nicht)"))
    }

    @Test("An unknown status in the database is an error, never a silent default")
    func unknownStatus() throws {
        let db = try TestSupport.database()
        _ = try db.record(TestSupport.sheet("F1"), enteredBy: "t", today: TestSupport.today)
        try db.write { try $0.execute(sql: "UPDATE sheet SET status = 'vanished'") }
        #expect(throws: SignatureKitError.unknownStoredValue(path: ":memory:", column: nil)) { try db.sheetDetail("F1") }
        #expect(throws: SignatureKitError.unknownStoredValue(path: ":memory:", column: nil)) { try db.sheets() }
        #expect(throws: SignatureKitError.unknownStoredValue(path: ":memory:", column: "status")) {
            try db.progressCounts(asOf: TestSupport.today)
        }
    }
}

struct PrivacyGateTests {
    @Test("Lists and details carry no personal data; the gate returns it in the order asked, for the sheets that exist")
    func gate() async throws {
        let db = try TestSupport.database()
        _ = try db.record(TestSupport.sheet("F1", surname: "Müller", given: "Anna"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("F2", surname: "Schulz", given: "Jan", born: "01.01.1990"), enteredBy: "t", today: TestSupport.today)
        let listed = "\(try db.sheets())\(try db.sheetDetail("F1"))\(try db.openReviewCases())\(try db.findings())"
        #expect(!listed.contains("Müller") && !listed.contains("Schulz") && !listed.contains("1980") && !listed.contains("Hauptstraße"))
        let signers = try db.personalData(of: ["f2", "F9", "F1"], purpose: .show)
        #expect(signers.map(\.sheet) == ["F2", "F1"])
        #expect(signers.map(\.fullName) == ["Schulz, Jan", "Müller, Anna"])
        #expect(signers.last?.birthDate == TestSupport.day("1980-03-12"))
        #expect(
            try await SubmissionList.load(from: db, today: .today(), by: TestSupport.terminal).sections.allSatisfy {
                $0.certified.allSatisfy { $0.name == nil }
            })
    }
}
