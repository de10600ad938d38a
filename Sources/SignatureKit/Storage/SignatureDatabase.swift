import Foundation
import GRDB

/// The campaign's database: sheets, findings, duplicate pairs and the street directory of one election.
///
/// The only type that speaks SQL. Front ends and reports call its intent-named writes (``record(_:enteredBy:today:)``,
/// ``setStatus(_:by:)``, ``decide(pair:_:by:)``) and named queries that return values (``sheets(nomination:status:)``,
/// ``progressCounts(asOf:)``); personal data leaves it only through ``personalData(of:purpose:)``.
/// Files are created readable by the owner only (signer data is special-category data, Art. 9 GDPR).
public struct SignatureDatabase: Sendable {
    private let writer: any DatabaseWriter
    /// The election this database belongs to.
    public let election: Election
    /// Where the file is, for messages (":memory:" for tests).
    public let path: String

    // MARK: - Opening

    /// Creates a new database for an election, with one nomination row per nomination.
    ///
    /// - Parameter meetingDate: The nomination meeting date to apply to every nomination, if known.
    /// - Throws: ``SignatureKitError/databaseExists(path:)`` when the file already holds an election.
    public static func create(at path: String, election: Election, meetingDate: CalendarDay? = nil) throws -> Self {
        let writer = try openWriter(path)
        let db = Self(writer: writer, election: election, path: path)
        try db.write { d in
            if try MetaRecord.value(.election, in: d) != nil { throw SignatureKitError.databaseExists(path: path) }
            try MetaRecord.set(.election, election.id, in: d)
            for n in election.nominations {
                try NominationRecord(id: n, kind: n.kind, meetingDate: meetingDate).insert(d)
            }
        }
        return db
    }

    /// Opens an existing database; loads its election from the bundled data or `electionReference`.
    ///
    /// - Throws: ``SignatureKitError/databaseNotInitialized(path:)`` for a missing or foreign file,
    ///   ``SignatureKitError/databaseOfOtherElection(path:stored:requested:)`` when `electionReference` names another election.
    public static func open(at path: String, electionReference: String? = nil) throws -> Self {
        guard path == ":memory:" || FileManager.default.fileExists(atPath: path) else {
            throw SignatureKitError.databaseNotInitialized(path: path)
        }
        let writer = try openWriter(path)
        let stored = try mapErrors(path) { try writer.read { try MetaRecord.value(.election, in: $0) } }
        guard let stored else { throw SignatureKitError.databaseNotInitialized(path: path) }
        let election = try ElectionCatalog.load(electionReference ?? stored)
        guard election.id == stored else {
            throw SignatureKitError.databaseOfOtherElection(path: path, stored: stored, requested: election.id)
        }
        return Self(writer: writer, election: election, path: path)
    }

    /// A fresh in-memory database (tests, benchmarks).
    public static func inMemory(election: Election, meetingDate: CalendarDay? = nil) throws -> Self {
        try create(at: ":memory:", election: election, meetingDate: meetingDate)
    }

    private static func openWriter(_ path: String) throws -> any DatabaseWriter {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Two volunteers entering at once: wait for the other's transaction instead of failing.
        config.busyMode = .timeout(10)
        // A 32 MB page cache: a 200,000-sheet import re-reads fewer index pages.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -32768") }
        let writer: any DatabaseWriter
        if path == ":memory:" {
            writer = try DatabaseQueue(configuration: config)
        } else {
            if !FileManager.default.fileExists(atPath: path) {
                // Owner-only before SQLite writes a byte; SQLite gives -wal and -shm the same mode.
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
                else { throw SignatureKitError.ioFailure(path: path, reason: "Datenbankdatei kann nicht angelegt werden.") }
            }
            do {
                writer = try DatabasePool(path: path, configuration: config)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                throw SignatureKitError.databaseBusy(path: path)
            } catch {
                throw SignatureKitError.databaseNotInitialized(path: path)
            }
        }
        if try mapErrors(path, { try writer.read { try migrator.hasBeenSuperseded($0) } }) {
            throw SignatureKitError.databaseFromNewerVersion(path: path)
        }
        do {
            try migrator.migrate(writer)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw SignatureKitError.databaseBusy(path: path)
        } catch {
            throw SignatureKitError.databaseNotInitialized(path: path)
        }
        return writer
    }

    // MARK: - Access

    /// Runs a read on a snapshot; SQLite errors become ``SignatureKitError`` values with a German sentence.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path) { try writer.read(body) }
    }

    /// Runs a write in one transaction (all or nothing); SQLite errors become ``SignatureKitError`` values.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path) { try writer.write(body) }
    }

    /// Runs work outside a transaction (VACUUM, checkpoints).
    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path) { try writer.writeWithoutTransaction(body) }
    }

    private static func mapErrors<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch is RowDecodingError {
            // Its description quotes the whole row (personal data): only say what happened.
            throw SignatureKitError.unknownStoredValue(path: path, column: nil)
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw SignatureKitError.databaseBusy(path: path)
            default: throw SignatureKitError.databaseFailure(path: path, code: error.resultCode.rawValue)
            }
        }
    }

    // MARK: - Nominations

    /// Sets the nomination meeting date of nominations (signatures before it do not count), then applies
    /// the rules again to every sheet once.
    public func setMeetingDate(_ date: CalendarDay?, for nominations: [NominationID]) throws {
        for n in nominations where !election.contains(n) { throw SignatureKitError.nominationUnknown(n.description) }
        try write { db in
            for n in nominations {
                try NominationRecord.filter(key: canonical(n)).updateAll(db, NominationRecord.Columns.meetingDate.set(to: date))
            }
        }
        try recheck()
    }

    /// The stored meeting dates by nomination.
    public func meetingDates() throws -> [NominationID: CalendarDay] {
        try read(Self.meetingDates(in:))
    }

    static func meetingDates(in db: Database) throws -> [NominationID: CalendarDay] {
        var out: [NominationID: CalendarDay] = [:]
        for n in try NominationRecord.filter(NominationRecord.Columns.meetingDate != nil).fetchAll(db) {
            if let d = n.meetingDate { out[n.id] = d }
        }
        return out
    }

    /// The nomination as the election spells it (`district:süd` → `district:Süd`).
    func canonical(_ nomination: NominationID) -> NominationID { election.canonical(nomination) }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
