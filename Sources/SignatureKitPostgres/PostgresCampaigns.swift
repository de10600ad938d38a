import Crypto
import Foundation
import SignatureKit
import SignatureKitDomain

/// The host key: it wraps every campaign's data key and never enters the database. A file of 32 random bytes
/// (base64), readable by its owner only.
public struct HostKey: @unchecked Sendable {  // immutable; SymmetricKey is not marked Sendable
    let key: SymmetricKey
    /// A short fingerprint stored with each wrapped key (tells a wrong host key from a damaged one).
    let id: String

    init(bytes: Data) {
        key = SymmetricKey(data: bytes)
        id = Hex.encode(SHA256.hash(data: bytes).prefix(6))
    }

    /// Reads the key file; refuses one that others may read.
    public static func load(path: String) throws -> HostKey {
        var info = stat()
        guard stat(path, &info) == 0 else { throw SignatureKitError.hostKeyMissing(path: path, reason: "Datei nicht gefunden") }
        guard info.st_mode & 0o077 == 0 else {
            throw SignatureKitError.hostKeyMissing(
                path: path, reason: "andere Benutzer dürfen die Datei lesen; `chmod 600 \(path)` und den Schlüssel als verbraucht betrachten")
        }
        guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw SignatureKitError.hostKeyMissing(path: path, reason: "nicht lesbar")
        }
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw SignatureKitError.hostKeyMissing(path: path, reason: "kein Hostschlüssel (32 Bytes, Base64)")
        }
        return HostKey(bytes: bytes)
    }

    /// Writes a new random key to `path` (0600); never overwrites a file.
    @discardableResult
    public static func create(path: String) throws -> HostKey {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw SignatureKitError.ioFailure(path: path, reason: "Datei gibt es schon; nichts überschrieben")
        }
        let bytes = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        let file = try OutputFile(path: path)
        try file.append(bytes.base64EncodedString() + "\n")
        try file.commit()
        return HostKey(bytes: bytes)
    }

    /// A campaign's data key, wrapped (AES-GCM, the campaign's id as associated data: a key moved to another
    /// campaign's row does not open).
    func wrap(_ dataKey: SymmetricKey, campaign: String) throws -> String {
        let raw = dataKey.withUnsafeBytes { Data($0) }
        let box = try AES.GCM.seal(raw, using: key, authenticating: Data(campaign.utf8))
        guard let combined = box.combined else { throw SignatureKitError.wrongPassphrase }
        return combined.base64EncodedString()
    }

    func unwrap(_ wrapped: String, campaign: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: wrapped), let box = try? AES.GCM.SealedBox(combined: data),
            let raw = try? AES.GCM.open(box, using: key, authenticating: Data(campaign.utf8))
        else { throw SignatureKitError.wrongPassphrase }
        return SymmetricKey(data: raw)
    }
}

/// A campaign in the host's registry (no personal data).
public struct CampaignInfo: Sendable, Equatable {
    public var id: String
    public var title: String
    public var election: String
    public var createdAt: String
    public var encrypted: Bool
    public var sheets: Int
}

extension PostgresServer {
    /// Creates a campaign: its registry row, its nominations, and with a host key a random data key wrapped by it
    /// (names, birth dates and addresses are then sealed before they reach the server).
    public func createCampaign(
        id: String, election original: Election, title: String, meetingDate: CalendarDay? = nil, hostKey: HostKey?,
        nominations: [NominationID]? = nil
    ) async throws -> PostgresCampaign {
        guard id.range(of: "^[a-z0-9][a-z0-9-]{0,62}$", options: .regularExpression) != nil else {
            throw SignatureKitError.invalidField(
                field: "ID", reason: "„\(id.escapedForTerminal.prefix(40))“: Kleinbuchstaben, Ziffern und Bindestriche, höchstens 63 Zeichen")
        }
        guard !title.unicodeScalars.contains(where: \.isControlOrBidi), title.count <= 200 else {
            throw SignatureKitError.invalidField(field: "--title", reason: "Steuerzeichen oder länger als 200 Zeichen")
        }
        var election = original
        election.campaign = nominations
        var electionData: String?
        if !ElectionCatalog.bundledIDs().contains(original.id) {
            var file = original
            file.campaign = nil
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            electionData = String(decoding: try encoder.encode(file), as: UTF8.self)
        }
        let dataKey = hostKey.map { _ in SymmetricKey(size: .bits256) }
        var wrapped: String?
        if let hostKey, let dataKey { wrapped = try hostKey.wrap(dataKey, campaign: id) }
        let key: Int32 = try await transaction(.host) { tx in
            try await ensureUsable(tx)
            if try await tx.row("SELECT 1 FROM sig.campaign WHERE id = $1", [.text(id)]) != nil { throw SignatureKitError.campaignExists(id) }
            guard
                let row = try await tx.row(
                    """
                    INSERT INTO sig.campaign (id, title, election, election_data, created_at, wrapped_key, key_id)
                    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING key
                    """,
                    [
                        .text(id), .text(title), .text(election.id), .text(electionData), .text(SignatureDatabase.timestamp()),
                        .text(wrapped), .text(hostKey?.id),
                    ])
            else { throw SignatureKitError.serverFailure(server: display, state: "campaign") }
            let key = Int32(try row.int(0))
            try await tx.run("SELECT set_config('sig.campaign', $1, true)", [.text(String(key))])
            for n in election.allNominations {
                try await tx.run(
                    "INSERT INTO sig.nomination (id, kind, meetingdate) VALUES ($1, $2, $3)",
                    [.text(n.description), .text(n.kind.rawValue), .text(meetingDate?.iso)])
            }
            if let nominations {
                try await tx.run(
                    "INSERT INTO sig.meta (key, value) VALUES ('nominations', $1)", [.text(nominations.map(\.description).joined(separator: ","))])
            }
            return key
        }
        return PostgresCampaign(
            server: self, key: key, id: id, election: election, cipher: dataKey.map { FieldCipher(master: $0) })
    }

