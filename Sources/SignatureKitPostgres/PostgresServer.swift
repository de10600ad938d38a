import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import SignatureKitDomain

/// A connection pool to one PostgreSQL database (the host's database of all campaigns), with the one helper every
/// statement goes through: a transaction that sets the campaign for itself only (`set_config(…, true)`), and for a
/// write takes the campaign's advisory lock first (the one-writer contract of the ports).
public final class PostgresServer: Sendable {
    let client: PostgresClient
    private let runner: Task<Void, Never>
    let logger: Logger
    /// The address without the password, for messages (`127.0.0.1:5432/sig`).
    public let display: String
    /// The role the pool logs in as.
    public let role: String

    /// The lock namespace of the per-campaign writer lock (`pg_advisory_xact_lock(namespace, campaign)`).
    static let lockNamespace: Int32 = 0x5349_4701 & 0x7FFF_FFFF

    private init(client: PostgresClient, runner: Task<Void, Never>, logger: Logger, display: String, role: String) {
        self.client = client
        self.runner = runner
        self.logger = logger
        self.display = display
        self.role = role
    }

    /// The parts of a `postgres://user:password@host:port/database` address.
    public struct Address: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var user: String
        public var password: String?
        public var database: String

        /// Parses a URL; the message names the option and never repeats a password.
        public init(url: String) throws {
            guard let c = URLComponents(string: url), ["postgres", "postgresql"].contains(c.scheme ?? ""), let host = c.host, !host.isEmpty,
                let user = c.user, !user.isEmpty
            else {
                throw SignatureKitError.invalidField(
                    field: "--database-url", reason: "keine PostgreSQL-Adresse (Form: postgres://ROLLE:PASSWORT@HOST:PORT/DATENBANK)")
            }
            self.host = host
            port = c.port ?? 5432
            self.user = user.removingPercentEncoding ?? user
            password = c.password.map { $0.removingPercentEncoding ?? $0 }
            let path = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
            database = path.isEmpty ? self.user : path
        }

