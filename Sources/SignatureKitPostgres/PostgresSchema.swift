import Foundation
import PostgresNIO
import SignatureKitDomain

/// The schema of the host's database: one database for all campaigns, `campaign_id` leading every key and index,
/// row-level security forced on every table (the campaign comes from `sig.current_campaign()`, set per transaction).
///
/// The version lives in the schema's comment (`signaturekit:N`), so there is no table without a campaign.
///
/// One function runs with its owner's rights: `sig.refresh_statistics()`, which only runs ANALYZE on the sheets
/// an import fills (the application's role may not, not owning them) and returns nothing. A large import calls it as the
/// campaign grows inside its transaction: the planner otherwise plans every probe against the statistics of before the
/// import, takes the new campaign for empty and reads all its new rows per probe.
///
/// `sig.live_session(campaign, token, at)` runs with the caller's rights (row-level security applies): it sets the
/// campaign for its own statement and reads the session with its account's epoch and role – the read every web request
/// makes, in one round trip instead of a transaction of four.
enum PostgresSchema {
    static let version = 5

    /// The migrations after the first, by the version they lead to (a fresh database runs all of them as well).
    static let migrations = [2: v2, 3: v3, 4: v4, 5: v5]

    /// The tables that hold a campaign's data (every one under the policy `campaign_isolation`).
    static let campaignTables = [
        "meta", "nomination", "street", "sheet", "finding", "pair", "status_event", "output", "audit", "account", "entry_draft",
        "web_session", "web_login_failure", "correction",
    ]

