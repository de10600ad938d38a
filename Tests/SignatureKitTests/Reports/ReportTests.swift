import Foundation
import Testing

@testable import SignatureKit

struct ProgressReportTests {
    /// Ward 12: 6 sheets (2 certified, 1 rejected, 1 pending, 1 pending with error, 1 certain duplicate);
    /// ward 13: 1 sheet sent; everything else empty.
    func sample() throws -> SignatureDatabase {
        let db = try TestSupport.database()
        let people = [("A", "01.01.1970"), ("B", "02.02.1971"), ("C", "03.03.1972"), ("D", "04.04.1973")]
        for (i, p) in people.enumerated() {
            _ = try db.record(
                TestSupport.sheet(
                    "W\(i + 1)", surname: "Person\(p.0)x", given: "Eva", born: p.1,
                    signed: "0\(i + 1).05.2025"), enteredBy: "t", today: TestSupport.today)
        }
        _ = try db.record(
            TestSupport.sheet("W5", surname: "Jung", given: "Tim", born: "15.09.2009", signed: "05.05.2025"),
            enteredBy: "t", today: TestSupport.today)  // under age: pending with error
        _ = try db.record(
            TestSupport.sheet("W6", surname: "PERSONAX", given: "eva", born: "01.01.1970", signed: "06.05.2025"),
            enteredBy: "t", today: TestSupport.today)  // certain duplicate of W1
        _ = try db.record(
            TestSupport.sheet(
                "X1", nomination: .ward(13), surname: "Other", given: "Ole", born: "05.05.1965",
                signed: "06.05.2025"), enteredBy: "t", today: TestSupport.today)
        try db.setStatus(
            [
                .init(sheet: "W1", status: .certified), .init(sheet: "W2", status: .certified),
                .init(sheet: "W3", status: .rejected, reason: .notInWard), .init(sheet: "X1", status: .sent),
            ], by: "t")
        return db
    }

    @Test("Every number of the progress report comes from the stored sheets")
    func numbers() throws {
        let db = try sample()
        let r = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01")))
        let w12 = try #require(r.nominations.first { $0.id == "ward:12" })
        #expect(w12.required == 10)
        #expect(w12.target == 13)
        #expect(w12.entered == 6)
        #expect(w12.valid == 2)
        #expect(w12.rejected == 1)
        #expect(w12.rejectedByReason == ["not-in-ward": 1])
        #expect(w12.pending == 1)
        #expect(w12.invalid == 1)
        #expect(w12.duplicates == 1)
        // 2 certified of 3 decided: rate 0.667, Wilson lower bound 0.2077 → 1 pending × 0.21 = 0
        #expect(abs(r.certificationRate - 2.0 / 3.0) < 1e-9)
        #expect(abs(r.conservativeRate - 0.2077) < 0.001)
        #expect(w12.projected == 2)
        #expect(w12.missing == 11)
        #expect(w12.status == .behind)
        let w13 = try #require(r.nominations.first { $0.id == "ward:13" })
        #expect(w13.pending == 1 && w13.entered == 1 && w13.valid == 0)
        let empty = try #require(r.nominations.first { $0.id == "ward:1" })
        #expect(empty.entered == 0 && empty.projected == 0 && empty.missing == 13 && empty.status == .behind)
        #expect(r.totals.entered == 7)
        #expect(r.totals.required == 29 * 10 + 100 + 290 + 5 * 36)
        #expect(r.byRisk.first?.status == .behind)
    }

    @Test("Forecast on fixed dates: campaign deadline 23.06.2025, pace per signing day")
    func forecast() throws {
        let db = try sample()
        let r = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01"), margin: 0.3, leadDays: 14))
        #expect(r.campaignDeadline.german == "23.06.2025")
        #expect(r.daysLeft == 22)
        let w12 = try #require(r.nominations.first { $0.id == "ward:12" })
        // 5 usable sheets from 01.05. to 01.06. (32 days)
        #expect(abs(w12.pace - 5.0 / 32.0) < 1e-9)
        #expect(w12.willMissTarget)
        let late = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-07-01")))
        #expect(late.daysLeft == 0)
        #expect(late.nominations.first { $0.id == "ward:12" }?.neededPace == nil)
        // --as-of before some sheets: they are not counted yet
        let early = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-05-02")))
        #expect(early.nominations.first { $0.id == "ward:12" }?.entered == 2)
    }

