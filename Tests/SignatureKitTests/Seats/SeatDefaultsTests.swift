import Foundation
import Testing

@testable import SignatureKit

struct SeatDefaultsTests {
    @Test("Seat options come from the election data: method, size, threshold, switches; district councils their own")
    func fromElection() throws {
        let (council, source) = SeatOptions.from(TestSupport.election)
        #expect(council.method == .sainteLague)
        #expect(council.councilSize == 58)
        #expect(council.threshold == 0)
        #expect(council.evenEnlargedSize && council.majorityBonus)
        #expect(source.hasPrefix("Verfahren laut Wahldaten krefeld-2025: Sainte-Laguë/Schepers"))
        let (district, _) = SeatOptions.from(TestSupport.election, districtCouncil: true)
        #expect(district.councilSize == 19)
        #expect(district.threshold == 2.5)
        // Another file, other rules: nothing is a constant in code.
        var e = TestSupport.election
        e.seatAllocation.value.method = .dhondt
        e.seatAllocation.value.evenEnlargedSize = false
        e.councilSize.value = 44
        let (other, otherSource) = SeatOptions.from(e)
        #expect(other.method == .dhondt && other.councilSize == 44 && !other.evenEnlargedSize)
        #expect(otherSource.contains("d’Hondt"))
    }

    @Test(
        "An unknown seat method, quota rule or rounding in the election file is an error naming the field",
        arguments: [
            ("\"method\": \"sainte-lague\"", "\"method\": \"rock\"", "seatAllocation.value.method"),
            ("\"rule\": \"per-council-seat\"", "\"rule\": \"per-seat\"", "quotas.mayor.value.rule"),
            ("\"rounding\": \"up\"", "\"rounding\": \"nearest\"", "quotas.list.value.rounding"),
        ])
    func unknownValues(original: String, replacement: String, field: String) throws {
        let path = TestSupport.root.appendingPathComponent("districts/elections/krefeld-2025.json").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(original))
        guard let range = text.range(of: original) else { return }
        let broken = text.replacingCharacters(in: range, with: replacement)
        do {
            _ = try ElectionCatalog.decode(Data(broken.utf8), path: "x.json")
            Issue.record("decoded an unknown value")
        } catch let error as SignatureKitError where error.code == .malformedElection {
            let reason = error.detail ?? ""
            #expect(error.location == "x.json")
            #expect(reason.hasPrefix("Feld „\(field)“ hat einen ungültigen Wert"), "\(reason)")
        }
    }
}
