import GRDB

extension SignatureDatabase {
    /// Replaces the street directory with `entries` (all or nothing) and applies the rules again to every sheet.
    public func replaceStreetDirectory(_ entries: [StreetEntry], by user: String = loginName) throws {
        try write { db in
            try AuditRecord.append(db, user: user, action: "streets:\(entries.count)", sheets: [])
            try StreetRecord.deleteAll(db)
            for entry in entries {
                var record = StreetRecord(entry)
                try record.insert(db)
            }
        }
        try recheck()
    }

    static func hasStreetDirectory(in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM street)") ?? false
    }

    /// Where an address lies according to the directory, or `.noDirectory`/`.unknownStreet`.
    func lookupAddress(_ db: Database, hasDirectory: Bool, street: String, houseNumber: String) throws -> AddressLookup {
        guard hasDirectory else { return .noDirectory }
        let number = Normalizer.houseNumberValue(houseNumber) ?? -1
        let parity: StreetParity = number % 2 == 0 ? .even : .odd
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT ward, district FROM street WHERE streetKey = ?
                    AND (fromNumber IS NULL OR ? >= fromNumber) AND (toNumber IS NULL OR ? <= toNumber)
                    AND parity IN ('all', ?) LIMIT 1
                    """),
            arguments: [Normalizer.streetKey(street), number, number, parity])
        guard let row else { return .unknownStreet }
        return .found(ward: row["ward"], district: row["district"])
    }
}

extension SignatureDatabase {
    /// Where an address lies according to the loaded street directory.
    public func addressLookup(street: String, houseNumber: String) throws -> AddressLookup {
        try read { db in try lookupAddress(db, hasDirectory: try Self.hasStreetDirectory(in: db), street: street, houseNumber: houseNumber) }
    }

    /// The loaded street directory (empty when none is loaded), in the order it was loaded.
    public func streetDirectory() throws -> [StreetEntry] {
        try read { db in
            try StreetRecord.order(Column("id")).fetchAll(db).map {
                StreetEntry(street: $0.street, from: $0.fromNumber, to: $0.toNumber, parity: $0.parity, ward: $0.ward, district: $0.district)
            }
        }
    }
}
