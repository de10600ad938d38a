import Foundation
import SignatureKit
import SignatureKitDomain

extension PostgresServer {
    /// A campaign moved in from a dump (a SQLite file): a new campaign with every sheet, finding, pair, decision,
    /// status event, draft, correction, account and written file, and the audit chain as it was (then the move on
    /// the record). Sheets get new ids on the server; every reference follows them. One transaction.
    package func importCampaign(id: String, title: String, dump: CampaignDump, hostKey: HostKey?) async throws -> PostgresCampaign {
        let campaign = try await createCampaign(
            id: id, election: dump.election, title: title, hostKey: hostKey, nominations: dump.election.campaign)
        do {
            try await campaign.write { tx in try await campaign.fill(tx, from: dump) }
        } catch {
            // Nothing half moved: the empty campaign goes again.
            try? await transaction(.write(campaign: campaign.key)) { tx in
                try await tx.run("DELETE FROM sig.campaign WHERE key = sig.current_campaign()")
            }
            throw error
        }
        return campaign
    }
}

extension PostgresCampaign {
    func fill(_ tx: PGTransaction, from dump: CampaignDump) async throws {
        for (key, value) in dump.settings where key != "nominations" { try await Self.setMeta(tx, key, value) }
        for n in dump.nominations {
            try await tx.run(
                """
                INSERT INTO sig.nomination (id, kind, meetingdate) VALUES ($1, $2, $3)
                ON CONFLICT (campaign_id, id) DO UPDATE SET meetingdate = EXCLUDED.meetingdate
                """, [.text(n.id), .text(n.kind), .text(n.meetingDate)])
        }
        if !dump.streets.isEmpty { try await insertStreets(tx, dump.streets) }
        // New ids from the table's own sequence, in the old order (ids order sheets by entry).
        let newIDs = try await tx.rows(
            PGSheet.newIDs, [.int(dump.sheets.count)]
        ).map { try $0.int64(0) }
        var map: [Int64: Int64] = [:]
        for (s, new) in zip(dump.sheets, newIDs) { map[s.id] = new }
        func mapped(_ old: Int64) throws -> Int64 {
            guard let new = map[old] else { throw SignatureKitError.unknownStoredValue(path: location, column: "sheetId") }
            return new
        }
        for start in stride(from: 0, to: dump.sheets.count, by: 2000) {
            let chunk = Array(dump.sheets[start..<min(start + 2000, dump.sheets.count)])
            var columns = [[String]](repeating: [], count: 29)
            for s in chunk {
                let keys = s.input.map(PersonKeys.init)
                let sealed = s.input.flatMap { input in cipher.map { $0.seal(input, keys: PersonKeys(input)) } }
                let signer = sealed == nil ? s.rawFields : ["", "", "", "", "", "", ""]
                let values: [String] =
                    [String(try mapped(s.id)), s.sheetNumber, s.nomination, s.kind] + signer + [
                        s.signedOn, s.collector, s.enteredBy, s.enteredAt, s.enteredOn, s.status, s.rejectReason ?? "", s.statusChangedAt ?? "",
                        s.addressWard.map(String.init) ?? "", s.addressDistrict ?? "", s.hasError ? "t" : "f",
                        sealed?.surnameKey ?? keys?.surname ?? "", sealed?.givenKey ?? keys?.givenNames ?? "",
                        sealed?.surnameCode ?? keys?.surnameCode ?? "", sealed?.givenCode ?? keys?.givenCode ?? "",
                        sealed?.addressKey ?? keys?.addressKey ?? "", String(sealed?.birthKey ?? keys?.birthKey ?? 0), sealed?.blob ?? "",
                    ]
                for (i, v) in values.enumerated() { columns[i].append(v) }
            }
            let params = (1...29).map { "$\($0)::text[]" }.joined(separator: ", ")
            try await tx.run(
                """
                INSERT INTO sig.sheet (id, sheetnumber, nomination, kind, surname, givennames, birthdate, street, housenumber, postalcode, city,
                  signedon, collector, enteredby, enteredat, enteredon, status, rejectreason, statuschangedat, addressward, addressdistrict,
                  haserror, surnamekey, givenkey, surnamecode, givencode, addresskey, birthkey, sealed)
                OVERRIDING SYSTEM VALUE
                SELECT c1::bigint, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, nullif(c18, ''), nullif(c19, ''),
                  nullif(c20, '')::integer, nullif(c21, ''), c22::boolean, c23, c24, c25, c26, c27, c28::bigint, nullif(c29, '')
                FROM unnest(\(params)) AS u(\((1...29).map { "c\($0)" }.joined(separator: ", ")))
                """, columns.map { .texts($0) })
        }
        let duplicates = dump.sheets.compactMap { s in s.duplicateOf.map { (s.id, $0) } }
        if !duplicates.isEmpty {
            try await tx.run(
                "UPDATE sig.sheet s SET duplicateof = u.d FROM unnest($1::bigint[], $2::bigint[]) AS u(id, d) WHERE s.id = u.id",
                [.bigints(try duplicates.map { try mapped($0.0) }), .bigints(try duplicates.map { try mapped($0.1) })])
        }
        if !dump.findings.isEmpty {
            try await tx.run(
                """
                INSERT INTO sig.finding (sheetid, code, severity, message, basis)
                SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])
                """,
                [
                    .bigints(try dump.findings.map { try mapped($0.sheet) }), .texts(dump.findings.map(\.finding.code)),
                    .texts(dump.findings.map(\.finding.severity.rawValue)), .texts(dump.findings.map(\.finding.message)),
                    .texts(dump.findings.map(\.finding.basis)),
                ])
        }
        for p in dump.pairs {
            try await tx.run(
                "INSERT INTO sig.pair (sheeta, sheetb, class, score, reasons, decision, decidedby, decidedat) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                [
                    .bigint(try mapped(p.a)), .bigint(try mapped(p.b)), .text(p.pairClass), .double(p.score), .text(p.reasons), .text(p.decision),
                    .text(p.decidedBy), .text(p.decidedAt),
                ])
        }
        for e in dump.statusEvents {
            try await tx.run(
                "INSERT INTO sig.status_event (sheetid, fromstatus, tostatus, reason, at, actor) VALUES ($1, $2, $3, $4, $5, $6)",
                [.bigint(try mapped(e.sheet)), .text(e.from), .text(e.to), .text(e.reason), .text(e.at), .text(e.by)])
        }
        for c in dump.corrections {
            try await tx.run(
                "INSERT INTO sig.correction (sheetid, at, actor, reason, fields, status) VALUES ($1, $2, $3, $4, $5, $6)",
                [.bigint(try mapped(c.sheet)), .text(c.at), .text(c.by), .text(c.reason), .text(c.fields), .text(c.status)])
        }
        for o in dump.outputs {
            try await tx.run(
                "INSERT INTO sig.output (path, kind, writtenat) VALUES ($1, $2, $3)", [.text(o.path), .text(o.kind), .text(o.writtenAt)])
        }
        for a in dump.accounts {
            try await tx.run(
                "INSERT INTO sig.account (name, role, passwordhash, createdat, sessionepoch) VALUES ($1, $2, $3, $4, $5)",
                [.text(a.name), .text(a.role), .text(a.passwordHash), .text(a.createdAt), .int(a.sessionEpoch)])
        }
        for d in dump.drafts {
            try await tx.run(
                "INSERT INTO sig.entry_draft (sheetnumber, enteredby, enteredat, clientid, payload, mismatch) VALUES ($1, $2, $3, $4, $5, $6)",
                [
                    .text(d.sheetNumber), .text(d.enteredBy), .text(d.enteredAt), .text(d.clientID),
                    .text(cipher.map { $0.seal(d.payload) } ?? d.payload), .bool(d.mismatch),
                ])
        }
        for r in dump.audit {
            try await tx.run(
                "INSERT INTO sig.audit (at, actor, action, sheets, previoushash, hash) VALUES ($1, $2, $3, $4, $5, $6)",
                [.text(r.at), .text(r.user), .text(r.action), .text(r.sheets), .text(r.previousHash), .text(r.hash)])
        }
        try await Self.audit(tx, user: SignatureDatabase.loginName, action: "campaign:moved-in", sheets: [])
    }

    func insertStreets(_ tx: PGTransaction, _ entries: [StreetEntry]) async throws {
        for start in stride(from: 0, to: entries.count, by: 5000) {
            let chunk = entries[start..<min(start + 5000, entries.count)]
            try await tx.run(
                """
                INSERT INTO sig.street (streetkey, street, fromnumber, tonumber, parity, ward, district)
                SELECT k, s, nullif(f, \(Self.noNumber)), nullif(t, \(Self.noNumber)), p, w, nullif(d, '')
                FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[], $7::text[]) AS u(k, s, f, t, p, w, d)
                """,
                [
                    .texts(chunk.map { Normalizer.streetKey($0.street) }), .texts(chunk.map(\.street)),
                    .bigints(chunk.map { Int64($0.from ?? Self.noNumber) }), .bigints(chunk.map { Int64($0.to ?? Self.noNumber) }),
                    .texts(chunk.map(\.parity.rawValue)), .bigints(chunk.map { Int64($0.ward) }), .texts(chunk.map { $0.district ?? "" }),
                ])
        }
    }

    /// The whole campaign as plain values (signer fields opened; the read of every name on the record first).
    package func campaignDump(by user: String = SignatureDatabase.loginName) async throws -> CampaignDump {
        try await write { tx in try await Self.audit(tx, user: user, action: "read:export", sheets: []) }
        let election = self.election
        let cipher = self.cipher
        return try await read { tx in
            var dump = CampaignDump(election: election)
            for row in try await tx.rows("SELECT key, value FROM sig.meta WHERE key = ANY($1)", [.texts(CampaignDump.movedSettings)]) {
                dump.settings[try row.text(0)] = try row.text(1)
            }
            dump.nominations = try await tx.rows("SELECT id, kind, meetingdate FROM sig.nomination ORDER BY id").map {
                CampaignDump.NominationRow(id: try $0.text(0), kind: try $0.text(1), meetingDate: try $0.optionalText(2))
            }
            dump.streets = try await tx.rows("SELECT street, fromnumber, tonumber, parity, ward, district FROM sig.street ORDER BY id").map { r in
                StreetEntry(
                    street: try r.text(0), from: try r.optionalInt(1), to: try r.optionalInt(2),
                    parity: StreetParity(rawValue: try r.text(3)) ?? .all,
                    ward: try r.int(4), district: try r.optionalText(5))
            }
            try await tx.forEach(
                "SELECT \(PGSheet.columns), addressward, addressdistrict, haserror FROM sig.sheet ORDER BY id"
            ) { r in
                let s = try PGSheet(r, location: location).opened(cipher)
                dump.sheets.append(
                    CampaignDump.Sheet(
                        id: s.id, input: s.input, rawFields: [s.surname, s.givenNames, s.birthDate, s.street, s.houseNumber, s.postalCode, s.city],
                        enteredBy: s.enteredBy, enteredAt: s.enteredAt, enteredOn: s.enteredOn, status: s.status.rawValue,
                        rejectReason: s.rejectReason?.rawValue, statusChangedAt: s.statusChangedAt, addressWard: try r.optionalInt(21),
                        addressDistrict: try r.optionalText(22), hasError: try r.bool(23), duplicateOf: s.duplicateOf, sheetNumber: s.sheetNumber,
                        nomination: s.nomination, kind: s.kind, signedOn: s.signedOn, collector: s.collector))
            }
            dump.findings = try await tx.rows("SELECT sheetid, code, severity, message, basis FROM sig.finding ORDER BY id").map {
                CampaignDump.FindingRow(sheet: try $0.int64(0), finding: try Self.finding($0, location: location, from: 1))
            }
            dump.pairs = try await tx.rows("SELECT sheeta, sheetb, class, score, reasons, decision, decidedby, decidedat FROM sig.pair ORDER BY id")
                .map {
                    CampaignDump.PairRow(
                        a: try $0.int64(0), b: try $0.int64(1), pairClass: try $0.text(2), score: try $0.double(3), reasons: try $0.text(4),
                        decision: try $0.text(5), decidedBy: try $0.optionalText(6), decidedAt: try $0.optionalText(7))
                }
            dump.statusEvents = try await tx.rows("SELECT sheetid, fromstatus, tostatus, reason, at, actor FROM sig.status_event ORDER BY id").map {
                CampaignDump.StatusRow(
                    sheet: try $0.int64(0), from: try $0.text(1), to: try $0.text(2), reason: try $0.optionalText(3), at: try $0.text(4),
                    by: try $0.text(5))
            }
            dump.outputs = try await tx.rows("SELECT path, kind, writtenat FROM sig.output ORDER BY id").map {
                CampaignDump.OutputRow(path: try $0.text(0), kind: try $0.text(1), writtenAt: try $0.text(2))
            }
            dump.audit = try await tx.rows("SELECT id, at, actor, action, sheets, previoushash, hash FROM sig.audit ORDER BY id").map {
                AuditRow(
                    id: try $0.int64(0), at: try $0.text(1), user: try $0.text(2), action: try $0.text(3), sheets: try $0.text(4),
                    previousHash: try $0.text(5), hash: try $0.text(6))
            }
            dump.accounts = try await tx.rows("SELECT name, role, passwordhash, createdat, sessionepoch FROM sig.account ORDER BY name").map {
                CampaignDump.AccountRow(
                    name: try $0.text(0), role: try $0.text(1), passwordHash: try $0.text(2), createdAt: try $0.text(3), sessionEpoch: try $0.int(4))
            }
            dump.drafts = try await tx.rows(
                "SELECT sheetnumber, enteredby, enteredat, clientid, payload, mismatch FROM sig.entry_draft ORDER BY id"
            ).map { r in
                let stored = try r.text(4)
                return CampaignDump.DraftRow(
                    sheetNumber: try r.text(0), enteredBy: try r.text(1), enteredAt: try r.text(2), clientID: try r.optionalText(3),
                    payload: try cipher.map { try $0.open(stored) } ?? stored, mismatch: try r.bool(5))
            }
            dump.corrections = try await tx.rows("SELECT sheetid, at, actor, reason, fields, status FROM sig.correction ORDER BY id").map {
                CampaignDump.CorrectionRow(
                    sheet: try $0.int64(0), at: try $0.text(1), by: try $0.text(2), reason: try $0.text(3), fields: try $0.text(4),
                    status: try $0.text(5))
            }
            return dump
        }
    }
}
