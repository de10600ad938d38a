import Foundation
import SignatureKit
import SignatureKitDomain

extension PostgresCampaign {
    /// Removes the signers' personal data after the objection period (``PurgePolicy``), as the file's purge does: names,
    /// birth dates, addresses and the keys derived from them, open pairs, waiting double entries, sessions; and the
    /// campaign's data key (its sealed fields can never be opened again). Numbers, statuses and counts stay.
    ///
    /// Rows the server has not vacuumed yet, and backups of the database, keep only ciphertext for an encrypted
    /// campaign; they become unreadable for good once the host key is rotated and the old one destroyed
    /// (``PostgresServer/rotateHostKey(from:to:)``).
    public func purgePersonalData(today: CalendarDay, force: Bool, by actor: Actor) async throws -> PurgeSummary {
        try PurgePolicy.check(today: today, force: force, election: election)
        return try await write { tx in
            if try await Self.meta(tx, "purgedOn") != nil { throw SignatureKitError.purged(path: location) }
            let count = try await tx.row("SELECT count(*) FROM sig.sheet")?.int(0) ?? 0
            let rejected = try await tx.row("SELECT count(*) FROM sig.sheet WHERE status = 'rejected'")?.int(0) ?? 0
            try await tx.run(
                """
                UPDATE sig.sheet SET surname = '', givennames = '', birthdate = '', street = '', housenumber = '', postalcode = '', city = '',
                  surnamekey = '', givenkey = '', surnamecode = '', givencode = '', addresskey = '', birthkey = 0, sealed = NULL
                """)
            try await tx.run("DELETE FROM sig.pair WHERE decision = 'open'")
            try await tx.run("DELETE FROM sig.entry_draft")
            try await tx.run("DELETE FROM sig.web_session")
            try await tx.run("DELETE FROM sig.web_login_failure")
            try await Self.setMeta(tx, "purgedOn", today.iso)
            try await tx.run("UPDATE sig.campaign SET wrapped_key = NULL, key_id = NULL WHERE key = sig.current_campaign()")
            try await Self.audit(tx, user: actor.account, action: "purge", sheets: [])
            let outputs = try await tx.rows("SELECT path, kind, writtenat FROM sig.output ORDER BY id").compactMap { r -> WrittenOutput? in
                guard let kind = OutputKind(rawValue: try r.text(1)), FileManager.default.fileExists(atPath: try r.text(0)) else { return nil }
                return WrittenOutput(path: try r.text(0), kind: kind, writtenAt: try r.text(2))
            }
            return PurgeSummary(sheets: count, rejectedByOffice: rejected, outputs: outputs)
        }
    }
}

extension PostgresServer {
    /// Wraps the data key of every campaign wrapped by `old` with `new`; afterwards the old key file can be destroyed,
    /// and with it every backup's copy of a purged campaign's key. Campaigns wrapped by another key are left as they are.
    /// Returns how many keys were wrapped anew.
    public func rotateHostKey(from old: HostKey, to new: HostKey) async throws -> Int {
        let rows: [(Int32, String, String, String?)] = try await transaction(.host) { tx in
            try await tx.rows("SELECT key, id, wrapped_key, key_id FROM sig.campaign WHERE wrapped_key IS NOT NULL ORDER BY key").map {
                (Int32(try $0.int(0)), try $0.text(1), try $0.text(2), try $0.optionalText(3))
            }
        }
        var rewrapped: [(Int32, String)] = []
        for (key, id, wrapped, keyID) in rows where keyID == old.id {
            rewrapped.append((key, try new.wrap(try old.unwrap(wrapped, campaign: id), campaign: id)))
        }
        for (key, wrapped) in rewrapped {
            try await transaction(.write(campaign: key)) { tx in
                try await tx.run(
                    "UPDATE sig.campaign SET wrapped_key = $1, key_id = $2 WHERE key = sig.current_campaign()", [.text(wrapped), .text(new.id)])
            }
        }
        return rewrapped.count
    }
}
