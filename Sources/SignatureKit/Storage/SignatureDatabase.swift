import Foundation
import GRDB

/// The campaign's database: sheets, findings, duplicate pairs and the street directory of one election.
///
/// The only type that speaks SQL. Front ends and reports call its intent-named writes (``record(_:enteredBy:today:)``,
/// ``setStatus(_:by:)``, ``decide(pair:_:by:)``) and named queries that return values (``sheets(nomination:status:)``,
/// ``progressCounts(asOf:)``); personal data leaves it only through ``personalData(of:purpose:)``.
/// Files are created readable by the owner only (signer data is special-category data, Art. 9 GDPR).
public struct SignatureDatabase: Sendable {
    let writer: any DatabaseWriter
    /// The election this database belongs to.
    public let election: Election
    /// Where the file is, for messages (":memory:" for tests).
    public let path: String

    /// True when the file could only be opened for reading (read-only file, folder or mount): reports work,
    /// changes are refused with a German message.
    public let isReadOnly: Bool
    /// The field cipher of an encrypted database (`init --encrypt`); `nil` for a plain one.
    let cipher: FieldCipher?

    /// Whether signer fields are encrypted at rest.
    public var isEncrypted: Bool { cipher != nil }

    // MARK: - Opening

    /// Creates a new database for an election, with one nomination row per nomination, in a new or empty file
    /// (made owner-only, 0600). Nothing is ever written into an existing file with content.
    ///
    /// - Parameter meetingDate: The nomination meeting date to apply to every nomination, if known.
    /// - Throws: ``SignatureKitError/databaseExists(path:)`` when the file already holds an election,
    ///   ``SignatureKitError/foreignFile(path:)`` when it holds anything else.
    public static func create(
        at path: String, election original: Election, meetingDate: CalendarDay? = nil, passphrase: String? = nil,
        nominations: [NominationID]? = nil
    ) throws -> Self {
        var election = original
        election.campaign = nominations
        if path != ":memory:" {
            switch try DatabaseFile.inspect(path) {
            case .missing:
                // Owner-only before SQLite writes a byte; SQLite gives -wal and -shm the same mode.
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
                else {
                    throw SignatureKitError.ioFailure(path: path, reason: "Datenbankdatei kann nicht angelegt werden (Ordner schreibgeschützt?).")
                }
            case .empty:
                guard chmod(path, 0o600) == 0 else { throw SignatureKitError.noPermission(path: path) }
            case .sqlite:
                if try DatabaseFile.isSignatureKit(path) { throw SignatureKitError.databaseExists(path: path) }
                throw SignatureKitError.foreignFile(path: path)
            case .notSQLite:
                throw SignatureKitError.foreignFile(path: path)
            }
            guard DatabaseFile.isWritable(path) else { throw SignatureKitError.databaseReadOnly(path: path) }
        }
        let writer = try openWriter(path, readOnly: false)
        var encryption: (FieldCipher.Parameters, FieldCipher)?
        if let passphrase { encryption = try FieldCipher.create(passphrase: passphrase) }
        let db = Self(writer: writer, election: election, path: path, isReadOnly: false, cipher: encryption?.1)
        try db.write { d in
            if try MetaRecord.value(.election, in: d) != nil { throw SignatureKitError.databaseExists(path: path) }
            try MetaRecord.set(.election, election.id, in: d)
            // An election that is not bundled travels in the file: later commands need no --election.
            if !ElectionCatalog.bundledIDs().contains(election.id) {
                var file = original
                file.campaign = nil
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                try MetaRecord.set(.electionData, String(decoding: try encoder.encode(file), as: UTF8.self), in: d)
            }
            if let (parameters, _) = encryption {
                try MetaRecord.set(.encryption, String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self), in: d)
            }
            // Rows for all of the election's nominations: the campaign may add one later.
            for n in election.allNominations {
                try NominationRecord(id: n, kind: n.kind, meetingDate: meetingDate).insert(d)
            }
            if let nominations { try MetaRecord.set(.nominations, nominations.map(\.description).joined(separator: ","), in: d) }
        }
        return db
    }

    /// Opens an existing database; loads its election from the bundled data or `electionReference`.
    ///
    /// A file that is not a SignatureKit database is never written to. A file that cannot be written (read-only file,
    /// folder or mount) is opened for reading only. The election id stored in the file is only ever looked up among
    /// the bundled elections, never used as a path.
    ///
    /// - Throws: ``SignatureKitError/databaseNotInitialized(path:)`` for a missing or empty file,
    ///   ``SignatureKitError/foreignFile(path:)`` for another SQLite database or any other file,
    ///   ``SignatureKitError/databaseOfOtherElection(path:stored:requested:)`` when `electionReference` names another election.
    /// - Parameter concurrentReads: A pool of connections that read while one writes (the web server). Without it one
    ///   connection (the command line): opening it writes nothing, so a read leaves the file as it was.
    public static func open(at path: String, electionReference: String? = nil, passphrase: String? = nil, concurrentReads: Bool = false) throws
        -> Self
    {
        var readOnly = false
        if path != ":memory:" {
            switch try DatabaseFile.inspect(path) {
            case .missing, .empty: throw SignatureKitError.databaseNotInitialized(path: path)
            case .notSQLite: throw SignatureKitError.foreignFile(path: path)
            case .sqlite: guard try DatabaseFile.isSignatureKit(path) else { throw SignatureKitError.foreignFile(path: path) }
            }
            readOnly = !DatabaseFile.isWritable(path)
        }
        // Nothing is written before the election and the passphrase are known to fit (a refused open changes nothing).
        let writer = try openWriter(path, readOnly: readOnly, migrate: false, pool: concurrentReads)
        let stored = try mapErrors(path) { try writer.read { try MetaRecord.value(.election, in: $0) } }
        guard let stored else { throw SignatureKitError.databaseNotInitialized(path: path) }
        var election: Election
        if let electionReference {
            election = try ElectionCatalog.load(electionReference)
        } else if let data = try mapErrors(path, { try writer.read { try MetaRecord.value(.electionData, in: $0) } }) {
            // The election stored at init (a file of its own): checked again as any election file.
            election = try ElectionCatalog.decode(Data(data.utf8), path: "\(path) (gespeicherte Wahl)")
        } else {
            guard ElectionCatalog.bundledIDs().contains(stored) else { throw SignatureKitError.electionNotBundled(stored) }
            election = try ElectionCatalog.load(stored)
        }
        guard election.id == stored else {
            throw SignatureKitError.databaseOfOtherElection(path: path, stored: stored, requested: election.id)
        }
        let cipher = try Self.cipher(writer, path: path, passphrase: passphrase)
        if !readOnly { try migrateIfBehind(writer, path: path) }
        election.campaign = try mapErrors(path) { try writer.read(Self.campaignNominations(in:)) }
        return Self(writer: writer, election: election, path: path, isReadOnly: readOnly, cipher: cipher)
    }

    /// Whether the file at `path` is an encrypted SignatureKit database (so the caller knows to ask for a passphrase).
    public static func needsPassphrase(_ path: String) -> Bool {
        guard (try? DatabaseFile.inspect(path)) == .sqlite, (try? DatabaseFile.isSignatureKit(path)) == true else { return false }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(SignatureDatabase.busySeconds)
        let value = try? DatabaseQueue(path: path, configuration: config).read { try MetaRecord.value(.encryption, in: $0) }
        return (value ?? nil) != nil
    }

    private static func cipher(_ writer: any DatabaseWriter, path: String, passphrase: String?) throws -> FieldCipher? {
        guard let json = try mapErrors(path, { try writer.read { try MetaRecord.value(.encryption, in: $0) } }) else { return nil }
        guard let passphrase, !passphrase.isEmpty else { throw SignatureKitError.passphraseMissing(path: path) }
        guard let parameters = try? JSONDecoder().decode(FieldCipher.Parameters.self, from: Data(json.utf8)),
            let cipher = try FieldCipher.open(passphrase: passphrase, parameters: parameters)
        else { throw SignatureKitError.wrongPassphrase }
        return cipher
    }

    /// A fresh in-memory database (tests, benchmarks).
    public static func inMemory(election: Election, meetingDate: CalendarDay? = nil, passphrase: String? = nil) throws -> Self {
        try create(at: ":memory:", election: election, meetingDate: meetingDate, passphrase: passphrase)
    }

    /// How long to wait for another program's transaction: 10 s, or `SIG_BUSY_TIMEOUT` seconds (tests), 0 to 3600.
    static var busySeconds: Double {
        min(max(ProcessInfo.processInfo.environment["SIG_BUSY_TIMEOUT"].flatMap(Double.init) ?? 10, 0), 3600)
    }

    private static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.readonly = readOnly
        // Two volunteers entering at once: wait for the other's transaction instead of failing
        // (10 s; SIG_BUSY_TIMEOUT sets other seconds, e.g. for tests).
        config.busyMode = .timeout(busySeconds)
        // A 32 MB page cache: a 200,000-sheet import re-reads fewer index pages.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -32768") }
        return config
    }

    private static func openWriter(_ path: String, readOnly: Bool, migrate: Bool = true, pool: Bool = true) throws -> any DatabaseWriter {
        let writer: any DatabaseWriter
        do {
            if path == ":memory:" {
                writer = try DatabaseQueue(configuration: configuration(readOnly: false))
            } else if readOnly {
                // Without write access SQLite cannot create the -shm file of a WAL database; a read-only folder or
                // mount then needs the immutable flag (nobody can be writing there).
                let plain = try? DatabaseQueue(path: path, configuration: configuration(readOnly: true))
                if let plain, (try? plain.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }) != nil {
                    writer = plain
                } else {
                    writer = try DatabaseQueue(path: DatabaseFile.immutableURI(path), configuration: configuration(readOnly: true))
                }
            } else if pool {
                writer = try DatabasePool(path: path, configuration: configuration(readOnly: false))
            } else {
                // The file is in WAL mode already (set when it was created, kept in the file): a queue opens it without
                // GRDB's pool set-up, which writes a table and drops it again on every open.
                writer = try DatabaseQueue(path: path, configuration: configuration(readOnly: false))
            }
        } catch let error as DatabaseError {
            throw DatabaseFile.openError(error, path: path)
        }
        if try mapErrors(path, { try writer.read { try migrator.hasBeenSuperseded($0) } }) {
            throw SignatureKitError.databaseFromNewerVersion(path: path)
        }
        if readOnly {
            let done = try mapErrors(path) { try writer.read { try migrator.completedMigrations($0) } }
            guard Set(done) == Set(migrator.migrations) else { throw SignatureKitError.databaseReadOnly(path: path) }
            return writer
        }
        if migrate { try migrateIfBehind(writer, path: path) }
        return writer
    }

    /// Migrations only when the schema is behind: a read leaves every byte of the file as it was.
    private static func migrateIfBehind(_ writer: any DatabaseWriter, path: String) throws {
        if try mapErrors(path, { try writer.read { try migrator.hasCompletedMigrations($0) } }) { return }
        do {
            try migrator.migrate(writer)
        } catch let error as DatabaseError {
            throw DatabaseFile.openError(error, path: path)
        }
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

    static func mapErrors<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch is RowDecodingError {
            // Its description quotes the whole row (personal data): only say what happened.
            throw SignatureKitError.unknownStoredValue(path: path, column: nil)
        } catch let error as DatabaseError {
            throw DatabaseFile.openError(error, path: path)
        }
    }

    // MARK: - Nominations

    /// Sets the nomination meeting date of nominations (signatures before it do not count), then applies
    /// the rules again to every sheet once.
    public func setMeetingDate(_ date: CalendarDay?, for nominations: [NominationID], by user: String = loginName) throws {
        for n in nominations where !election.contains(n) { throw SignatureKitError.nominationUnknown(n.description) }
        try write { db in
            try AuditRecord.append(
                db, user: user, action: "meeting:\(date?.iso ?? "-"):" + nominations.map(\.description).joined(separator: ","), sheets: [])
            for n in nominations {
                try NominationRecord.filter(key: canonical(n)).updateAll(db, NominationRecord.Columns.meetingDate.set(to: date))
            }
        }
        try recheck()
    }

    /// The campaign's own nominations as stored (`nil`: all of the election's).
    static func campaignNominations(in db: Database) throws -> [NominationID]? {
        guard let text = try MetaRecord.value(.nominations, in: db) else { return nil }
        return try text.split(separator: ",").map { code in
            guard let n = NominationID(String(code)) else { throw SignatureKitError.unknownStoredValue(path: "meta", column: "nominations") }
            return n
        }
    }

    /// Sets the nominations the campaign runs (`nil`: all of the election's). Sheets already stored for others stay
    /// stored; progress, submission and entry know only the chosen ones. Returns the database with the new choice.
    public func setCampaignNominations(_ nominations: [NominationID]?, by user: String = loginName) throws -> SignatureDatabase {
        for n in nominations ?? [] where !election.contains(n) { throw SignatureKitError.nominationUnknown(n.description) }
        let codes = nominations?.map { canonical($0).description }.joined(separator: ",")
        try write { db in
            try AuditRecord.append(db, user: user, action: "nominations:\(codes ?? "alle")", sheets: [])
            if let codes {
                try MetaRecord.set(.nominations, codes, in: db)
            } else {
                try MetaRecord.deleteOne(db, key: MetaRecord.Key.nominations.rawValue)
            }
        }
        var changed = election
        changed.campaign = nominations
        return Self(writer: writer, election: changed, path: path, isReadOnly: isReadOnly, cipher: cipher)
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

    /// Who acts when a caller names nobody: the login name (the CLI); sig-web passes the account.
    public static var loginName: String {
        ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName
    }

    /// The time as ISO 8601 in UTC (`2025-06-30T14:05:09Z`), built by hand: a new ISO8601DateFormatter per call cost a
    /// tenth of the web server's time per entry.
    package static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var t = tm()
        gmtime_r(&seconds, &t)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec))Z"
    }
}
