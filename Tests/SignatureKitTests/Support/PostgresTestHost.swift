import Foundation
import SignatureKit
import SignatureKitPostgres
import SignatureKitWeb

/// The test server: `SIG_TEST_POSTGRES_URL` is the owner's address of a throwaway database (`.ci/with-postgres.sh`).
/// The schema and the application's role are set up once per test run; every test then works as that role (no
/// owner, no BYPASSRLS) in a campaign of its own.
enum PostgresTestHost {
    static var ownerURL: String? { ProcessInfo.processInfo.environment["SIG_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    /// A login role with BYPASSRLS on the same database (`.ci/with-postgres.sh`; only a superuser can create it).
    static var bypassURL: String? { ProcessInfo.processInfo.environment["SIG_TEST_POSTGRES_BYPASS_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var isConfigured: Bool { ownerURL != nil }

    static let appRole = "sig_app_test"
    static let appPassword = "app-test-password"

    /// A second database of the same owner, for the migration test.
    static var migrateURL: String? {
        ProcessInfo.processInfo.environment["SIG_TEST_POSTGRES_MIGRATE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The application's address: the owner's with the app role and its password.
    static var appURL: String { appURL(for: ownerURL ?? "") }

    static func appURL(for owner: String) -> String {
        var c = URLComponents(string: owner) ?? URLComponents()
        c.user = appRole
        c.password = appPassword
        return c.string ?? ""
    }

    /// Set up once: schema, policies, role (idempotent, so a second run on the same server works too).
    private static let setUp = Task<PostgresServer, any Error> {
        guard let ownerURL else { throw SignatureKitError.invalidField(field: "SIG_TEST_POSTGRES_URL", reason: "nicht gesetzt") }
        let owner = try await PostgresServer.connect(url: ownerURL, maximumConnections: 2)
        _ = try await owner.initialize(appRole: appRole, appPassword: appPassword)
        await owner.shutdown()
        return try await PostgresServer.connect(url: appURL, maximumConnections: 40)
    }

    /// The application's pool, shared by every test of the run.
    static func server() async throws -> PostgresServer { try await setUp.value }

    /// A host serving the campaigns `ids` under /c/ID/ (as sig-web does; another instance is another process), their
    /// day fixed at the tests' today.
    static func campaignHost(serving ids: [String]) async throws -> CampaignHost {
        let server = try await server()
        return CampaignHost { id in
            guard ids.contains(id) else { return nil }
            let campaign = try await server.campaign(id, hostKey: nil)
            return WebApp(
                backend: campaign, sessions: SessionStore(store: campaign, campaign: id), today: { TestSupport.today },
                mount: CampaignHost.mount(id))
        }
    }

    /// A fresh campaign for the Krefeld election (meeting date 01.03.2025, as the SQLite backends of the contract).
    static func newCampaign(hostKey: HostKey? = nil) async throws -> PostgresCampaign {
        let id = "t-" + UUID().uuidString.lowercased().prefix(18)
        return try await server().createCampaign(
            id: String(id), election: TestSupport.election, title: "Test", meetingDate: TestSupport.day("2025-03-01"), hostKey: hostKey)
    }
}
