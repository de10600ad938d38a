import GRDB

/// What kind of file with names the tool wrote.
public enum OutputKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// The rejected rows of an import, with everything they held.
    case rejects
    /// A submission list printed with names.
    case submissionList = "submission-list"
    /// An encrypted backup of the whole database.
    case backup

    public var germanName: String {
        switch self {
        case .rejects: "Ablehnungsdatei"
        case .submissionList: "Einreichungsliste mit Namen"
        case .backup: "Sicherung (verschlüsselt)"
        }
    }
}

/// A file with names the tool wrote: the table `output`.
struct OutputRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "output"
    var id: Int64?
    var path: String
    var kind: OutputKind
    var writtenAt: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
