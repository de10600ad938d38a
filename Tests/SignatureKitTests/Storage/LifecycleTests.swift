import Foundation
import Testing

@testable import SignatureKit

struct LifecycleTests {
    @Test("Sheets move entered → sent → certified → submitted; impossible moves are refused and change nothing")
    func lifecycle() throws {
        let db = try TestSupport.database()
        for n in ["F1", "F2", "F3"] {
            _ = try db.record(
                TestSupport.sheet(n, surname: "S\(n)x", born: n == "F1" ? "01.01.1970" : n == "F2" ? "02.02.1972" : "03.03.1973"), enteredBy: "t",
                today: TestSupport.today)
        }
        try db.setStatus([.init(sheet: "F1", status: .sent)], by: "t")
        try db.setStatus([.init(sheet: "F1", status: .certified), .init(sheet: "F2", status: .certified)], by: "t")
        try db.setStatus([.init(sheet: "F3", status: .rejected, reason: .notInWard)], by: "t")
        try db.setStatus([.init(sheet: "F1", status: .submitted)], by: "t")
        #expect(throws: SignatureKitError.impossibleTransition(sheet: "F3", from: .rejected, to: .submitted)) {
            try db.setStatus([.init(sheet: "F2", status: .submitted), .init(sheet: "F3", status: .submitted)], by: "t")
        }
        #expect(try db.sheets().map(\.status) == [.submitted, .certified, .rejected])  // F2 unchanged: all or nothing
        #expect(try db.sheetDetail("F3").rejectReason == .notInWard)
        #expect(try db.sheetDetail("F1").history.count == 3)
        #expect(throws: SignatureKitError.sheetNotFound("F9")) { try db.setStatus([.init(sheet: "F9", status: .lost)], by: "t") }
    }

    @Test("Status file from the election office")
    func statusFile() throws {
        let dir = TestSupport.tempDir()
        let ok = TestSupport.write(
            "Formblatt;Status;Grund\nF1;bescheinigt;\nF2;abgelehnt;nicht-wahlberechtigt\n".replacingOccurrences(
                of: "nicht-wahlberechtigt", with: "not-eligible"), in: dir)
        let changes = try StatusFile.changes(fromFile: ok)
        #expect(changes.map(\.status) == [.certified, .rejected])
        #expect(changes.map(\.reason) == [nil, .notEligible])
        #expect(changes[1].origin == "\(ok), Zeile 3")
        let db = try TestSupport.database()
        #expect(throws: SignatureKitError.ioFailure(path: "\(ok), Zeile 2", reason: "Feld „Formblatt“: F1 ist nicht erfasst; nichts geändert.")) {
            try db.setStatus(changes, by: "t")
        }
        let bad = TestSupport.write("sheet;status\nF1;vielleicht\n", in: dir, name: "b.csv")
        #expect(throws: SignatureKitError.self) { try StatusFile.changes(fromFile: bad) }
    }
}

struct MeetingDateTests {
    @Test("A later meeting date turns earlier signatures into errors, for that nomination only")
    func meetingDate() throws {
        let db = try TestSupport.database(meeting: "2025-03-01")
        _ = try db.record(TestSupport.sheet("M1", signed: "10.03.2025"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("M2", nomination: .list, signed: "10.03.2025"), enteredBy: "t", today: TestSupport.today)
        #expect(!(try db.sheetDetail("M1").findings.map(\.code).contains("signed-before-meeting")))
        try db.setMeetingDate(TestSupport.day("2025-03-15"), for: [.ward(12)])
        #expect(try db.sheetDetail("M1").findings.map(\.code).contains("signed-before-meeting"))
        #expect(!(try db.sheetDetail("M2").findings.map(\.code).contains("signed-before-meeting")))
        #expect(try db.meetingDates()[.ward(12)] == TestSupport.day("2025-03-15"))
        #expect(throws: SignatureKitError.nominationUnknown("ward:99")) { try db.setMeetingDate(nil, for: [.ward(99)]) }
    }
}
