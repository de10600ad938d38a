import Foundation
import SignatureKit

/// Feeds one input to every reader of outside files: the sheet CSV (with field checks), the street directory, the
/// election office's status file, both result formats, and the election JSON decoder. Errors are expected; a crash,
/// a hang or an error message longer than a short excerpt is a finding.
public enum FuzzHarness {
    /// Seeds to mutate: one valid file of each kind.
    public static func seeds(electionJSON: String) -> [[UInt8]] {
        let texts = [
            "sheet;nomination;surname;given_names;born;street;house_number;postal_code;city;signed_on;collector\n"
                + "F1;ward:12;Müller;Anna Maria;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "\"F2\";list;\"Schulz, Jan\";Jan;1990-01-01;Ostwall;5;47798;Krefeld;2025-05-02;Bernd\n",
            "Straße;von;bis;Seite;Wahlbezirk;Stadtbezirk\nHauptstraße;1;99;gerade;12;Mitte\nOstwall;;;alle;7;\n",
            "Formblatt;Status;Grund\nF1;bescheinigt;\nF2;abgelehnt;not-eligible\n",
            "party;votes;wards_won\nCDU;27000;20\nLUKS;2476;0\n",
            "Wahlbezirk;Partei;Stimmen;Wahlberechtigte;Wähler\n1;A;50;200;100\n1;B;40;200;100\n",
            electionJSON,
        ]
        return texts.map { Array($0.utf8) }
    }

    /// A random change of `input`: bytes flipped, inserted (separators, quotes, line breaks, NUL, invalid UTF-8),
    /// deleted, repeated, a long run added, or the input cut.
    public static func mutate(_ input: [UInt8], rng: inout SeededRandom) -> [UInt8] {
        var bytes = input
        let specials: [UInt8] = [0x3B, 0x2C, 0x22, 0x0A, 0x0D, 0x00, 0xFF, 0xC3, 0x7B, 0x7D, 0x5B, 0x3A, 0x2D, 0x2E, 0x30, 0x39, 0x1B]
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[at] ^= UInt8.random(in: 1...255, using: &rng)
            case 1: bytes.insert(specials[Int.random(in: 0..<specials.count, using: &rng)], at: at)
            case 2 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...40, using: &rng)))
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...200, using: &rng))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            case 4:
                bytes.insert(
                    contentsOf: [UInt8](repeating: specials.randomElement(using: &rng) ?? 0, count: Int.random(in: 1...70_000, using: &rng)), at: at)
            case 5: bytes = Array(bytes.prefix(at))
            case 6 where !bytes.isEmpty: bytes[at] = UInt8(ascii: "9")
            default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            }
        }
        return bytes
    }

    /// Runs every reader on `data`, written to `scratch`. Returns the errors' German messages.
    @discardableResult
    public static func run(_ data: [UInt8], scratch: String, election: Election) -> [String] {
        FileManager.default.createFile(atPath: scratch, contents: Data(data))
        var messages: [String] = []
        func attempt(_ body: () throws -> Void) {
            do { try body() } catch let error as SignatureKitError { messages.append(error.errorDescription ?? "") } catch {
                messages.append("\(type(of: error))")
            }
        }
        attempt { _ = try ImportPipeline.prepareOnly(path: scratch) }
        attempt { _ = try StreetDirectory.parse(scratch, election: election) }
        attempt { _ = try StatusFile.changes(fromFile: scratch) }
        attempt { _ = try ResultsInput.partyTotals(path: scratch, wardCount: 29) }
        attempt { _ = try ResultsInput.wardResults(path: scratch) }
        attempt { _ = try ElectionCatalog.decode(Data(data), path: scratch) }
        return messages
    }

    /// Generates `count` mutated files from the seeds and runs each; returns how many were run and the longest message.
    public static func campaign(count: Int, seed: UInt64, scratchFolder: String, election: Election, electionJSON: String) -> (
        runs: Int, longestMessage: Int
    ) {
        var rng = SeededRandom(seed: seed)
        let seeds = seeds(electionJSON: electionJSON)
        let scratch = scratchFolder + "/fuzz-input.csv"
        var longest = 0
        for i in 0..<count {
            var input = seeds[i % seeds.count]
            for _ in 0..<Int.random(in: 1...3, using: &rng) { input = mutate(input, rng: &rng) }
            for m in run(input, scratch: scratch, election: election) { longest = max(longest, m.count) }
        }
        return (count, longest)
    }
}