        public var display: String { "\(host):\(port)/\(database)" }
    }

    /// Connects, checks the login with one query, and starts the pool. Unreachable servers, refused logins and a
    /// missing database are German ``SignatureKitError`` values.
    public static func connect(url: String, maximumConnections: Int = 20) async throws -> PostgresServer {
        let address = try Address(url: url)
        var logger = Logger(label: "signaturekit.postgres")
        // Statements carry personal data in their binds: the driver logs nothing below errors.
        logger.logLevel = .critical
        var connectionConfig = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password, database: address.database,
            tls: .disable)
        connectionConfig.options.connectTimeout = .seconds(5)
        // One plain connection first: its error says at once what is wrong (the pool would retry in the background).
        do {
            let probe = try await PostgresConnection.connect(configuration: connectionConfig, id: 0, logger: logger)
            try? await probe.close()
        } catch {
            throw Self.connectError(error, address: address)
        }
        var config = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password, database: address.database,
            tls: .disable)
        config.options.maximumConnections = maximumConnections
        config.options.connectTimeout = .seconds(5)
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        let runner = Task { await client.run() }
        return PostgresServer(client: client, runner: runner, logger: logger, display: address.display, role: address.user)
    }

    /// Stops the pool (its connections close).
    public func shutdown() async {
        runner.cancel()
        _ = await runner.value
    }

    static func connectError(_ error: any Error, address: Address) -> SignatureKitError {
        if let e = error as? PSQLError, let state = e.serverInfo?[.sqlState] {
            switch state {
            case "28P01", "28000": return .serverLoginFailed(server: address.display, role: address.user)
            case "3D000": return .serverUnreachable(server: address.display, reason: "die Datenbank „\(address.database)“ gibt es nicht")
            default: return .serverFailure(server: address.display, state: state)
            }
        }
        if let e = error as? PSQLError, e.code == .authMechanismRequiresPassword {
            return .serverLoginFailed(server: address.display, role: address.user)
        }
        return .serverUnreachable(server: address.display, reason: "keine Verbindung")
    }

    /// A maintenance statement that cannot run in a transaction (`VACUUM ANALYZE sig.sheet` after a bulk load), as
    /// the database's owner.
    public func maintenance(_ sql: String) async throws {
        do {
            try await client.withConnection { connection in
                try await PGTransaction(connection: connection, logger: logger, server: display).run(sql)
            }
        } catch let error as PSQLError {
            throw mapped(error)
        }
    }

    /// One statement in its own implicit transaction (the hot per-request read through `sig.live_session`, which
    /// sets its campaign itself, for that statement only).
    func single<Text: PGStatementText>(_ text: Text.Type, _ values: [PGValue]) async throws -> [PGRow] {
        do {
            return try await client.withConnection { connection in
                try await PGTransaction(connection: connection, logger: logger, server: display).rows(text, values)
            }
        } catch let error as PSQLError {
            throw mapped(error)
        }
    }

    // MARK: Transactions

    /// The kind of transaction: a campaign's write (campaign set, its lock taken), a campaign's read (a snapshot,
    /// read-only), or the host's own work (no campaign: the registry only).
    enum Scope {
        case write(campaign: Int32)
        case read(campaign: Int32)
        case host
    }

    /// Runs `body` in one transaction on a pooled connection. The campaign is set with `set_config(…, true)`, so it
    /// ends with the transaction and a pooled connection never carries it over. Server errors become German
    /// ``SignatureKitError`` values; a serialization failure or deadlock (which the lock should prevent) is retried.
    func transaction<T: Sendable>(_ scope: Scope, _ body: (PGTransaction) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    let tx = PGTransaction(connection: connection, logger: logger, server: display)
                    switch scope {
                    case .write(let campaign):
                        try await tx.run("BEGIN ISOLATION LEVEL READ COMMITTED")
                        do {
                            try await tx.run(
                                "SELECT set_config('sig.campaign', $1, true), pg_advisory_xact_lock(\(Self.lockNamespace), $2)",
                                [.text(String(campaign)), .int32(campaign)])
                        } catch {
                            try? await tx.run("ROLLBACK")
                            throw error
                        }
                    case .read(let campaign):
                        try await tx.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                        do {
                            try await tx.run("SELECT set_config('sig.campaign', $1, true)", [.text(String(campaign))])
                        } catch {
                            try? await tx.run("ROLLBACK")
                            throw error
                        }
                    case .host:
                        try await tx.run("BEGIN")
                    }
                    do {
                        let result = try await body(tx)
                        try await tx.run("COMMIT")
                        return result
                    } catch {
                        try? await tx.run("ROLLBACK")
                        throw error
                    }
                }
            } catch let error as PSQLError {
                let state = error.serverInfo?[.sqlState] ?? ""
                if ["40001", "40P01"].contains(state) && attempt < 5 { continue }
                throw mapped(error)
            }
        }
    }

    func mapped(_ error: PSQLError) -> SignatureKitError {
        guard let state = error.serverInfo?[.sqlState] else {
            return .serverUnreachable(server: display, reason: "Verbindung unterbrochen")
        }
        switch state {
        case "3F000", "42P01": return .serverNotInitialized(server: display)
        case "53100": return .diskFull(path: display)
        default: return .serverFailure(server: display, state: state)
        }
    }
}

/// A value bound to a statement.
enum PGValue: Sendable {
    case text(String?)
    case int(Int?)
    case int32(Int32)
    case bigint(Int64?)
    case bool(Bool)
    case double(Double)
    case texts([String])
    case bigints([Int64])
    case doubles([Double])
    case bools([Bool])
}