    @Test("The JSON has the documented shape")
    func json() throws {
        let db = try sample()
        let text = try ProgressRenderer.json(try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01"))))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["asOf"] as? String == "2025-06-01")
        let nominations = try #require(object["nominations"] as? [[String: Any]])
        #expect(nominations.count == 36)
        let w12 = try #require(nominations.first { $0["id"] as? String == "ward:12" })
        for key in ["required", "entered", "valid", "pending", "rejected", "duplicates", "projected", "target", "status"] {
            #expect(w12[key] != nil, "missing \(key)")
        }
        #expect(w12["status"] as? String == "zurück")
        #expect(object["totals"] is [String: Any])
        let csv = ProgressRenderer.csv(try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01"))))
        #expect(csv.split(separator: "\n").contains { $0.hasPrefix("ward:12;Wahlbezirk 12;10;13;6;2;1;1;1;0;1;2;11;") })
        let html = ProgressRenderer.html(try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01"))))
        // Self-contained: charts inline, no scripts, no external files or fonts.
        #expect(html.contains("<svg"))
        #expect(html.contains("<polyline"))
        #expect(!html.contains("<script"))
        for external in ["src=\"http", "href=\"http", "@import", "url(", "<link"] { #expect(!html.contains(external)) }
        #expect(html.contains("Wahlbezirk 12"))
    }

    @Test("Submission list: certified sheets only, no names by default; PDF text has the counts")
    func submission() async throws {
        let db = try sample()
        let list = try await SubmissionList.load(from: db, nomination: .ward(12), today: TestSupport.day("2025-06-20"), by: TestSupport.terminal)
        #expect(list.sections.count == 1)
        #expect(list.sections[0].certified.map(\.sheet) == ["W1", "W2"])
        #expect(list.sections[0].certified.allSatisfy { $0.name == nil })
        let html = SubmissionRenderer.html(list)
        #expect(!html.contains("Person"))
        let named = SubmissionRenderer.html(
            try await SubmissionList.load(from: db, nomination: .ward(12), includeNames: true, today: .today(), by: TestSupport.terminal))
        #expect(named.contains("PersonAx, Eva"))
        _ = try db.record(
            TestSupport.sheet("W7", surname: "Yılmaz", given: "Ayşe", born: "05.06.1985", signed: "07.05.2025"),
            enteredBy: "t", today: TestSupport.today)
        _ = try db.record(
            TestSupport.sheet("W8", surname: "Wiśniewski", given: "Łukasz", born: "06.07.1986", signed: "07.05.2025"),
            enteredBy: "t", today: TestSupport.today)
        try db.setStatus([.init(sheet: "W7", status: .certified), .init(sheet: "W8", status: .certified)], by: "t")
        guard PDFPrinter.findEngine() != nil, FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else {
            Issue.record("Chromium or pdftotext missing: .ci/run installs them")
            return
        }
        let dir = TestSupport.tempDir()
        let pdf = dir.appendingPathComponent("l.pdf").path
        try PDFPrinter.print(
            html: SubmissionRenderer.html(try await SubmissionList.load(from: db, includeNames: true, today: .today(), by: TestSupport.terminal)),
            to: pdf)
        let data = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(data.starts(with: Array("%PDF".utf8)))
        let text = try TestSupport.pdfText(pdf)
        #expect(text.contains("Einreichungsliste Wahlbezirk 12"))
        #expect(text.contains("Bescheinigte Unterstützungsunterschriften: 4 von erforderlich 10"))
        #expect(text.contains("Yılmaz, Ayşe"))
        #expect(text.contains("Wiśniewski, Łukasz"))
        #expect(text.contains("Seite 1 von"))
    }
}

struct CertificationBatchTests {
    @Test("The batch lists entered sheets without errors or duplicates, grouped by nomination; marking it sent moves them")
    func batch() throws {
        let db = try TestSupport.database()
        _ = try db.record(TestSupport.sheet("A1"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("A2", surname: "MUELLER"), enteredBy: "t", today: TestSupport.today)  // duplicate
        _ = try db.record(TestSupport.sheet("A3", surname: "Jung", born: "15.09.2009"), enteredBy: "t", today: TestSupport.today)  // under age
        _ = try db.record(
            TestSupport.sheet("B1", nomination: .list, surname: "Schulz", given: "Jan", born: "01.01.1990"),
            enteredBy: "t", today: TestSupport.today)
        let batch = try db.certificationBatch()
        #expect(batch.sheets.map(\.sheet) == ["A1", "B1"])
        #expect(batch.grouped.map(\.0) == [.ward(12), .list])
        let html = CertificationBatchRenderer.html(batch, city: "Krefeld")
        #expect(html.contains("übersenden wir 2 Formblätter"))
        try db.setStatus(batch.sheets.map { StatusChange(sheet: $0.sheet, status: .sent) }, by: "t")
        #expect(try db.sheets(status: .sent).map(\.sheet) == ["A1", "B1"])
        #expect(try db.certificationBatch().sheets.isEmpty)
    }
}
