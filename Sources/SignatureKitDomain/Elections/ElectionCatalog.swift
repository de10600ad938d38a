import Foundation
import SignatureKitDistricts

/// Finds and loads election files: bundled ones by id, others by path.
public enum ElectionCatalog {
    /// The election used when none is named.
    public static let defaultID = "krefeld-2025"

    /// Ids of the bundled elections, sorted.
    public static func bundledIDs() -> [String] {
        guard let dir = BundledDistricts.electionsDirectory,
            let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The path of a bundled election file, if there is one with that id.
    public static func bundledPath(_ id: String) -> String? {
        guard bundledIDs().contains(id), let dir = BundledDistricts.electionsDirectory else { return nil }
        return dir.appendingPathComponent("\(id).json").path
    }

    /// Loads an election by bundled id (`krefeld-2025`) or by the path of a JSON file.
    ///
    /// - Throws: ``SignatureKitError/electionNotFound(_:)`` or ``SignatureKitError/malformedElection(path:reason:)``.
    public static func load(_ reference: String = defaultID) throws -> Election {
        let url: URL
        if reference.hasSuffix(".json") || reference.contains("/") {
            url = URL(fileURLWithPath: reference)
        } else if let dir = BundledDistricts.electionsDirectory {
            url = dir.appendingPathComponent("\(reference).json")
        } else {
            throw SignatureKitError.electionNotFound(reference)
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SignatureKitError.electionNotFound(reference)
        }
        return try decode(data, path: url.path)
    }

    /// Decodes an election file and checks it for consistency.
    public static func decode(_ data: Data, path: String) throws -> Election {
        let election: Election
        do {
            election = try JSONDecoder().decode(Election.self, from: data)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw SignatureKitError.malformedElection(
                path: path,
                reason:
                    "Feld „\(String(((ctx.codingPath + [key]).map { $0.stringValue } as [String]).joined(separator: ".").prefix(120)).escapedForTerminal)“ fehlt"
            )
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx),
            let DecodingError.dataCorrupted(ctx)
        {
            let field = String(ctx.codingPath.map(\.stringValue).joined(separator: ".").prefix(120))
            throw SignatureKitError.malformedElection(
                path: path,
                reason:
                    "Feld „\(field.escapedForTerminal)“ hat einen ungültigen Wert (\(String(ctx.debugDescription.prefix(120)).escapedForTerminal))")
        } catch {
            throw SignatureKitError.malformedElection(path: path, reason: "kein gültiges JSON")
        }
        if let (field, reason) = election.problem() {
            throw SignatureKitError.malformedElection(path: path, reason: "Feld „\(field.prefix(120))“: \(reason)")
        }
        let numbers = election.wards.map(\.number)
        if Set(numbers).count != numbers.count {
            throw SignatureKitError.malformedElection(path: path, reason: "eine Wahlbezirksnummer kommt doppelt vor")
        }
        if numbers.count != election.wardCount.value {
            throw SignatureKitError.malformedElection(
                path: path,
                reason: "\(numbers.count) Wahlbezirke aufgeführt, wardCount sagt \(election.wardCount.value)")
        }
        return election
    }
}
