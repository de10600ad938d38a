import Foundation
import Testing

@testable import SignatureKit

/// Legal and plausibility boundaries as argument tables: each side of every boundary (issue 19, part 4).
struct BoundaryTableTests {
    typealias T = TestSupport

    static func codes(born: String, signed: String = "01.05.2025", today: CalendarDay = T.today) -> [String] {
        Rules.evaluate(
            RuleInput(sheet: T.sheet(born: born, signed: signed), election: T.election, address: .noDirectory, meetingDate: nil, today: today)
        ).map(\.code)
    }

    @Test(
        "Age and plausibility of the birth date (election day 14.09.2025): under 16, 105 years, before 1900, after signing",
        arguments: [
            ("14.09.2009", nil), ("15.09.2009", "under-age"),  // 16 on election day, or one day short
            ("01.01.1920", nil), ("31.12.1920", nil),  // 105 in 2025: no warning
            ("31.12.1919", "birth-date-check"), ("01.01.1919", "birth-date-check"),  // 106
            ("01.01.1900", "birth-date-check"), ("31.12.1899", "birth-date-implausible"),
            ("01.05.2025", "under-age"), ("02.05.2025", "birth-date-implausible"),  // born on, or after, the signing day
        ] as [(String, String?)])
    func birthDates(born: String, code: String?) {
        let found = Self.codes(born: born).filter { ["under-age", "birth-date-check", "birth-date-implausible"].contains($0) }
        if let code { #expect(found.contains(code), "\(born): \(found)") } else { #expect(found.isEmpty, "\(born): \(found)") }
        if code != "birth-date-check" { #expect(!found.contains("birth-date-check"), "\(born): \(found)") }
    }

    @Test(
        "Signing date: on the deadline day it counts, the day after not; not after the entry day",
        arguments: [("07.07.2025", nil), ("08.07.2025", "signed-after-deadline")] as [(String, String?)])
    func signingDates(signed: String, code: String?) {
        let found = Self.codes(born: "12.03.1980", signed: signed, today: T.day("2025-07-10")).filter { $0.hasPrefix("signed-") }
        #expect(found == (code.map { [$0] } ?? []), "\(signed): \(found)")
    }

    @Test(
        "The first day personal data may be deleted is 29.10.2025 (a month after the run-off of 28.09.2025, from the day after)",
        arguments: [("2025-10-28", false), ("2025-10-29", true), ("2025-10-30", true)])
    func firstPurgeDay(day: String, allowed: Bool) throws {
        let db = try T.database()
        _ = try db.record(T.sheet("P1"), enteredBy: "t", today: T.today)
        if allowed {
            #expect(try db.purgePersonalData(today: T.day(day)).sheets == 1)
        } else {
            #expect(throws: SignatureKitError.self) { try db.purgePersonalData(today: T.day(day)) }
            #expect(try db.personalData(of: ["P1"], purpose: .show, by: "t").first?.surname == "Müller")
        }
    }

    @Test(
        "Status lists in SQL are derived from the enum: every valid and every closed status counts as the enum says", arguments: SheetStatus.allCases)
    func statusLists(status: SheetStatus) async throws {
        let db = try T.database()
        _ = try db.record(T.sheet("F1"), enteredBy: "t", today: T.today)
        let path: [SheetStatus] =
            switch status {
            case .entered: []
            case .sent: [.sent]
            case .certified: [.certified]
            case .submitted: [.certified, .submitted]
            case .rejected: [.rejected]
            case .lost: [.lost]
            case .withdrawn: [.withdrawn]
            }
        for s in path { try db.setStatus([StatusChange(sheet: "F1", status: s, reason: s == .rejected ? .illegible : nil)], by: "t") }
        let standing = SheetStanding(status: status, hasError: false, isDuplicate: false)
        let submission = try await SubmissionList.load(from: db, nomination: .ward(12), today: T.today, by: TestSupport.terminal).sections[0]
        #expect(submission.certified.map(\.sheet) == (standing == .valid ? ["F1"] : []), "\(status)")
        let counts = try db.progressReport(ProgressSettings(asOf: T.today)).nominations.first { $0.id == "ward:12" }
        #expect(counts?.valid == (standing == .valid ? 1 : 0), "\(status)")
    }

    @Test(
        "A sheet the office certified although a rule doubts it is reported for certified and submitted alike",
        arguments: [
            SheetStatus.certified, .submitted,
        ])
    func certifiedWithError(status: SheetStatus) throws {
        let db = try T.database()
        _ = try db.record(T.sheet("F1", born: "12.03.2011"), enteredBy: "t", today: T.today)
        try db.setStatus([StatusChange(sheet: "F1", status: .certified)], by: "t")
        if status == .submitted { try db.setStatus([StatusChange(sheet: "F1", status: .submitted)], by: "t") }
        #expect(try db.submissionData(for: .ward(12)).certifiedWithError == 1)
    }
}
