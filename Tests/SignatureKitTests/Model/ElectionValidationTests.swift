import Foundation
import Testing

@testable import SignatureKit

struct ElectionValidationTests {
    static let bundled: String = {
        (try? String(contentsOfFile: TestSupport.root.appendingPathComponent("districts/elections/krefeld-2025.json").path, encoding: .utf8))
            ?? ""
    }()

    @Test(
        "Absurd numbers and duplicate names in an election file are refused, naming the field",
        arguments: [
            ("\"minimumAge\": {\n    \"value\": 16", "\"minimumAge\": {\n    \"value\": 1000000", "minimumAge.value"),
            ("\"perMille\": 1,", "\"perMille\": 1e300,", "quotas.list.value.perMille"),
            ("\"factor\": 5", "\"factor\": 9000000000000000000", "quotas.mayor.value.factor"),
            ("\"value\": 58,", "\"value\": -3,", "councilSize.value"),
            ("\"name\": \"Nord\"", "\"name\": \"mitte\"", "districts[2].name"),
        ])
    func refused(original: String, replacement: String, field: String) throws {
        guard let range = Self.bundled.range(of: original) else {
            Issue.record("fixture text not found: \(original)")
            return
        }
        let broken = Self.bundled.replacingCharacters(in: range, with: replacement)
        do {
            _ = try ElectionCatalog.decode(Data(broken.utf8), path: "x.json")
            Issue.record("accepted")
        } catch let error as SignatureKitError where error.code == .malformedElection {
            let reason = error.detail ?? ""
            #expect(reason.hasPrefix("Feld „\(field)“"), "\(reason)")
        }
    }

    @Test("Day arithmetic saturates instead of trapping")
    func saturates() {
        let day = TestSupport.day("2025-09-14")
        #expect(day.adding(days: Int.max) > day)
        #expect(day.adding(days: Int.min) < day)
    }
}
