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
                path: path, reason: "Feld „\((ctx.codingPath + [key]).map(\.stringValue).joined(separator: "."))“ fehlt")
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx),
            let DecodingError.dataCorrupted(ctx)
        {
            let field = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            throw SignatureKitError.malformedElection(
                path: path, reason: "Feld „\(field)“ hat einen ungültigen Wert (\(ctx.debugDescription))")
        } catch {
            throw SignatureKitError.malformedElection(path: path, reason: "kein gültiges JSON")
        }
        if let (field, reason) = election.problem() {
            throw SignatureKitError.malformedElection(path: path, reason: "Feld „\(field)“: \(reason)")
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
