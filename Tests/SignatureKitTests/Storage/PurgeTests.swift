import Foundation
import GRDB
import Testing

@testable import SignatureKit

struct PurgeTests {
    @Test("After the election personal data can be deleted; counts and statuses stay, new entries are refused")
    func purge() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("p.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
        _ = try db.record(TestSupport.sheet("P1"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("P2", surname: "MUELLER"), enteredBy: "t", today: TestSupport.today)
        try db.setStatus([.init(sheet: "P1", status: .certified)], by: "t")
        #expect(TestSupport.election.purgeAllowedFrom.german == "19.10.2025")
        #expect(throws: SignatureKitError.purgeTooEarly(allowedFrom: TestSupport.day("2025-10-19"))) {
            try db.purgePersonalData(today: TestSupport.day("2025-10-18"))
        }
        let before = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01"))).nominations.first { $0.id == "ward:12" }
        let summary = try db.purgePersonalData(today: TestSupport.day("2025-11-01"))
        #expect(summary.sheets == 2)
        let signer = try #require(try db.personalData(of: ["P1"], purpose: .show).first)
        #expect(signer.surname.isEmpty && signer.givenNames.isEmpty && signer.birthDate == nil && signer.street.isEmpty)
        #expect(try db.sheetDetail("P1").status == .certified)
        let after = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01"))).nominations.first { $0.id == "ward:12" }
        #expect(after == before)
        #expect(try db.purgedOn() == TestSupport.day("2025-11-01"))
        #expect(try db.duplicatePass().sheets == 0)
        #expect(throws: SignatureKitError.purged(path: path)) {
            try db.record(TestSupport.sheet("P3"), enteredBy: "t", today: TestSupport.today)
        }
        // The names are gone from the file itself, not only from the rows.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: Data("Müller".utf8)) == nil)
        #expect(bytes.range(of: Data("MUELLER".utf8)) == nil)
    }
}
