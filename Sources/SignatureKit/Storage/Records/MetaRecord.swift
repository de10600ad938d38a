import GRDB

/// A setting of the database (`election`, `purgedOn`): the table `meta`.
struct MetaRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "meta"
    var key: String
    var value: String

    enum Key: String {
        /// The election id the database belongs to.
        case election
        /// The day personal data was removed.
        case purgedOn
        /// Set while a purge has removed the data but not yet rewritten the file (VACUUM, WAL truncated).
        case purgePending
        /// The key-derivation parameters of an encrypted database (JSON), never the passphrase.
        case encryption
        /// "1" when every sheet must be typed by two people who agree (double entry).
        case doubleEntry
        /// The nominations the campaign runs, comma-separated codes; absent for all of the election's.
        case nominations
        /// The campaign's profile (JSON): group, address, contact, signatory, candidates, public counter.
        case profile
        /// The election file (JSON) of an election that is not bundled, stored at init.
        case electionData
        /// The day a demo campaign stands on (ISO): its reports and letters are dated with it, not the machine's day.
        case demoDay
    }

    static func value(_ key: Key, in db: Database) throws -> String? {
        try MetaRecord.fetchOne(db, key: key.rawValue)?.value
    }

    static func set(_ key: Key, _ value: String, in db: Database) throws {
        try MetaRecord(key: key.rawValue, value: value).save(db)
    }
}
