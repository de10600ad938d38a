import GRDB

/// A nomination of the election with its meeting date: the table `nomination`.
struct NominationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "nomination"
    var id: NominationID
    var kind: NominationKind
    var meetingDate: CalendarDay?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let meetingDate = Column(CodingKeys.meetingDate)
    }
}
