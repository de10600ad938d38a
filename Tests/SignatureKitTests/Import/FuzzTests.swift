import Foundation
import SignatureKitFuzzing
import Testing

@testable import SignatureKit

struct FuzzTests {
    @Test("Mutated files of every kind go through every reader without a crash, and no message quotes more than a short excerpt")
    func corpus() throws {
        let dir = TestSupport.tempDir()
        let json = try String(contentsOfFile: TestSupport.root.appendingPathComponent("districts/elections/krefeld-2025.json").path, encoding: .utf8)
        let result = FuzzHarness.campaign(count: 400, seed: 7, scratchFolder: dir.path, election: TestSupport.election, electionJSON: json)
        #expect(result.runs == 400)
        #expect(result.longestMessage < 600)
    }
}
