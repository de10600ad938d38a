// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SignatureKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SignatureKit", targets: ["SignatureKit"]),
        .executable(name: "sig-cli", targets: ["sig-cli"]),
        .executable(name: "sig-report", targets: ["sig-report"]),
        .executable(name: "sig-bench", targets: ["sig-bench"]),
        .executable(name: "sig-fuzz", targets: ["sig-fuzz"]),
        .executable(name: "sig-web", targets: ["sig-web"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // The election data (districts/) travels as a resource bundle, so the default election
        // is found from any working directory.
        .target(
            name: "SignatureKitDistricts",
            path: "districts",
            exclude: ["README.md", "results"],
            resources: [.copy("elections")]
        ),
        // The domain: model, elections, rules, duplicate matching, seats, text. No database, no driver.
        .target(
            name: "SignatureKitDomain",
            dependencies: ["SignatureKitDistricts", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The campaign's storage (SQLite through GRDB), import, entry and reports, on top of the domain.
        .target(
            name: "SignatureKit",
            dependencies: [
                "SignatureKitDistricts", "SignatureKitDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The hosted backend: many campaigns in one PostgreSQL database (row-level security, one writer per campaign).
        .target(
            name: "SignatureKitPostgres",
            dependencies: [
                "SignatureKitDomain", "SignatureKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // What both programs share: German error lines, --db/--election, date options.
        .target(
            name: "SigCommandSupport",
            dependencies: [
                "SignatureKit", "SignatureKitPostgres", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "sig-cli",
            dependencies: [
                "SignatureKit", "SignatureKitPostgres", "SigCommandSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "sig-report",
            dependencies: [
                "SignatureKit", "SigCommandSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "sig-bench",
            dependencies: [
                "SignatureKit", "SignatureKitWeb", "SignatureKitPostgres", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                // The load test's client: one NIO connection per simulated volunteer.
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // The team's web server: JSON API with accounts, roles, sessions and CSRF (issue 8, first part).
        .target(
            name: "SignatureKitWeb",
            dependencies: [
                "SignatureKit", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // HTTPS without a proxy (--tls-cert/--tls-key), on swift-nio-ssl.
                .product(name: "HummingbirdTLS", package: "hummingbird"),
            ],
            // The pages and their small scripts, served as files (no inline script, no npm).
            resources: [.copy("Public")]
        ),
        .executableTarget(
            name: "sig-web",
            dependencies: [
                "SignatureKitWeb", "SignatureKit", "SignatureKitPostgres", "SigCommandSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzzing the readers of outside files with a generated corpus of mutated files (README).
        .target(name: "SignatureKitFuzzing", dependencies: ["SignatureKit"]),
        .executableTarget(name: "sig-fuzz", dependencies: ["SignatureKit", "SignatureKitFuzzing"]),
        .testTarget(
            name: "SignatureKitTests",
            dependencies: [
                "SignatureKit", "SignatureKitDomain", "SignatureKitFuzzing", "SignatureKitPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"), "SignatureKitWeb",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