    /// Migration 1: the whole schema.
    static let v1 = """
        CREATE SCHEMA sig;
        CREATE FUNCTION sig.current_campaign() RETURNS integer LANGUAGE sql STABLE
          AS $$ SELECT nullif(current_setting('sig.campaign', true), '')::integer $$;
        CREATE FUNCTION sig.refresh_statistics() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog
          AS $$ ANALYZE sig.sheet $$;
        REVOKE ALL ON FUNCTION sig.refresh_statistics() FROM PUBLIC;
        CREATE TABLE sig.campaign (
          key integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          id text NOT NULL UNIQUE,
          title text NOT NULL DEFAULT '',
          election text NOT NULL,
          election_data text,
          created_at text NOT NULL,
          wrapped_key text,
          key_id text,
          CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$')
        );
        CREATE TABLE sig.meta (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign() REFERENCES sig.campaign ON DELETE CASCADE,
          key text NOT NULL, value text NOT NULL, PRIMARY KEY (campaign_id, key));
        CREATE TABLE sig.nomination (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign() REFERENCES sig.campaign ON DELETE CASCADE,
          id text NOT NULL, kind text NOT NULL, meetingdate text, PRIMARY KEY (campaign_id, id));
        CREATE TABLE sig.street (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign() REFERENCES sig.campaign ON DELETE CASCADE,
          id bigint GENERATED ALWAYS AS IDENTITY, streetkey text NOT NULL, street text NOT NULL, fromnumber integer,
          tonumber integer, parity text NOT NULL CHECK (parity IN ('all', 'odd', 'even')), ward integer NOT NULL, district text,
          PRIMARY KEY (campaign_id, id));
        CREATE INDEX street_key ON sig.street (campaign_id, streetkey);
        CREATE TABLE sig.sheet (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign() REFERENCES sig.campaign ON DELETE CASCADE,
          id bigint GENERATED ALWAYS AS IDENTITY,
          sheetnumber text NOT NULL, nomination text NOT NULL, kind text NOT NULL,
          surname text NOT NULL, givennames text NOT NULL, birthdate text NOT NULL, street text NOT NULL,
          housenumber text NOT NULL, postalcode text NOT NULL, city text NOT NULL, signedon text NOT NULL,
          collector text NOT NULL, enteredby text NOT NULL, enteredat text NOT NULL, enteredon text NOT NULL,
          status text NOT NULL DEFAULT 'entered', rejectreason text, statuschangedat text,
          addressward integer, addressdistrict text, haserror boolean NOT NULL DEFAULT false, duplicateof bigint,
          surnamekey text NOT NULL, givenkey text NOT NULL, surnamecode text NOT NULL, givencode text NOT NULL,
          addresskey text NOT NULL, birthkey bigint NOT NULL, sealed text,
          PRIMARY KEY (campaign_id, id),
          UNIQUE (campaign_id, sheetnumber),
          FOREIGN KEY (campaign_id, nomination) REFERENCES sig.nomination (campaign_id, id),
          FOREIGN KEY (campaign_id, duplicateof) REFERENCES sig.sheet (campaign_id, id) ON DELETE SET NULL (duplicateof));
        CREATE INDEX sheet_birth ON sig.sheet (campaign_id, kind, birthkey, surnamecode, givencode, addresskey);
        CREATE INDEX sheet_address ON sig.sheet (campaign_id, kind, addresskey, surnamekey);
        CREATE INDEX sheet_progress ON sig.sheet (campaign_id, nomination, signedon, status, haserror, duplicateof, rejectreason);
        CREATE INDEX sheet_duplicate ON sig.sheet (campaign_id, duplicateof) WHERE duplicateof IS NOT NULL;
        -- No statistics on campaign_id: a new campaign is not among the most common values, so the planner would take it
        -- for empty and pick any index starting with campaign_id for the duplicate probes (a 200,000-sheet import then
        -- scanned its own rows per probe). Without them every campaign is estimated alike and the blocking indexes win.
        ALTER TABLE sig.sheet ALTER COLUMN campaign_id SET STATISTICS 0;
        CREATE TABLE sig.finding (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign(),
          id bigint GENERATED ALWAYS AS IDENTITY, sheetid bigint NOT NULL, code text NOT NULL, severity text NOT NULL,
          message text NOT NULL, basis text NOT NULL, PRIMARY KEY (campaign_id, id),
          FOREIGN KEY (campaign_id, sheetid) REFERENCES sig.sheet (campaign_id, id) ON DELETE CASCADE);
        CREATE INDEX finding_sheet ON sig.finding (campaign_id, sheetid);
        CREATE TABLE sig.pair (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign(),
          id bigint GENERATED ALWAYS AS IDENTITY, sheeta bigint NOT NULL, sheetb bigint NOT NULL, class text NOT NULL,
          score double precision NOT NULL, reasons text NOT NULL, decision text NOT NULL, decidedby text, decidedat text,
          PRIMARY KEY (campaign_id, id), UNIQUE (campaign_id, sheeta, sheetb),
          FOREIGN KEY (campaign_id, sheeta) REFERENCES sig.sheet (campaign_id, id) ON DELETE CASCADE,
          FOREIGN KEY (campaign_id, sheetb) REFERENCES sig.sheet (campaign_id, id) ON DELETE CASCADE);
        CREATE INDEX pair_b ON sig.pair (campaign_id, sheetb);
        CREATE TABLE sig.status_event (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign(),
          id bigint GENERATED ALWAYS AS IDENTITY, sheetid bigint NOT NULL, fromstatus text NOT NULL, tostatus text NOT NULL,
          reason text, at text NOT NULL, actor text NOT NULL, PRIMARY KEY (campaign_id, id),
          FOREIGN KEY (campaign_id, sheetid) REFERENCES sig.sheet (campaign_id, id) ON DELETE CASCADE);
        CREATE INDEX status_event_sheet ON sig.status_event (campaign_id, sheetid);
        CREATE TABLE sig.output (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign() REFERENCES sig.campaign ON DELETE CASCADE,
          id bigint GENERATED ALWAYS AS IDENTITY, path text NOT NULL, kind text NOT NULL, writtenat text NOT NULL,
          PRIMARY KEY (campaign_id, id), UNIQUE (campaign_id, path));
        CREATE TABLE sig.audit (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign() REFERENCES sig.campaign ON DELETE CASCADE,
          id bigint GENERATED ALWAYS AS IDENTITY, at text NOT NULL, actor text NOT NULL, action text NOT NULL,
          sheets text NOT NULL, previoushash text NOT NULL, hash text NOT NULL, PRIMARY KEY (campaign_id, id));
        CREATE TABLE sig.account (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign() REFERENCES sig.campaign ON DELETE CASCADE,
          name text NOT NULL, role text NOT NULL, passwordhash text NOT NULL, createdat text NOT NULL,
          sessionepoch integer NOT NULL, PRIMARY KEY (campaign_id, name));
        CREATE TABLE sig.entry_draft (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign() REFERENCES sig.campaign ON DELETE CASCADE,
          id bigint GENERATED ALWAYS AS IDENTITY, sheetnumber text NOT NULL, enteredby text NOT NULL, enteredat text NOT NULL,
          clientid text, payload text NOT NULL, mismatch boolean NOT NULL DEFAULT false,
          PRIMARY KEY (campaign_id, id), UNIQUE (campaign_id, sheetnumber, enteredby));
        CREATE TABLE sig.web_session (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign() REFERENCES sig.campaign ON DELETE CASCADE,
          tokenhash text NOT NULL, account text NOT NULL, role text NOT NULL, epoch integer NOT NULL, csrf text NOT NULL,
          expires double precision NOT NULL, PRIMARY KEY (campaign_id, tokenhash));
        CREATE TABLE sig.web_login_failure (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign() REFERENCES sig.campaign ON DELETE CASCADE,
          key text NOT NULL, at double precision NOT NULL);
        CREATE INDEX web_login_failure_key ON sig.web_login_failure (campaign_id, key, at);
        CREATE FUNCTION sig.live_session(campaign integer, token text, at double precision) RETURNS TABLE (account text, role text, epoch integer, csrf text, expires double precision) LANGUAGE plpgsql AS $$ #variable_conflict use_column
        BEGIN PERFORM set_config('sig.campaign', campaign::text, true); RETURN QUERY SELECT s.account, s.role, s.epoch, s.csrf, s.expires FROM sig.web_session s JOIN sig.account a ON a.name = s.account AND a.sessionepoch = s.epoch AND a.role = s.role WHERE s.tokenhash = token AND s.expires >= at; END $$;
        CREATE TABLE sig.correction (
          campaign_id integer NOT NULL DEFAULT sig.current_campaign(),
          id bigint GENERATED ALWAYS AS IDENTITY, sheetid bigint NOT NULL, at text NOT NULL, actor text NOT NULL,
          reason text NOT NULL, fields text NOT NULL, status text NOT NULL, PRIMARY KEY (campaign_id, id),
          FOREIGN KEY (campaign_id, sheetid) REFERENCES sig.sheet (campaign_id, id) ON DELETE CASCADE);
        CREATE INDEX correction_sheet ON sig.correction (campaign_id, sheetid);
        """

