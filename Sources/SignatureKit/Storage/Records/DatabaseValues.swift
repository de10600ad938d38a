import GRDB

// The domain's enums are stored as their raw strings. A value the program does not know makes the row fail to
// decode (an error), never a silent default.

extension SheetStatus: DatabaseValueConvertible {}
extension RejectReason: DatabaseValueConvertible {}
extension PairClass: DatabaseValueConvertible {}
extension PairDecision: DatabaseValueConvertible {}
extension StreetParity: DatabaseValueConvertible {}
extension Severity: DatabaseValueConvertible {}
extension NominationKind: DatabaseValueConvertible {}

extension NominationID: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> NominationID? {
        String.fromDatabaseValue(dbValue).flatMap(NominationID.init)
    }
}

extension CalendarDay: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { iso.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> CalendarDay? {
        String.fromDatabaseValue(dbValue).flatMap(CalendarDay.init(parsing:))
    }
}
