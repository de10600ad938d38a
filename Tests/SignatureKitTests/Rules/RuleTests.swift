import Testing

@testable import SignatureKit

struct RuleTests {
    func findings(_ sheet: SheetInput, address: AddressLookup = .noDirectory, meeting: String? = "2025-03-01") -> [String] {
        Rules.evaluate(
            RuleInput(
                sheet: sheet, election: TestSupport.election, address: address,
                meetingDate: meeting.map(TestSupport.day), today: TestSupport.today)
        ).map(\.code)
    }

    @Test("16 on election day: born 14.09.2009 may sign, born 15.09.2009 may not")
    func ageBoundary() {
        #expect(!findings(TestSupport.sheet(born: "14.09.2009")).contains("under-age"))
        #expect(findings(TestSupport.sheet(born: "15.09.2009")).contains("under-age"))
        // old enough on election day, not yet at signing: a warning
        #expect(findings(TestSupport.sheet(born: "01.06.2009", signed: "01.05.2025")).contains("under-age-at-signing"))
        #expect(!findings(TestSupport.sheet(born: "01.05.2009", signed: "01.05.2025")).contains("under-age-at-signing"))
    }

    @Test("Birth dates must be plausible")
    func birthDate() {
        #expect(findings(TestSupport.sheet(born: "31.12.1899")).contains("birth-date-implausible"))
        #expect(!findings(TestSupport.sheet(born: "01.01.1920")).contains("birth-date-implausible"))
        #expect(findings(TestSupport.sheet(born: "01.01.1915")).contains("birth-date-check"))
    }

    @Test("Signing date: from the meeting day to the deadline day, never in the future")
    func signingDate() {
        #expect(findings(TestSupport.sheet(signed: "01.03.2025")) == ["ward-unverified"])  // the meeting day itself is fine
        #expect(!findings(TestSupport.sheet(signed: "01.03.2025")).contains("signed-before-meeting"))
        #expect(findings(TestSupport.sheet(signed: "28.02.2025")).contains("signed-before-meeting"))
        #expect(findings(TestSupport.sheet(signed: "31.07.2024"), meeting: nil).contains("signed-before-meeting"))
        #expect(!findings(TestSupport.sheet(signed: "01.08.2024"), meeting: nil).contains("signed-before-meeting"))
        let atDeadline = RuleInput(
            sheet: TestSupport.sheet(signed: "07.07.2025"), election: TestSupport.election,
            address: .noDirectory, meetingDate: nil, today: TestSupport.day("2025-07-07"))
        #expect(!Rules.evaluate(atDeadline).map(\.code).contains("signed-after-deadline"))
        let after = RuleInput(
            sheet: TestSupport.sheet(signed: "08.07.2025"), election: TestSupport.election,
            address: .noDirectory, meetingDate: nil, today: TestSupport.day("2025-07-08"))
        #expect(Rules.evaluate(after).map(\.code).contains("signed-after-deadline"))
        #expect(findings(TestSupport.sheet(signed: "16.06.2025")).contains("signed-in-future"))
        #expect(!findings(TestSupport.sheet(signed: "15.06.2025")).contains("signed-in-future"))
    }

    @Test("Residence in Krefeld: another city is an error, an unknown postal code a warning")
    func residence() {
        #expect(findings(TestSupport.sheet(city: "Düsseldorf")).contains("not-resident"))
        let plz = Rules.evaluate(
            RuleInput(
                sheet: TestSupport.sheet(postal: "40210"), election: TestSupport.election,
                address: .noDirectory, meetingDate: nil, today: TestSupport.today))
        #expect(plz.first { $0.code == "postal-code-unknown" }?.severity == .warning)
        #expect(!findings(TestSupport.sheet(city: "KREFELD")).contains("not-resident"))
        #expect(!findings(TestSupport.sheet(city: "Krefeld-Uerdingen")).contains("not-resident"))
        #expect(findings(TestSupport.sheet(city: "Krefelder Str.")).contains("not-resident"))
    }

    @Test("Ward: verified by the directory, unverified without it (warning, never an error)")
    func ward() {
        #expect(findings(TestSupport.sheet(), address: .found(ward: 12, district: "Mitte")).isEmpty)
        #expect(findings(TestSupport.sheet(), address: .found(ward: 13, district: "Mitte")).contains("wrong-ward"))
        let unverified = Rules.evaluate(
            RuleInput(
                sheet: TestSupport.sheet(), election: TestSupport.election,
                address: .unknownStreet, meetingDate: nil, today: TestSupport.today))
        #expect(unverified.map(\.code) == ["ward-unverified"])
        #expect(unverified[0].severity == .warning)
        #expect(findings(TestSupport.sheet(nomination: .district("Nord")), address: .found(ward: 3, district: "Süd")).contains("wrong-district"))
        #expect(findings(TestSupport.sheet(nomination: .list), address: .found(ward: 3, district: "Süd")).isEmpty)
        #expect(findings(TestSupport.sheet(nomination: .mayor)).isEmpty)
    }

    @Test("Every finding carries a legal basis and no personal data")
    func messages() {
        let f = Rules.evaluate(
            RuleInput(
                sheet: TestSupport.sheet(born: "15.09.2009", city: "Düsseldorf", signed: "08.07.2025"),
                election: TestSupport.election, address: .noDirectory, meetingDate: nil, today: TestSupport.day("2025-08-01")))
        #expect(f.count >= 3)
        for finding in f {
            #expect(!finding.basis.isEmpty)
            #expect(!finding.message.contains("Müller"))
        }
        #expect(f.first?.severity == .error)
    }
}
