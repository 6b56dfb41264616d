// swift-tools-version:6.1
import PackageDescription

/// One list of language settings for every target, so the whole code base reads the same way.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "tributary",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tributary", targets: ["tributary"]),
        .library(name: "SandboxOrg", targets: ["SandboxOrg"]),
        .library(name: "SOQL", targets: ["SOQL"]),
        .library(name: "SalesforceKit", targets: ["SalesforceKit"]),
        .library(name: "Warehouse", targets: ["Warehouse"]),
        .library(name: "Sync", targets: ["Sync"]),
        .library(name: "Analytics", targets: ["Analytics"]),
        .library(name: "WebApp", targets: ["WebApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // One reader for configuration from the environment and an optional JSON file, with
        // secrets redacted: Apple's, and the way the server ecosystem is heading.
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // Prometheus text format for /metrics, from a registry owned by the app (no global state).
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // SOQL is its own concept: a lexer, parser and evaluator that the sandbox org serves
        // queries with, and that the sync engine can use to check the queries it builds.
        .target(name: "SOQL", swiftSettings: swiftSettings),
        // Rows is the shape of records between the wire and the warehouse (text spans in one
        // buffer), shared by SalesforceKit (which fills it) and Warehouse (which binds it).
        .target(name: "Rows", swiftSettings: swiftSettings),
        // WebForms: form and query-string decoding and HTML escaping, which the web app and the
        // sandbox org's sign-in pages share (neither may depend on the other).
        .target(name: "WebForms", swiftSettings: swiftSettings),
        .target(
            name: "SalesforceKit",
            dependencies: [
                "Rows", "SOQL",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                // AsyncHTTPClient's own inflater (already in its graph): gzip bodies decoded as they stream.
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Warehouse",
            dependencies: [
                "Rows", "SOQL",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The load path binds fields with the SQLite C API that GRDB is built on.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // The PostgreSQL warehouse: a connection pool, COPY FROM STDIN, async queries.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Sync",
            dependencies: [
                "Rows", "SOQL", "SalesforceKit", "Warehouse",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Analytics turns the warehouse's sf_ tables into answers with SQL that also runs on
        // PostgreSQL; it knows the warehouse only through its protocol.
        .target(name: "Analytics", dependencies: ["Rows", "SOQL", "Warehouse"], swiftSettings: swiftSettings),
        .target(
            name: "SandboxOrg",
            dependencies: [
                "SOQL", "WebForms",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WebApp",
            dependencies: [
                "Sync", "SalesforceKit", "Warehouse", "Analytics", "WebForms",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // The app's state in a PostgreSQL warehouse's database, on the warehouse's pool.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tributary",
            dependencies: [
                "SandboxOrg", "SalesforceKit", "Warehouse", "Sync", "WebApp", "Analytics",
                .product(name: "Hummingbird", package: "hummingbird"),
                // `serve` runs its services in one ServiceGroup with graceful shutdown on SIGTERM.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // What several test targets share: a sandbox org on a free port, and its sign-in pages.
        .target(
            name: "SandboxTestSupport",
            dependencies: [
                "SandboxOrg", "SalesforceKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/SandboxTestSupport",
            swiftSettings: swiftSettings
        ),
        // What the warehouse-backed test targets share: the backends to run against, and a fresh
        // warehouse of each (PostgreSQL in a schema of its own on the test server).
        .target(
            name: "WarehouseTestSupport",
            dependencies: ["Warehouse"],
            path: "Tests/WarehouseTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SOQLTests", dependencies: ["SOQL"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WebAppTests",
            dependencies: ["SandboxTestSupport", "WarehouseTestSupport",
                "WebApp", "Sync", "SalesforceKit", "Warehouse", "SandboxOrg",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "RowsTests", dependencies: ["Rows"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SalesforceKitTests",
            dependencies: ["SandboxTestSupport", 
                "SalesforceKit", "SandboxOrg", "Rows",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WarehouseTests",
            dependencies: ["Warehouse", "WarehouseTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "SandboxTestSupport", "WarehouseTestSupport", "Sync", "SalesforceKit", "Warehouse", "SandboxOrg",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AnalyticsTests",
            dependencies: ["SandboxTestSupport", "WarehouseTestSupport",
                "Analytics", "Warehouse", "Sync", "SalesforceKit", "SandboxOrg",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SandboxOrgTests",
            dependencies: [
                "SandboxOrg", "WebForms",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
