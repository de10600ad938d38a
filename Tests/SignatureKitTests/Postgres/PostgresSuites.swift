import Testing

/// The PostgreSQL suites run one after another (not beside each other): on two cores the cluster, its imports and the
/// spawned programs otherwise starve the browser and TLS tests that run at the same time.
@Suite(.serialized, .enabled(if: PostgresTestHost.isConfigured, "SIG_TEST_POSTGRES_URL names no server"))
enum PostgresSuites {}
