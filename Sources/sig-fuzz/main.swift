import Foundation
import SignatureKit
import SignatureKitFuzzing

// Fuzzing of the readers of outside files (sheet CSV, street directory, status file, results, election JSON).
//
//   swift build -c release --product sig-fuzz && .build/release/sig-fuzz 10000
// runs a generated corpus: 10,000 mutated files, each through every reader. (A libFuzzer build links its own `main`,
// which SwiftPM's executable targets also define; the generated corpus needs no special toolchain flags.)

let electionPath = ElectionCatalog.bundledPath(ElectionCatalog.defaultID)
let electionJSON = electionPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "{}"
let election: Election
do {
    election = try ElectionCatalog.load()
} catch {
    FileHandle.standardError.write(Data("Fehler: mitgelieferte Wahl fehlt\n".utf8))
    exit(2)
}
let scratch = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/sig-fuzz-\(getpid())"
try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)

let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 10_000
let start = Date()
let result = FuzzHarness.campaign(count: count, seed: 2025, scratchFolder: scratch, election: election, electionJSON: electionJSON)
try? FileManager.default.removeItem(atPath: scratch)
print(
    "\(result.runs) veränderte Dateien durch alle Leser geschickt, kein Absturz; längste Meldung \(result.longestMessage) Zeichen; "
        + String(format: "%.1f s", Date().timeIntervalSince(start)))
