import GRDB

/// The SQL of sig-bench's baselines, kept here because Storage is the only home of SQL.
public enum BenchmarkBaselines {
    /// A `sqlite3` script that imports the sheet CSV into a table with indexes like the database's.
    public static func sqliteImportScript(csv: String) -> String {
        """
        CREATE TABLE sheet(sheet TEXT UNIQUE, nomination TEXT, surname TEXT, given_names TEXT, born TEXT, street TEXT,
          house_number TEXT, postal_code TEXT, city TEXT, signed_on TEXT, collector TEXT);
        CREATE INDEX b ON sheet(nomination, born, surname, given_names);
        CREATE INDEX d ON sheet(nomination, street, house_number, surname); CREATE INDEX e ON sheet(nomination, signed_on, collector);
        .mode csv
        .separator ;
        .import --skip 1 \(csv) sheet
        """
    }

    /// A `sqlite3` script that fills a SignatureKit database straight from such a raw table, with random statuses
    /// (the progress benchmark measures the report, not the import).
    public static func bulkFillScript(raw: String) -> String {
        """
        ATTACH '\(raw)' AS raw;
        INSERT INTO sheet(sheetNumber, nomination, kind, surname, givenNames, birthDate, street, houseNumber, postalCode, city,
          signedOn, collector, enteredBy, enteredAt, enteredOn, status, hasError, surnameKey, givenKey, surnameCode, givenCode,
          addressKey, birthKey)
        SELECT r.sheet, r.nomination, 'ward', r.surname, r.given_names,
          substr(r.born,7,4)||'-'||substr(r.born,4,2)||'-'||substr(r.born,1,2), r.street, r.house_number, r.postal_code, r.city,
          substr(r.signed_on,7,4)||'-'||substr(r.signed_on,4,2)||'-'||substr(r.signed_on,1,2), r.collector, 'bench', '', '2025-07-01',
          CASE abs(random()) % 10 WHEN 0 THEN 'rejected' WHEN 1 THEN 'sent' WHEN 2 THEN 'entered' ELSE 'certified' END,
          abs(random()) % 50 = 0, lower(r.surname), lower(r.given_names), '', '', '', 0
        FROM raw.sheet r;
        """
    }
}

extension SignatureDatabase {
    /// `PRAGMA integrity_check` ("ok" when the file is whole).
    public func integrityCheck() throws -> String {
        try read { try String.fetchOne($0, sql: "PRAGMA integrity_check") ?? "?" }
    }

    /// The progress benchmark's baseline: a plain `GROUP BY nomination, status` over the same table.
    ///
    /// - Returns: The number of groups.
    public func plainStatusGroupBy() throws -> Int {
        try read { try Row.fetchAll($0, sql: "SELECT nomination, status, count(*) FROM sheet GROUP BY nomination, status").count }
    }
}
