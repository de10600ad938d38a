import Foundation
import Testing

@testable import SignatureKit

struct LegalProgressTests {
    @Test("After the deadline (07.07.2025, 18:00) only certified and submitted sheets count: reached or missed, never on track")
    func afterDeadline() throws {
        let db = try ProgressReportTests().sample()
        let onDay = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-07-07")))
        #expect(!onDay.afterDeadline)
        let after = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-07-08")))
        #expect(after.afterDeadline)
        let w12 = try #require(after.nominations.first { $0.id == "ward:12" })
        #expect(w12.projected == 2 && w12.forecast == 2 && w12.pending == 1)
        #expect(w12.status == .missed)
        #expect(w12.missing == 8)
        #expect(Set(after.nominations.map(\.status)).isSubset(of: [.reached, .missed]))
        let text = ProgressRenderer.text(after, color: false)
        #expect(text.contains("Frist abgelaufen: es zählen nur bescheinigte und eingereichte Formblätter"))
        #expect(!text.contains("auf Kurs") && !text.contains("gefährdet"))
    }

    @Test("A submitted sheet can still be rejected by the election committee, with a reason, and the counts follow")
    func submittedThenRejected() throws {
        let db = try ProgressReportTests().sample()
        try db.setStatus([.init(sheet: "W1", status: .submitted)], by: "t")
        try db.setStatus([.init(sheet: "W1", status: .rejected, reason: .notEligible)], by: "t")
        let d = try db.sheetDetail("W1")
        #expect(d.status == .rejected && d.rejectReason == .notEligible)
        #expect(d.history.map(\.to) == [.certified, .submitted, .rejected])
        let w12 = try #require(try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01"))).nominations.first { $0.id == "ward:12" })
        // W1 no longer counts; its duplicate W6 takes over and waits for the city.
        #expect(w12.valid == 1)
        #expect(w12.rejectedByReason == ["not-in-ward": 1, "not-eligible": 1])
        #expect(w12.duplicates == 0 && w12.pending == 2)
        #expect(throws: SignatureKitError.impossibleTransition(sheet: "W1", from: .rejected, to: .submitted)) {
            try db.setStatus([.init(sheet: "W1", status: .submitted)], by: "t")
        }
    }

    @Test("Krefeld: every ward needs 10 (227,000 inhabitants / 29 wards, KWahlO § 78 Abs. 1); no ward quota is unconfirmed")
    func wardQuotaByLaw() throws {
        let db = try TestSupport.database()
        let report = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01")))
        #expect(report.unconfirmedWardQuotas == 0)
        #expect(report.nominations.filter { $0.id.hasPrefix("ward:") }.allSatisfy { $0.required == 10 })
        #expect(!ProgressRenderer.text(report, color: false).contains("unbestätigt"))
        #expect(TestSupport.election.quotas.ward?.confirmed == true)
    }

    @Test(
        "The ward tier uses the municipality's average: exactly 5,000 and 10,000 are the lower tier",
        arguments: [(145_000, 5), (145_001, 10), (290_000, 10), (290_001, 20), (100_000, 5)])
    func wardTierBoundaries(inhabitants: Int, required: Int) throws {
        var e = TestSupport.election
        e.inhabitants = LegalValue(inhabitants, basis: "KWahlO NRW § 78 Abs. 1")
        #expect(e.wards.count == 29)
        #expect(e.wards.allSatisfy { e.required(for: .ward($0.number)) == required })
    }

    @Test("A file without inhabitants: the ward quotas are unconfirmed; --cautious plans 20 for each of them")
    func cautious() throws {
        var e = TestSupport.election
        e.inhabitants = nil
        let db = try SignatureDatabase.inMemory(election: e, meetingDate: TestSupport.day("2025-03-01"))
        let normal = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01")))
        #expect(normal.unconfirmedWardQuotas == 29)
        #expect(normal.nominations.first { $0.id == "ward:12" }?.required == 10)
        let careful = try db.progressReport(
            ProgressSettings.checked(asOf: TestSupport.day("2025-06-01"), marginPercent: 30, leadDays: 14, cautious: true))
        #expect(careful.nominations.first { $0.id == "ward:12" }?.required == 20)
        #expect(careful.totals.required == 29 * 20 + 100 + 290 + 5 * 36)
        #expect(ProgressRenderer.text(careful, color: false).contains("Vorsichtige Planung: 20 je Wahlbezirk für 29 Wahlbezirke ohne Einwohnerzahl."))
        let json = try ProgressRenderer.json(careful)
        #expect(json.contains("\"unconfirmedWardQuotas\" : 29") && json.contains("\"cautious\" : true"))
        // A ward with known inhabitants is confirmed and keeps its tier.
        e.wards[0].inhabitants = 4000
        #expect(e.wardQuotaKnown(e.wards[0].number))
        #expect(e.required(for: .ward(e.wards[0].number), cautious: true) == 5)
    }
}
