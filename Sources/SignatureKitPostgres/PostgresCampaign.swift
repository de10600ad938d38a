import Foundation
import PostgresNIO
import SignatureKit
import SignatureKitDomain

/// One campaign on the host's PostgreSQL: every port of the domain, each method one transaction with the campaign
/// set for that transaction only; every write takes the campaign's advisory lock first (one writer per campaign, as
/// SQLite's file has one writer), so the same pure policies decide as on the embedded file.
public struct PostgresCampaign: Sendable {
    let server: PostgresServer
    /// The campaign's key in the registry (`campaign_id` of its rows).
    let key: Int32
    /// The campaign's id (`luks-krefeld`), for messages.
    public let id: String
    public let election: Election
    let cipher: FieldCipher?

    init(server: PostgresServer, key: Int32, id: String, election: Election, cipher: FieldCipher?) {
        self.server = server
        self.key = key
        self.id = id
        self.election = election
        self.cipher = cipher
    }

    /// Where problems are: the campaign on its server.
    var location: String { "Kampagne \(id) (\(server.display))" }

    func write<T: Sendable>(_ body: (PGTransaction) async throws -> T) async throws -> T {
        try await server.transaction(.write(campaign: key), body)
    }

    func read<T: Sendable>(_ body: (PGTransaction) async throws -> T) async throws -> T {
        try await server.transaction(.read(campaign: key), body)
    }

    func canonical(_ n: NominationID) -> NominationID { election.canonical(n) }

    static func timestamp() -> String { SignatureDatabase.timestamp() }

    // MARK: Settings kept in `meta`

    static func meta(_ tx: PGTransaction, _ key: String) async throws -> String? {
        try await tx.row("SELECT value FROM sig.meta WHERE key = $1", [.text(key)])?.text(0)
    }

    static func setMeta(_ tx: PGTransaction, _ key: String, _ value: String?) async throws {
        if let value {
            try await tx.run(
                "INSERT INTO sig.meta (key, value) VALUES ($1, $2) ON CONFLICT (campaign_id, key) DO UPDATE SET value = EXCLUDED.value",
                [.text(key), .text(value)])
        } else {
            try await tx.run("DELETE FROM sig.meta WHERE key = $1", [.text(key)])
        }
    }

    func storedNominations() async throws -> [NominationID]? {
        guard let text = try await read({ tx in try await Self.meta(tx, "nominations") }) else { return nil }
        return try text.split(separator: ",").map { code in
            guard let n = NominationID(String(code)) else { throw SignatureKitError.unknownStoredValue(path: location, column: "nominations") }
            return n
        }
    }

    /// Appends an audit entry after the campaign's newest one (the lock is held: the newest is the previous).
    static func audit(_ tx: PGTransaction, user: String, action: String, sheets: [String]) async throws {
        let previous = try await tx.row("SELECT hash FROM sig.audit ORDER BY id DESC LIMIT 1")?.text(0) ?? ""
        _ = try await appendAudit(tx, after: previous, user: user, action: action, sheets: sheets)
    }

    /// Appends the entry that follows `previous`; returns its hash (the new tail).
    static func appendAudit(_ tx: PGTransaction, after previous: String, user: String, action: String, sheets: [String]) async throws -> String {
        let row = AuditChain.next(after: previous, at: timestamp(), user: user, action: action, sheets: sheets)
        try await tx.run(
            "INSERT INTO sig.audit (at, actor, action, sheets, previoushash, hash) VALUES ($1, $2, $3, $4, $5, $6)",
            [.text(row.at), .text(row.user), .text(row.action), .text(row.sheets), .text(row.previousHash), .text(row.hash)])
        return row.hash
    }

    static func meetingDates(_ tx: PGTransaction) async throws -> [NominationID: CalendarDay] {
        var out: [NominationID: CalendarDay] = [:]
        for row in try await tx.rows("SELECT id, meetingdate FROM sig.nomination WHERE meetingdate IS NOT NULL") {
            if let n = NominationID(try row.text(0)), let d = CalendarDay(parsing: try row.text(1)) { out[n] = d }
        }
        return out
    }

    static func hasStreetDirectory(_ tx: PGTransaction) async throws -> Bool {
        try await tx.row("SELECT 1 FROM sig.street LIMIT 1") != nil
    }

