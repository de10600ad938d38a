import Foundation
import GRDB

extension SignatureDatabase {
    /// The whole campaign as plain values (``CampaignDump``), read in one snapshot; signer fields opened. The read of
    /// every name is on the audit record first.
    package func campaignDump(by user: String = loginName) throws -> CampaignDump {
        try audit(user, "read:export", sheets: [])
        let cipher = self.cipher
        let election = self.election
        return try read { db in
            var dump = CampaignDump(election: election)
            for key in CampaignDump.movedSettings {
                if let value = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) { dump.settings[key] = value }
            }
            dump.nominations = try Row.fetchAll(db, sql: "SELECT id, kind, meetingDate FROM nomination ORDER BY rowid").map {
                CampaignDump.NominationRow(id: $0[0], kind: $0[1], meetingDate: $0[2])
            }
            dump.streets = try streetDirectoryRows(db)
            for stored in try SheetRecord.order(Column("id")).fetchAll(db) {
                let r = try stored.opened(cipher)
                dump.sheets.append(
                    CampaignDump.Sheet(
                        id: r.id ?? 0, input: r.input,
                        rawFields: [r.surname, r.givenNames, r.birthDate, r.street, r.houseNumber, r.postalCode, r.city],
                        enteredBy: r.enteredBy, enteredAt: r.enteredAt, enteredOn: r.enteredOn, status: r.status.rawValue,
                        rejectReason: r.rejectReason?.rawValue, statusChangedAt: r.statusChangedAt, addressWard: r.addressWard,
                        addressDistrict: r.addressDistrict, hasError: r.hasError, duplicateOf: r.duplicateOf, sheetNumber: r.sheetNumber,
                        nomination: r.nomination, kind: r.kind.rawValue, signedOn: r.signedOn, collector: r.collector))
            }
            dump.findings = try FindingRecord.order(Column("rowid")).fetchAll(db).map {
                CampaignDump.FindingRow(sheet: $0.sheetId, finding: $0.finding)
            }
            dump.pairs = try PairRecord.order(Column("id")).fetchAll(db).map {
                CampaignDump.PairRow(
                    a: $0.sheetA, b: $0.sheetB, pairClass: $0.pairClass.rawValue, score: $0.score, reasons: $0.reasons,
                    decision: $0.decision.rawValue,
                    decidedBy: $0.decidedBy, decidedAt: $0.decidedAt)
            }
            dump.statusEvents = try StatusEventRecord.order(Column("id")).fetchAll(db).map {
                CampaignDump.StatusRow(
                    sheet: $0.sheetId, from: $0.fromStatus.rawValue, to: $0.toStatus.rawValue, reason: $0.reason?.rawValue, at: $0.at, by: $0.by)
            }
            dump.outputs = try OutputRecord.order(Column("id")).fetchAll(db).map {
                CampaignDump.OutputRow(path: $0.path, kind: $0.kind.rawValue, writtenAt: $0.writtenAt)
            }
            dump.audit = try AuditRecord.order(Column("id")).fetchAll(db).map(\.row)
            dump.accounts = try AccountRecord.order(Column("name")).fetchAll(db).map {
                CampaignDump.AccountRow(
                    name: $0.name, role: $0.role.rawValue, passwordHash: $0.passwordHash, createdAt: $0.createdAt, sessionEpoch: $0.sessionEpoch)
            }
            dump.drafts = try Row.fetchAll(
                db, sql: "SELECT sheetNumber, enteredBy, enteredAt, clientId, payload, mismatch FROM entryDraft ORDER BY id"
            )
            .map { row in
                let stored: String = row[4]
                return CampaignDump.DraftRow(
                    sheetNumber: row[0], enteredBy: row[1], enteredAt: row[2], clientID: row[3],
                    payload: try cipher.map { try $0.open(stored) } ?? stored, mismatch: row[5])
            }
            dump.corrections = try Row.fetchAll(db, sql: "SELECT sheetId, at, by, reason, fields, status FROM correction ORDER BY id").map {
                CampaignDump.CorrectionRow(sheet: $0[0], at: $0[1], by: $0[2], reason: $0[3], fields: $0[4], status: $0[5])
            }
            return dump
        }
    }

    /// A new file holding the dumped campaign (sealed again with `passphrase`, or plain); the audit chain is copied as
    /// it was, so it verifies. Sheet ids are kept (they are the file's own).
    package static func create(from dump: CampaignDump, at path: String, passphrase: String?) throws -> SignatureDatabase {
        let file = try create(at: path, election: dump.election, meetingDate: nil, passphrase: passphrase, nominations: dump.election.campaign)
        let cipher = file.cipher
        try file.write { db in
            for (key, value) in dump.settings where key != "nominations" {
                try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
            }
            for n in dump.nominations {
                try db.execute(
                    sql:
                        "INSERT INTO nomination(id, kind, meetingDate) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET meetingDate = excluded.meetingDate",
                    arguments: [n.id, n.kind, n.meetingDate])
            }
            for entry in dump.streets {
                var record = StreetRecord(entry)
                try record.insert(db)
            }
            for s in dump.sheets {
                try db.execute(
                    sql: """
                        INSERT INTO sheet(id, sheetNumber, nomination, kind, surname, givenNames, birthDate, street, houseNumber, postalCode, city,
                          signedOn, collector, enteredBy, enteredAt, enteredOn, status, rejectReason, statusChangedAt, addressWard, addressDistrict,
                          hasError, duplicateOf, surnameKey, givenKey, surnameCode, givenCode, addressKey, birthKey, sealed)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: StatementArguments(try dumpedSheetValues(s, cipher: cipher)))
            }
            for s in dump.sheets where s.duplicateOf != nil {
                try db.execute(sql: "UPDATE sheet SET duplicateOf = ? WHERE id = ?", arguments: [s.duplicateOf, s.id])
            }
            for f in dump.findings {
                try db.execute(
                    sql: FindingRecord.insertSQL,
                    arguments: [f.sheet, f.finding.code, f.finding.severity.rawValue, f.finding.message, f.finding.basis])
            }
            for p in dump.pairs {
                try db.execute(
                    sql: "INSERT INTO pair(sheetA, sheetB, class, score, reasons, decision, decidedBy, decidedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [p.a, p.b, p.pairClass, p.score, p.reasons, p.decision, p.decidedBy, p.decidedAt])
            }
            for e in dump.statusEvents {
                try db.execute(
                    sql: "INSERT INTO statusEvent(sheetId, fromStatus, toStatus, reason, at, by) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [e.sheet, e.from, e.to, e.reason, e.at, e.by])
            }
            for o in dump.outputs {
                try db.execute(sql: "INSERT INTO output(path, kind, writtenAt) VALUES (?, ?, ?)", arguments: [o.path, o.kind, o.writtenAt])
            }
            for a in dump.accounts {
                try db.execute(
                    sql: "INSERT INTO account(name, role, passwordHash, createdAt, sessionEpoch) VALUES (?, ?, ?, ?, ?)",
                    arguments: [a.name, a.role, a.passwordHash, a.createdAt, a.sessionEpoch])
            }
            for d in dump.drafts {
                try db.execute(
                    sql: "INSERT INTO entryDraft(sheetNumber, enteredBy, enteredAt, clientId, payload, mismatch) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [d.sheetNumber, d.enteredBy, d.enteredAt, d.clientID, cipher.map { $0.seal(d.payload) } ?? d.payload, d.mismatch])
            }
            for c in dump.corrections {
                try db.execute(
                    sql: "INSERT INTO correction(sheetId, at, by, reason, fields, status) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [c.sheet, c.at, c.by, c.reason, c.fields, c.status])
            }
            // The chain as it was (the creation above wrote none), then the move itself on the record.
            try db.execute(sql: "DELETE FROM audit")
            for r in dump.audit {
                try db.execute(
                    sql: "INSERT INTO audit(at, user, action, sheets, previousHash, hash) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [r.at, r.user, r.action, r.sheets, r.previousHash, r.hash])
            }
            try AuditRecord.append(db, user: loginName, action: "campaign:moved-in", sheets: [])
        }
        return file
    }

    /// The insert values of a dumped sheet (signer fields sealed, blocking keys hashed when there is a cipher).
    private static func dumpedSheetValues(_ s: CampaignDump.Sheet, cipher: FieldCipher?) throws -> [(any DatabaseValueConvertible)?] {
        let keys = s.input.map(PersonKeys.init)
        let sealed = s.input.flatMap { input in cipher.map { $0.seal(input, keys: PersonKeys(input)) } }
        let fields = sealed == nil ? s.rawFields : ["", "", "", "", "", "", ""]
        let head: [(any DatabaseValueConvertible)?] = [s.id, s.sheetNumber, s.nomination, s.kind]
        let signer: [(any DatabaseValueConvertible)?] = fields.map { $0 }
        let tail: [(any DatabaseValueConvertible)?] = [
            s.signedOn, s.collector, s.enteredBy, s.enteredAt, s.enteredOn, s.status, s.rejectReason, s.statusChangedAt, s.addressWard,
            s.addressDistrict, s.hasError, sealed?.surnameKey ?? keys?.surname ?? "", sealed?.givenKey ?? keys?.givenNames ?? "",
            sealed?.surnameCode ?? keys?.surnameCode ?? "", sealed?.givenCode ?? keys?.givenCode ?? "",
            sealed?.addressKey ?? keys?.addressKey ?? "", sealed?.birthKey ?? keys?.birthKey ?? 0, sealed?.blob,
        ]
        return head + signer + tail
    }

    private func streetDirectoryRows(_ db: Database) throws -> [StreetEntry] {
        try StreetRecord.order(Column("id")).fetchAll(db).map {
            StreetEntry(street: $0.street, from: $0.fromNumber, to: $0.toNumber, parity: $0.parity, ward: $0.ward, district: $0.district)
        }
    }
}