/// One transaction's connection: statements with `$n` placeholders, rows read whole (every row sequence drained, so
/// the pool gets its connection back and postgres-nio's command-tag path is never taken).
struct PGTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    let server: String

    /// A statement with its values encoded: built ahead (while the connection is busy with the statement before it),
    /// run later with ``run(_:)``.
    static func query(_ sql: String, _ values: [PGValue]) throws -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: try bindings(values))
    }

    static func bindings(_ values: [PGValue]) throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .text(let v): try binds.append(v)
            case .int(let v): try binds.append(v.map(Int64.init))
            case .int32(let v): try binds.append(v)
            case .bigint(let v): try binds.append(v)
            case .bool(let v): try binds.append(v)
            case .double(let v): try binds.append(v)
            case .texts(let v): try binds.append(v)
            case .bigints(let v): try binds.append(v)
            case .doubles(let v): try binds.append(v)
            case .bools(let v): binds.append(v)
            }
        }
        return binds
    }

    /// Runs a statement and drains what it returns.
    func run(_ sql: String, _ values: [PGValue] = []) async throws {
        try await run(try Self.query(sql, values))
    }

    /// Runs a statement built ahead by ``query(_:_:)`` and drains what it returns.
    func run(_ query: PostgresQuery) async throws {
        for try await _ in try await connection.query(query, logger: logger) {}
    }

    /// Several statements, one after the other (the extended protocol takes one statement per query), split as
    /// ``statements(of:)`` says.
    func runScript(_ sql: String) async throws {
        for statement in Self.statements(of: sql) { try await run(statement) }
    }

    /// The statements of a script: each ends with a semicolon at the end of a line, except inside a function's body
    /// between `$$` (the body's own lines end with semicolons too).
    static func statements(of sql: String) -> [String] {
        var out: [String] = []
        var pending = ""
        for part in sql.components(separatedBy: ";\n") {
            pending += pending.isEmpty ? part : ";\n" + part
            guard pending.components(separatedBy: "$$").count % 2 == 1 else { continue }
            let trimmed = pending.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { out.append(trimmed.hasSuffix(";") ? String(trimmed.dropLast()) : trimmed) }
            pending = ""
        }
        return out
    }

    /// All rows of a query.
    func rows(_ sql: String, _ values: [PGValue] = []) async throws -> [PostgresRandomAccessRow] {
        var out: [PostgresRandomAccessRow] = []
        for try await row in try await connection.query(try Self.query(sql, values), logger: logger) { out.append(row.makeRandomAccess()) }
        return out
    }

    /// All rows of a statement prepared once per connection (see ``PGStatementText``). Should it fail, the
    /// connection is closed: postgres-nio keeps a failed preparation for the connection's lifetime, so the pool is
    /// made to open a fresh one (the transaction fails either way).
    func rows<Text: PGStatementText>(_ text: Text.Type, _ values: [PGValue] = []) async throws -> [PostgresRandomAccessRow] {
        do {
            var out: [PostgresRandomAccessRow] = []
            for try await row in try await connection.execute(PGPrepared<Text>(values: values), logger: logger) { out.append(row) }
            return out
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The first row of a query, or `nil`.
    func row(_ sql: String, _ values: [PGValue] = []) async throws -> PostgresRandomAccessRow? {
        try await rows(sql, values).first
    }

    /// Each row handed to `body` as it arrives (long scans: the full pass, verifying the chain).
    func forEach(_ sql: String, _ values: [PGValue] = [], _ body: (PostgresRandomAccessRow) throws -> Void) async throws {
        for try await row in try await connection.query(try Self.query(sql, values), logger: logger) { try body(row.makeRandomAccess()) }
    }
}

typealias PGRow = PostgresRandomAccessRow

/// The text of a statement that the web entry runs for every sheet or request: prepared once per connection (postgres-nio
/// keeps prepared statements by name per connection), so PostgreSQL parses it once and, once it takes the generic
/// plan, plans it once – as unnamed statements, parsing and planning the entry's statement took 1.3 of its 1.7 ms on
/// the server. Its parameters keep their types from call to call (the first call's types are the statement's).
protocol PGStatementText: Sendable {
    static var sql: String { get }
}

struct PGPrepared<Text: PGStatementText>: PostgresPreparedStatement {
    typealias Row = PostgresRandomAccessRow
    static var name: String { "sig_" + String(describing: Text.self) }
    static var sql: String { Text.sql }
    let values: [PGValue]
    func makeBindings() throws -> PostgresBindings { try PGTransaction.bindings(values) }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRandomAccessRow { row.makeRandomAccess() }
}

extension PostgresRandomAccessRow {
    func text(_ i: Int) throws -> String { try self[i].decode(String.self) }
    func optionalText(_ i: Int) throws -> String? { try self[i].decode(String?.self) }
    func int(_ i: Int) throws -> Int { Int(try self[i].decode(Int64.self)) }
    func optionalInt(_ i: Int) throws -> Int? { try self[i].decode(Int64?.self).map(Int.init) }
    func int64(_ i: Int) throws -> Int64 { try self[i].decode(Int64.self) }
    func optionalInt64(_ i: Int) throws -> Int64? { try self[i].decode(Int64?.self) }
    func bool(_ i: Int) throws -> Bool { try self[i].decode(Bool.self) }
    func double(_ i: Int) throws -> Double { try self[i].decode(Double.self) }
}