    /// Migration 2: the statistics an import refreshes only of the columns its probes look up (half the time of all);
    /// the sheets' text in binary order (`COLLATE "C"`, as SQLite compares: the same order of sheet numbers
    /// on both backends, and index keys compared by bytes instead of the database's locale – a fifth less time per
    /// stored sheet); the sheets' own reference to the registry dropped (the nomination's leads there and now cascades,
    /// so removing a campaign still removes its sheets) – one foreign-key check less per stored sheet; the progress
    /// index with the reason right after the status, so progress groups the index's own order (no hashing).
    static let v2 = """
        CREATE OR REPLACE FUNCTION sig.refresh_statistics() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog
          AS $$ ANALYZE sig.sheet (sheetnumber, kind, birthkey, surnamecode, givencode, addresskey, surnamekey) $$;
        ALTER TABLE sig.sheet DROP CONSTRAINT sheet_campaign_id_fkey;
        ALTER TABLE sig.sheet DROP CONSTRAINT sheet_campaign_id_nomination_fkey;
        ALTER TABLE sig.nomination ALTER COLUMN id TYPE text COLLATE "C";
        ALTER TABLE sig.sheet \(sheetTextColumns.map { "ALTER COLUMN \($0) TYPE text COLLATE \"C\"" }.joined(separator: ", "));
        ALTER TABLE sig.sheet ADD CONSTRAINT sheet_nomination_fkey FOREIGN KEY (campaign_id, nomination)
          REFERENCES sig.nomination (campaign_id, id) ON DELETE CASCADE;
        DROP INDEX sig.sheet_progress;
        CREATE INDEX sheet_progress ON sig.sheet (campaign_id, nomination, signedon, status, rejectreason, haserror, duplicateof);
        """