    static func lookupAddress(_ tx: PGTransaction, hasDirectory: Bool, street: String, houseNumber: String) async throws -> AddressLookup {
        guard hasDirectory else { return .noDirectory }
        let number = Normalizer.houseNumberValue(houseNumber) ?? -1
        let parity: StreetParity = number % 2 == 0 ? .even : .odd
        guard
            let row = try await tx.row(
                """
                SELECT ward, district FROM sig.street WHERE streetkey = $1
                AND (fromnumber IS NULL OR $2 >= fromnumber) AND (tonumber IS NULL OR $2 <= tonumber)
                AND parity IN ('all', $3) ORDER BY id LIMIT 1
                """, [.text(Normalizer.streetKey(street)), .int(number), .text(parity.rawValue)])
        else { return .unknownStreet }
        return .found(ward: try row.int(0), district: try row.optionalText(1))
    }
}

/// A stored sheet as the PostgreSQL adapter reads it (the columns of `sheetColumns`, in that order).
struct PGSheet: Sendable {
    var id: Int64
    var sheetNumber: String
    var nomination: String
    var kind: String
    var surname: String
    var givenNames: String
    var birthDate: String
    var street: String
    var houseNumber: String
    var postalCode: String
    var city: String
    var signedOn: String
    var collector: String
    var enteredBy: String
    var enteredAt: String
    var enteredOn: String
    var status: SheetStatus
    var rejectReason: RejectReason?
    var statusChangedAt: String?
    var duplicateOf: Int64?
    var sealed: String?

    /// The sheets with the numbers of the array `$1`: one probe of the unique index per number. (`sheetnumber = ANY($1)`
    /// lets the planner scan all of the campaign's sheets instead: it cannot know how many a campaign has.)
    static func numbered(_ columns: String) -> String {
        "SELECT s.* FROM unnest($1::text[]) AS u(n) CROSS JOIN LATERAL (SELECT \(columns) FROM sig.sheet WHERE sheetnumber = u.n LIMIT 1) s"
    }

    /// `$1` new ids from the sheets' sequence, in increasing order. The sequence is looked up once: as an argument of
    /// `nextval` per row, `pg_get_serial_sequence` cost nine tenths of the time (a second per 200,000 ids).
    static let newIDs = """
        WITH q AS MATERIALIZED (SELECT pg_get_serial_sequence('sig.sheet', 'id')::regclass AS seq)
        SELECT nextval(q.seq) FROM q, generate_series(1, $1)
        """

    static let columns = """
        id, sheetnumber, nomination, kind, surname, givennames, birthdate, street, housenumber, postalcode, city, signedon,
        collector, enteredby, enteredat, enteredon, status, rejectreason, statuschangedat, duplicateof, sealed
        """

    init(_ r: PostgresRandomAccessRow, location: String) throws {
        id = try r.int64(0)
        sheetNumber = try r.text(1)
        nomination = try r.text(2)
        kind = try r.text(3)
        surname = try r.text(4)
        givenNames = try r.text(5)
        birthDate = try r.text(6)
        street = try r.text(7)
        houseNumber = try r.text(8)
        postalCode = try r.text(9)
        city = try r.text(10)
        signedOn = try r.text(11)
        collector = try r.text(12)
        enteredBy = try r.text(13)
        enteredAt = try r.text(14)
        enteredOn = try r.text(15)
        guard let s = SheetStatus(rawValue: try r.text(16)) else { throw SignatureKitError.unknownStoredValue(path: location, column: "status") }
        status = s
        rejectReason = try r.optionalText(17).flatMap(RejectReason.init(rawValue:))
        statusChangedAt = try r.optionalText(18)
        duplicateOf = try r.optionalInt64(19)
        sealed = try r.optionalText(20)
    }

    /// The signer fields opened (the same sheet when nothing is sealed).
    func opened(_ cipher: FieldCipher?) throws -> PGSheet {
        guard let cipher, let sealed else { return self }
        let f = try cipher.openFields(sealed)
        var s = self
        (s.surname, s.givenNames, s.birthDate, s.street, s.houseNumber, s.postalCode, s.city) = (f[0], f[1], f[2], f[3], f[4], f[5], f[6])
        s.sealed = nil
        return s
    }

    var input: SheetInput? {
        guard let n = NominationID(nomination), let b = CalendarDay(parsing: birthDate), let s = CalendarDay(parsing: signedOn) else { return nil }
        return SheetInput(
            sheetNumber: sheetNumber, nomination: n, surname: surname, givenNames: givenNames, birthDate: b, street: street,
            houseNumber: houseNumber, postalCode: postalCode, city: city, signedOn: s, collector: collector)
    }
}
