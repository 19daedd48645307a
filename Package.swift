// swift-tools-version:6.0
// Gisement: an offline-first sync server and field client for reuse and repair networks.
// No package dependencies by design: system C libraries come in through system-library targets.
import PackageDescription

let package = Package(
    name: "Gisement",
    products: [
        .executable(name: "gisement", targets: ["gisement"]),
        .executable(name: "gisement-server", targets: ["gisement-server"]),
        .executable(name: "gisement-bench", targets: ["gisement-bench"]),
        .library(name: "GisementShared", targets: ["GisementShared"]),
        .library(name: "GisementSQLite", targets: ["GisementSQLite"]),
        .library(name: "GisementClient", targets: ["GisementClient"]),
        .library(name: "GisementHTTP", targets: ["GisementHTTP"]),
        .library(name: "GisementServer", targets: ["GisementServer"]),
    ],
    targets: [
        // C libraries of the base system.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres"),

        // Pure domain code: models, schema, clocks, merge, wire codec, report. No I/O.
        // libm is linked explicitly: rounding functions need it when Foundation is not around to bring it.
        .target(name: "GisementShared", path: "Shared", linkerSettings: [.linkedLibrary("m")]),

        // The SQLite layer used by both sides; knows nothing of the domain.
        .target(name: "GisementSQLite", dependencies: ["CSQLite"], path: "Sources/GisementSQLite"),

        // The PostgreSQL layer (libpq): connections, parameters, rows; knows nothing of the domain.
        .target(name: "GisementPostgres", dependencies: ["CPostgres"], path: "Sources/GisementPostgres"),

        // gzip through zlib, bounded when inflating; both programs use it.
        .target(name: "GisementGzip", dependencies: ["CZlib"], path: "Sources/GisementGzip"),

        // The command-line toolkit both programs use: parsing, help, console, exit statuses.
        .target(name: "GisementCommandLine", dependencies: ["GisementShared"], path: "Sources/GisementCommandLine"),

        // The local replica, the sync client and the `gisement` command line.
        .target(
            name: "GisementClient",
            dependencies: ["GisementShared", "GisementSQLite", "GisementGzip", "GisementCommandLine"],
            path: "Client"
        ),

        // Sockets, HTTP/1.1 and routing: knows nothing of records (the server's domain builds on it).
        .target(
            name: "GisementHTTP",
            dependencies: ["GisementGzip"],
            path: "Server",
            sources: ["Socket", "HTTP", "Routing"]
        ),

        // The server's API, store, merge and session logs, auth and command line.
        .target(
            name: "GisementServer",
            dependencies: [
                "GisementHTTP", "GisementShared", "GisementSQLite", "GisementGzip", "GisementPostgres", "GisementCommandLine",
                "CCrypto",
            ],
            path: "Server",
            exclude: ["Socket", "HTTP", "Routing"]
        ),

        // Thin executables.
        .executableTarget(
            name: "gisement", dependencies: ["GisementClient", "GisementCommandLine"], path: "Sources/gisement"),
        .executableTarget(
            name: "gisement-server", dependencies: ["GisementServer", "GisementCommandLine"],
            path: "Sources/gisement-server"),
        .executableTarget(
            name: "gisement-bench",
            // TestSupport for its throwaway PostgreSQL cluster (`--store postgres`, the servers scenario).
            dependencies: [
                "GisementShared", "GisementSQLite", "GisementClient", "GisementServer", "GisementPostgres", "CSQLite",
                "TestSupport",
            ],
            path: "Sources/gisement-bench"
        ),

        // Tests: one target per module, plus end-to-end tests that spawn the binaries.
        // Helpers shared by the test targets: temporary folders, seeded randomness, a throwaway PostgreSQL cluster,
        // valid changes for raw pushes.
        .target(name: "TestSupport", dependencies: ["GisementPostgres", "GisementShared"], path: "Tests/TestSupport"),
        .testTarget(name: "SharedTests", dependencies: ["GisementShared", "TestSupport"], path: "Tests/SharedTests"),
        .testTarget(
            name: "PostgresTests", dependencies: ["GisementPostgres", "TestSupport"], path: "Tests/PostgresTests"),
        .testTarget(name: "CommandLineTests", dependencies: ["GisementCommandLine"], path: "Tests/CommandLineTests"),
        .testTarget(name: "GzipTests", dependencies: ["GisementGzip"], path: "Tests/GzipTests"),
        .testTarget(name: "SQLiteTests", dependencies: ["GisementSQLite", "TestSupport"], path: "Tests/SQLiteTests"),
        .testTarget(
            name: "ClientTests",
            dependencies: [
                "GisementClient", "GisementCommandLine", "GisementShared", "GisementSQLite", "TestSupport", "gisement",
            ],
            path: "Tests/ClientTests"),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "GisementHTTP", "GisementServer", "GisementCommandLine", "GisementShared", "GisementSQLite", "GisementGzip",
                "GisementPostgres", "TestSupport", "gisement-server",
            ],
            path: "Tests/ServerTests"),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "GisementShared", "GisementClient", "GisementHTTP", "GisementServer", "GisementGzip", "TestSupport", "gisement",
                "gisement-server",
            ],
            path: "Tests/EndToEndTests"),
    ],
    swiftLanguageModes: [.v6]
)