    /// Migration 3: the address index also carries the birth key, so the import's lookup of the same birth date and
    /// address checks both in the index, whichever of the two indexes PostgreSQL picks (it rates them alike).
    static let v3 = """
        DROP INDEX sig.sheet_address;
        CREATE INDEX sheet_address ON sig.sheet (campaign_id, kind, addresskey, surnamekey, birthkey);
        """

    /// Migration 4: the references of sheets to their nomination and of findings and pairs to their sheets checked once
    /// per statement instead of per row. A foreign key looks up and locks the referenced row for every inserted row: at a
    /// million sheets about 9 s of the server's time for the nominations and 6.5 s for the findings, where one check of a
    /// statement's new rows against the referenced table takes about 0.2 s. The guarantees stay: an insert or change whose
    /// nomination or sheet does not exist fails with SQLSTATE 23503 (foreign_key_violation) as before, a referenced
    /// nomination or sheet keeps its key, removing a nomination (with its campaign) removes its sheets, and removing a sheet
    /// its findings and pairs. The functions run with the caller's rights (row-level security applies) and every
    /// condition names the campaign (a cascade from a campaign's removal runs as the tables' owner).
    static let v4 = """
        ALTER TABLE sig.sheet DROP CONSTRAINT sheet_nomination_fkey;
        ALTER TABLE sig.finding DROP CONSTRAINT finding_campaign_id_sheetid_fkey;
        ALTER TABLE sig.pair DROP CONSTRAINT pair_campaign_id_sheeta_fkey, DROP CONSTRAINT pair_campaign_id_sheetb_fkey;
        \(refusing("check_new_sheets", [
            ("""
            EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (
              SELECT 1 FROM sig.nomination m WHERE m.campaign_id = n.campaign_id AND m.id = n.nomination))
            """, "sheet without its nomination"),
        ]))
        CREATE TRIGGER sheet_insert AFTER INSERT ON sig.sheet REFERENCING NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION sig.check_new_sheets();
        \(refusing("check_changed_sheet", [
            ("NOT EXISTS (SELECT 1 FROM sig.nomination m WHERE m.campaign_id = NEW.campaign_id AND m.id = NEW.nomination)",
             "sheet without its nomination"),
            ("""
            (OLD.campaign_id, OLD.id) IS DISTINCT FROM (NEW.campaign_id, NEW.id)
              AND (EXISTS (SELECT 1 FROM sig.finding f WHERE f.campaign_id = OLD.campaign_id AND f.sheetid = OLD.id)
                OR EXISTS (SELECT 1 FROM sig.pair p WHERE p.campaign_id = OLD.campaign_id AND OLD.id IN (p.sheeta, p.sheetb)))
            """, "sheet still has findings or pairs"),
        ]))
        CREATE TRIGGER sheet_update AFTER UPDATE OF campaign_id, id, nomination ON sig.sheet FOR EACH ROW
          WHEN ((OLD.campaign_id, OLD.id, OLD.nomination) IS DISTINCT FROM (NEW.campaign_id, NEW.id, NEW.nomination))
          EXECUTE FUNCTION sig.check_changed_sheet();
        CREATE FUNCTION sig.remove_sheet_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          DELETE FROM sig.finding f USING old_rows o WHERE f.campaign_id = o.campaign_id AND f.sheetid = o.id;
          DELETE FROM sig.pair p USING old_rows o WHERE p.campaign_id = o.campaign_id AND p.sheeta = o.id;
          DELETE FROM sig.pair p USING old_rows o WHERE p.campaign_id = o.campaign_id AND p.sheetb = o.id;
          RETURN NULL;
        END $$;
        CREATE TRIGGER sheet_delete AFTER DELETE ON sig.sheet REFERENCING OLD TABLE AS old_rows
          FOR EACH STATEMENT EXECUTE FUNCTION sig.remove_sheet_dependents();
        CREATE FUNCTION sig.remove_nomination_sheets() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          DELETE FROM sig.sheet s USING old_rows o WHERE s.campaign_id = o.campaign_id AND s.nomination = o.id;
          RETURN NULL;
        END $$;
        CREATE TRIGGER nomination_delete AFTER DELETE ON sig.nomination REFERENCING OLD TABLE AS old_rows
          FOR EACH STATEMENT EXECUTE FUNCTION sig.remove_nomination_sheets();
        \(refusing("check_changed_nomination", [
            ("EXISTS (SELECT 1 FROM sig.sheet s WHERE s.campaign_id = OLD.campaign_id AND s.nomination = OLD.id)", "nomination still has sheets"),
        ]))
        CREATE TRIGGER nomination_update AFTER UPDATE OF campaign_id, id ON sig.nomination FOR EACH ROW
          WHEN ((OLD.campaign_id, OLD.id) IS DISTINCT FROM (NEW.campaign_id, NEW.id))
          EXECUTE FUNCTION sig.check_changed_nomination();
        \(refusing("check_new_findings", [("EXISTS (SELECT 1 FROM new_rows n WHERE \(missingSheet("n.sheetid", "n")))", "finding without its sheet")]))
        CREATE TRIGGER finding_insert AFTER INSERT ON sig.finding REFERENCING NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION sig.check_new_findings();
        \(refusing("check_changed_finding", [(missingSheet("NEW.sheetid", "NEW"), "finding without its sheet")]))
        CREATE TRIGGER finding_update AFTER UPDATE OF campaign_id, sheetid ON sig.finding FOR EACH ROW
          WHEN ((OLD.campaign_id, OLD.sheetid) IS DISTINCT FROM (NEW.campaign_id, NEW.sheetid))
          EXECUTE FUNCTION sig.check_changed_finding();
        \(refusing("check_new_pairs", [
            ("""
            EXISTS (SELECT 1 FROM (SELECT campaign_id, sheeta FROM new_rows UNION ALL SELECT campaign_id, sheetb FROM new_rows) n (campaign_id, sheet)
              WHERE \(missingSheet("n.sheet", "n")))
            """, "pair without its sheets"),
        ]))
        CREATE TRIGGER pair_insert AFTER INSERT ON sig.pair REFERENCING NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION sig.check_new_pairs();
        \(refusing("check_changed_pair", [
            ("\(missingSheet("NEW.sheeta", "NEW")) OR \(missingSheet("NEW.sheetb", "NEW"))", "pair without its sheets"),
        ]))
        CREATE TRIGGER pair_update AFTER UPDATE OF campaign_id, sheeta, sheetb ON sig.pair FOR EACH ROW
          WHEN ((OLD.campaign_id, OLD.sheeta, OLD.sheetb) IS DISTINCT FROM (NEW.campaign_id, NEW.sheeta, NEW.sheetb))
          EXECUTE FUNCTION sig.check_changed_pair();
        """

    /// Migration 5: the statistics an import refreshes as its campaign grows come from a sample of 3,000 rows instead
    /// of 30,000 (`default_statistics_target` 10 instead of 100, for this function only). They only have to tell the
    /// planner that the campaign has grown and its blocking keys are nearly unique, so that the probes stay on their
    /// indexes; the large sample cost about 0.33 s per refresh at 200,000 sheets, the small one 0.04 s. The next ANALYZE
    /// (autovacuum's, after the import) takes the full sample again.
    static let v5 = """
        ALTER FUNCTION sig.refresh_statistics() SET default_statistics_target = 10;
        """

    /// No sheet `id` in the campaign of `row`: looked up under the policy's campaign, the row's own compared as
    /// `campaign_id + 0` (see ``v4``).
    static func missingSheet(_ id: String, _ row: String) -> String {
        "NOT EXISTS (SELECT 1 FROM sig.sheet s WHERE s.id = \(id) AND s.campaign_id + 0 = \(row).campaign_id)"
    }

    /// A trigger function that refuses its statement as a missing foreign key would (SQLSTATE 23503) when one of the
    /// conditions holds, with that condition's message.
    static func refusing(_ name: String, _ cases: [(condition: String, message: String)]) -> String {
        let checks = cases.map {
            "  IF \($0.condition) THEN\n    RAISE EXCEPTION '\($0.message)' USING ERRCODE = 'foreign_key_violation';\n  END IF;"
        }
        return "CREATE FUNCTION sig.\(name)() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n" + checks.joined(separator: "\n")
            + "\n  RETURN NULL;\nEND $$;"
    }

    static let sheetTextColumns = [
        "sheetnumber", "nomination", "kind", "surname", "givennames", "birthdate", "street", "housenumber", "postalcode", "city", "signedon",
        "collector", "enteredby", "enteredat", "enteredon", "status", "rejectreason", "statuschangedat", "addressdistrict", "surnamekey",
        "givenkey", "surnamecode", "givencode", "addresskey", "sealed",
    ]

    /// Row-level security: every campaign table sees and takes only the transaction's campaign; the registry of
    /// campaigns is readable by the application (no personal data) and changed only for the campaign that is set.
    static func policies() -> String {
        var sql = ""
        for table in campaignTables {
            sql += """
                ALTER TABLE sig.\(table) ENABLE ROW LEVEL SECURITY;
                ALTER TABLE sig.\(table) FORCE ROW LEVEL SECURITY;
                CREATE POLICY campaign_isolation ON sig.\(table) USING (campaign_id = sig.current_campaign())
                  WITH CHECK (campaign_id = sig.current_campaign());

                """
        }
        sql += """
            ALTER TABLE sig.campaign ENABLE ROW LEVEL SECURITY;
            ALTER TABLE sig.campaign FORCE ROW LEVEL SECURITY;
            CREATE POLICY registry_read ON sig.campaign FOR SELECT USING (true);
            CREATE POLICY registry_create ON sig.campaign FOR INSERT WITH CHECK (true);
            CREATE POLICY registry_change ON sig.campaign FOR UPDATE USING (key = sig.current_campaign())
              WITH CHECK (key = sig.current_campaign());
            CREATE POLICY registry_remove ON sig.campaign FOR DELETE USING (key = sig.current_campaign());

            """
        return sql
    }

    /// What the application's role may do: read and write campaign tables, only append to the audit record.
    static func grants(to role: String) -> String {
        let r = quoteIdentifier(role)
        let writable = campaignTables.filter { $0 != "audit" }.map { "sig.\($0)" }.joined(separator: ", ")
        return """
            GRANT USAGE ON SCHEMA sig TO \(r);
            GRANT SELECT, INSERT, UPDATE, DELETE ON \(writable) TO \(r);
            GRANT SELECT, INSERT ON sig.audit TO \(r);
            GRANT SELECT, INSERT, UPDATE, DELETE ON sig.campaign TO \(r);
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA sig TO \(r);
            GRANT EXECUTE ON FUNCTION sig.current_campaign() TO \(r);
            GRANT EXECUTE ON FUNCTION sig.refresh_statistics() TO \(r);
            GRANT EXECUTE ON FUNCTION sig.live_session(integer, text, double precision) TO \(r);
            """
    }

    /// A role name as an SQL identifier (only simple names are accepted by `database init`).
    static func quoteIdentifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func isValidRoleName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 63 && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
            && !(name.first?.isNumber ?? true)
    }
}

