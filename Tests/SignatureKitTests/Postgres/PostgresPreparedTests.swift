import Foundation
import Testing

@testable import SignatureKitPostgres

extension PostgresSuites {
    /// Statements prepared once per connection (the hosted entry path): prepared on the server, and a failed
    /// preparation does not stay with the pooled connection.
    @Suite(.enabled(if: PostgresTestHost.isConfigured, "SIG_TEST_POSTGRES_URL names no server"))
    struct PostgresPreparedTests {
        enum ProbeStatement: PGStatementText {
            static let sql = "SELECT n FROM public.prepared_probe ORDER BY n"
        }

        @Test("A prepared statement that failed on a connection (its table missing) works once the table is there, on a pool of one connection")
        func failedPreparationIsNotKept() async throws {
            // One connection: without replacing it, postgres-nio would answer the second call with the first call's error.
            let server = try await PostgresServer.connect(url: try #require(PostgresTestHost.ownerURL), maximumConnections: 1)
            try await server.transaction(.host) { tx in try await tx.run("DROP TABLE IF EXISTS public.prepared_probe") }
            await #expect(throws: (any Error).self) { _ = try await server.single(ProbeStatement.self, []) }
            try await server.transaction(.host) { tx in
                try await tx.run("CREATE TABLE public.prepared_probe (n integer)")
                try await tx.run("INSERT INTO public.prepared_probe VALUES (42), (7)")
            }
            #expect(try await server.single(ProbeStatement.self, []).map { try $0.int(0) } == [7, 42])
            #expect(try await server.single(ProbeStatement.self, []).map { try $0.int(0) } == [7, 42])
            // Prepared on the server under its name, once.
            let prepared = try await server.transaction(.host) { tx in
                try await tx.rows("SELECT name FROM pg_prepared_statements WHERE name LIKE 'sig_%'").map { try $0.text(0) }
            }
            #expect(prepared == ["sig_ProbeStatement"])
            try await server.transaction(.host) { tx in try await tx.run("DROP TABLE public.prepared_probe") }
            await server.shutdown()
        }
    }
}
