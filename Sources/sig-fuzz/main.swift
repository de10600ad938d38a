import Foundation
import SignatureKit
import SignatureKitFuzzing

// Fuzzing of the readers of outside files (sheet CSV, street directory, status file, results, election JSON).
//
//   swift run sig-fuzz 10000            – a generated corpus: 10,000 mutated files, each run through every reader
//   swift build -c release --product sig-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING
//   .build-fuzz/release/sig-fuzz -max_total_time=300   – libFuzzer, coverage-guided

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

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    nonisolated(unsafe) var fuzzElection = election
    nonisolated(unsafe) var fuzzScratch = scratch + "/input"
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(
        runDriver(&argc, &argv) { data, size in
            let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
            for message in FuzzHarness.run(bytes, scratch: fuzzScratch, election: fuzzElection) where message.count > 2000 {
                fatalError("message too long: \(message.prefix(200))")
            }
            return 0
        })
#else
    let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 10_000
    let start = Date()
    let result = FuzzHarness.campaign(count: count, seed: 2025, scratchFolder: scratch, election: election, electionJSON: electionJSON)
    try? FileManager.default.removeItem(atPath: scratch)
    print(
        "\(result.runs) veränderte Dateien durch alle Leser geschickt, kein Absturz; längste Meldung \(result.longestMessage) Zeichen; "
            + String(format: "%.1f s", Date().timeIntervalSince(start)))
#endif