extension PostgresServer {
    /// Before a campaign is created, listed or opened: the schema of this version, and a login role that row-level
    /// security binds. A superuser or a role with BYPASSRLS would read and change every campaign's rows, so it is refused
    /// (`database init` already refuses such an application role; this catches an address with another role).
    func ensureUsable(_ tx: PGTransaction) async throws {
        guard try await schemaVersion(tx) == PostgresSchema.version else { throw SignatureKitError.serverNotInitialized(server: display) }
        let role = try await tx.row("SELECT current_user::text, rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        if let role, try role.bool(1) { throw SignatureKitError.serverRoleUnbound(server: display, role: try role.text(0)) }
    }

    /// The installed schema version (0: none).
    func schemaVersion(_ tx: PGTransaction) async throws -> Int {
        guard let row = try await tx.row("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'sig'") else {
            return 0
        }
        guard let comment = try row.optionalText(0), comment.hasPrefix("signaturekit:"), let v = Int(comment.dropFirst(13)) else {
            return 0
        }
        return v
    }

    /// Creates or migrates the schema and the policies, and the application's login role (no superuser, no
    /// BYPASSRLS, not the owner) with its grants. Run as the database's owner; returns what it did.
    public func initialize(appRole: String, appPassword: String?) async throws -> DatabaseSetup {
        try await initialize(appRole: appRole, appPassword: appPassword, upTo: PostgresSchema.version)
    }

    /// The same, up to an older version (for the migration's test).
    func initialize(appRole: String, appPassword: String?, upTo target: Int) async throws -> DatabaseSetup {
        guard PostgresSchema.isValidRoleName(appRole) else {
            throw SignatureKitError.invalidField(
                field: "--app-role", reason: "„\(appRole.escapedForTerminal.prefix(40))“: nur Kleinbuchstaben, Ziffern und _, höchstens 63 Zeichen")
        }
        guard appRole != role else {
            throw SignatureKitError.invalidField(
                field: "--app-role", reason: "die Anwendung darf nicht als Eigentümer der Datenbank (\(role)) arbeiten: ein anderer Name")
        }
        do {
            return try await initializeSchema(appRole: appRole, appPassword: appPassword, target: target)
        } catch let error as SignatureKitError where error == .serverFailure(server: display, state: "42501") {
            throw SignatureKitError.invalidField(
                field: "--app-role",
                reason:
                    "\(role) darf die Rolle \(appRole) nicht anlegen oder das Schema nicht ändern (Eigentümer der Datenbank mit CREATEROLE nötig). Die Rolle als Administrator anlegen (CREATE ROLE \(appRole) LOGIN PASSWORD '…') und erneut ausführen; nichts geändert"
            )
        }
    }

    private func initializeSchema(appRole: String, appPassword: String?, target: Int) async throws -> DatabaseSetup {
        try await transaction(.host) { tx in
            var setup = DatabaseSetup(schemaVersion: target, createdSchema: false, createdRole: false)
            let installed = try await schemaVersion(tx)
            if installed > PostgresSchema.version { throw SignatureKitError.databaseFromNewerVersion(path: display) }
            if installed == 0 {
                try await tx.runScript(PostgresSchema.v1 + "\n")
                try await tx.runScript(PostgresSchema.policies())
                setup.createdSchema = true
            }
            if installed < target {
                for version in (max(installed, 1) + 1)..<(target + 1) {
                    guard let script = PostgresSchema.migrations[version] else { continue }
                    try await tx.runScript(script + "\n")
                }
                if installed > 0 { setup.migratedFrom = installed }
                try await tx.run("COMMENT ON SCHEMA sig IS 'signaturekit:\(target)'")
            }
            let existing = try await tx.row(
                "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1", [.text(appRole)])
            if let existing {
                if try existing.bool(0) || existing.bool(1) {
                    throw SignatureKitError.invalidField(
                        field: "--app-role",
                        reason: "die Rolle „\(appRole)“ ist Superuser oder darf die Zeilensicherheit umgehen (BYPASSRLS); bitte eine eigene Rolle")
                }
                if let appPassword {
                    try await tx.run("ALTER ROLE \(PostgresSchema.quoteIdentifier(appRole)) PASSWORD \(Self.literal(appPassword))")
                }
            } else {
                let password = appPassword.map { " PASSWORD \(Self.literal($0))" } ?? ""
                try await tx.run(
                    "CREATE ROLE \(PostgresSchema.quoteIdentifier(appRole)) LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE\(password)")
                setup.createdRole = true
            }
            try await tx.runScript(PostgresSchema.grants(to: appRole) + "\n")
            return setup
        }
    }

    /// A string literal for the few statements that take no parameters (role passwords).
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}

/// What `database init` did.
public struct DatabaseSetup: Sendable, Equatable {
    public var schemaVersion: Int
    public var createdSchema: Bool
    public var createdRole: Bool
    /// The version an existing schema was migrated from (nil: created, or already current).
    public var migratedFrom: Int? = nil
}