    /// The campaigns on this server, by id, with their sheet counts (counted per campaign under its own setting).
    public func campaigns() async throws -> [CampaignInfo] {
        let rows: [(Int32, CampaignInfo)] = try await transaction(.host) { tx in
            try await ensureUsable(tx)
            return try await tx.rows("SELECT key, id, title, election, created_at, wrapped_key IS NOT NULL FROM sig.campaign ORDER BY id").map {
                (
                    Int32(try $0.int(0)),
                    CampaignInfo(
                        id: try $0.text(1), title: try $0.text(2), election: try $0.text(3), createdAt: try $0.text(4), encrypted: try $0.bool(5),
                        sheets: 0)
                )
            }
        }
        var out: [CampaignInfo] = []
        for (key, info) in rows {
            var info = info
            info.sheets = try await transaction(.read(campaign: key)) { tx in try await tx.row("SELECT count(*) FROM sig.sheet")?.int(0) ?? 0 }
            out.append(info)
        }
        return out
    }

    /// Opens a campaign by its id; an encrypted one needs the host key.
    public func campaign(_ id: String, hostKey: HostKey?, electionReference: String? = nil) async throws -> PostgresCampaign {
        let found: (Int32, String, String?, String?, String?)? = try await transaction(.host) { tx in
            try await ensureUsable(tx)
            return try await tx.row("SELECT key, election, election_data, wrapped_key, key_id FROM sig.campaign WHERE id = $1", [.text(id)]).map {
                (Int32(try $0.int(0)), try $0.text(1), try $0.optionalText(2), try $0.optionalText(3), try $0.optionalText(4))
            }
        }
        guard let (key, stored, data, wrapped, keyID) = found else { throw SignatureKitError.campaignNotFound(id) }
        var election: Election
        if let electionReference {
            election = try ElectionCatalog.load(electionReference)
        } else if let data {
            election = try ElectionCatalog.decode(Data(data.utf8), path: "Kampagne \(id) (gespeicherte Wahl)")
        } else {
            guard ElectionCatalog.bundledIDs().contains(stored) else { throw SignatureKitError.electionNotBundled(stored) }
            election = try ElectionCatalog.load(stored)
        }
        guard election.id == stored else {
            throw SignatureKitError.databaseOfOtherElection(path: "Kampagne \(id)", stored: stored, requested: election.id)
        }
        var cipher: FieldCipher?
        if let wrapped {
            guard let hostKey else {
                throw SignatureKitError.hostKeyMissing(
                    path: "--host-key", reason: "die Kampagne \(id) ist verschlüsselt; den Hostschlüssel mit --host-key DATEI angeben")
            }
            guard keyID == hostKey.id else {
                throw SignatureKitError.hostKeyMissing(
                    path: "--host-key", reason: "das ist nicht der Hostschlüssel, mit dem die Kampagne \(id) angelegt wurde")
            }
            cipher = FieldCipher(master: try hostKey.unwrap(wrapped, campaign: id))
        }
        let campaign = PostgresCampaign(server: self, key: key, id: id, election: election, cipher: cipher)
        election.campaign = try await campaign.storedNominations()
        return PostgresCampaign(server: self, key: key, id: id, election: election, cipher: cipher)
    }
}
