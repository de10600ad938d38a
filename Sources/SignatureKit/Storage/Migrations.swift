import GRDB

extension SignatureDatabase {
    /// The schema. A migration is never edited once released; changes are new migrations.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "nomination") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("meetingDate", .text)
            }
            try db.create(table: "street") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("streetKey", .text).notNull().indexed()
                t.column("street", .text).notNull()
                t.column("fromNumber", .integer)
                t.column("toNumber", .integer)
                t.column("parity", .text).notNull().check { ["all", "odd", "even"].contains($0) }
                t.column("ward", .integer).notNull()
                t.column("district", .text)
            }
            try db.create(table: "sheet") { t in
                // The rowid itself (no AUTOINCREMENT bookkeeping per insert); sheets are never deleted.
                t.primaryKey("id", .integer)
                t.column("sheetNumber", .text).notNull().unique()
                t.column("nomination", .text).notNull().references("nomination")
                t.column("kind", .text).notNull()
                t.column("surname", .text).notNull()
                t.column("givenNames", .text).notNull()
                t.column("birthDate", .text).notNull()
                t.column("street", .text).notNull()
                t.column("houseNumber", .text).notNull()
                t.column("postalCode", .text).notNull()
                t.column("city", .text).notNull()
                t.column("signedOn", .text).notNull()
                t.column("collector", .text).notNull()
                t.column("enteredBy", .text).notNull()
                t.column("enteredAt", .text).notNull()
                t.column("enteredOn", .text).notNull()
                t.column("status", .text).notNull().defaults(to: "entered")
                t.column("rejectReason", .text)
                t.column("statusChangedAt", .text)
                t.column("addressWard", .integer)
                t.column("addressDistrict", .text)
                t.column("hasError", .boolean).notNull().defaults(to: false)
                t.column("duplicateOf", .integer).references("sheet", onDelete: .setNull)
                // Keys for the duplicate search (blocking).
                t.column("surnameKey", .text).notNull()
                t.column("givenKey", .text).notNull()
                t.column("surnameCode", .text).notNull()
                t.column("givenCode", .text).notNull()
                t.column("addressKey", .text).notNull()
                // Birth date with day and month in ascending order (yyyy·10⁴ + min·10² + max): swapped dates meet.
                t.column("birthKey", .integer).notNull()
            }
            // Blocking keys of the duplicate search: each new sheet is compared only with sheets sharing one.
            // One probe on (kind, birthKey) reads the few entries of that day and tests both codes in the index.
            try db.create(index: "sheet_birth", on: "sheet", columns: ["kind", "birthKey", "surnameCode", "givenCode"])
            try db.create(index: "sheet_address", on: "sheet", columns: ["kind", "addressKey", "surnameKey"])
            // Covers the progress report: one index scan gives every count by nomination, day and status.
            try db.create(
                index: "sheet_progress", on: "sheet",
                columns: ["nomination", "signedOn", "status", "hasError", "duplicateOf", "rejectReason"])
            try db.create(table: "finding") { t in
                t.column("sheetId", .integer).notNull().references("sheet", onDelete: .cascade).indexed()
                t.column("code", .text).notNull()
                t.column("severity", .text).notNull()
                t.column("message", .text).notNull()
                t.column("basis", .text).notNull()
            }
            try db.create(table: "pair") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sheetA", .integer).notNull().references("sheet", onDelete: .cascade)
                t.column("sheetB", .integer).notNull().references("sheet", onDelete: .cascade).indexed()
                t.column("class", .text).notNull()
                t.column("score", .double).notNull()
                t.column("reasons", .text).notNull()
                t.column("decision", .text).notNull()
                t.column("decidedBy", .text)
                t.column("decidedAt", .text)
                t.uniqueKey(["sheetA", "sheetB"])
            }
            try db.create(table: "statusEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sheetId", .integer).notNull().references("sheet", onDelete: .cascade).indexed()
                t.column("fromStatus", .text).notNull()
                t.column("toStatus", .text).notNull()
                t.column("reason", .text)
                t.column("at", .text).notNull()
                t.column("by", .text).notNull()
            }
        }
        // Files the tool wrote that may hold names (rejects files, submission lists with names), so that purge
        // can name them for deletion.
        m.registerMigration("v2-output") { db in
            try db.create(table: "output") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("path", .text).notNull().unique()
                t.column("kind", .text).notNull()
                t.column("writtenAt", .text).notNull()
            }
        }
        // The birth-date probe also tests the address (typos in both names change both sounds).
        m.registerMigration("v3-birth-address") { db in
            try db.drop(index: "sheet_birth")
            try db.create(index: "sheet_birth", on: "sheet", columns: ["kind", "birthKey", "surnameCode", "givenCode", "addressKey"])
        }
        // The tamper-evident record of changes and reads of personal data (hash chain).
        m.registerMigration("v4-audit") { db in
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .text).notNull()
                t.column("user", .text).notNull()
                t.column("action", .text).notNull()
                t.column("sheets", .text).notNull()
                t.column("previousHash", .text).notNull()
                t.column("hash", .text).notNull()
            }
        }
        // An encrypted database keeps all signer fields of a sheet in one sealed blob (one AES-GCM operation per sheet).
        m.registerMigration("v5-sealed") { db in
            try db.alter(table: "sheet") { t in t.add(column: "sealed", .text) }
        }
        // Accounts of the team (sig-web): name, role, scrypt hash of the password, session epoch.
        m.registerMigration("v6-account") { db in
            try db.create(table: "account") { t in
                t.primaryKey("name", .text)
                t.column("role", .text).notNull()
                t.column("passwordHash", .text).notNull()
                t.column("createdAt", .text).notNull()
                t.column("sessionEpoch", .integer).notNull()
            }
        }
        // Double entry (optional): a sheet typed by one person waits here until a second person types it too.
        m.registerMigration("v7-entry-draft") { db in
            try db.create(table: "entryDraft") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sheetNumber", .text).notNull().indexed()
                t.column("enteredBy", .text).notNull()
                t.column("enteredAt", .text).notNull()
                t.column("clientId", .text)
                // The CSV fields as JSON; sealed in an encrypted database.
                t.column("payload", .text).notNull()
                t.column("mismatch", .boolean).notNull().defaults(to: false)
                t.uniqueKey(["sheetNumber", "enteredBy"])
            }
        }
        // Web sessions survive a restart: the SHA-256 hash of the token, never the token.
        m.registerMigration("v8-web-session") { db in
            try db.create(table: "webSession") { t in
                t.primaryKey("tokenHash", .text)
                t.column("account", .text).notNull()
                t.column("role", .text).notNull()
                t.column("epoch", .integer).notNull()
                t.column("csrf", .text).notNull()
                t.column("expires", .double).notNull()
            }
        }
        // Organizers' corrections of a sheet: who, when, why, which fields (names only, never values), and the
        // status the sheet had (a correction after certification is shown wherever the sheet is).
        m.registerMigration("v9-correction") { db in
            try db.create(table: "correction") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sheetId", .integer).notNull().references("sheet", onDelete: .cascade).indexed()
                t.column("at", .text).notNull()
                t.column("by", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("fields", .text).notNull()
                t.column("status", .text).notNull()
            }
        }
        return m
    }
}
