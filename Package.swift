// swift-tools-version:6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "remit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "remit", targets: ["remit"]),
        .library(name: "RemitCore", targets: ["RemitCore"]),
        .library(name: "RemitPipeline", targets: ["RemitPipeline"]),
        // For the fuzz targets in Fuzz/, which fuzz the readers directly.
        .library(name: "RemitIngest", targets: ["RemitIngest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Native libraries, reached only through small C shims.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CXMLReader", dependencies: ["CLibXML2"]),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        .target(name: "CPlatform"),
        // gzip bodies decoded by remit, not libcurl, so that a cut-off one is caught.
        .target(name: "CInflate", linkerSettings: [.linkedLibrary("z")]),

        // The pure core: model, taxonomy, reconciliation. No I/O.
        .target(name: "RemitCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Reading every input format into the core model.
        .target(
            name: "RemitIngest",
            dependencies: [
                "RemitCore", "CXMLReader",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/taxonomy.yml")]
        ),
        // Getting source bytes: files now, HTTP(S) through libcurl.
        .target(
            name: "RemitFetch",
            dependencies: ["RemitCore", "CCurlShim", "CInflate", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Writing every output: JSON, CSV, JUnit, manifest, HTML.
        .target(
            name: "RemitReport",
            dependencies: [
                "RemitCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")]
        ),
        // Run history and state in embedded SQLite.
        .target(
            name: "RemitState",
            dependencies: [
                "RemitCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The `remit run` / `remit check` stages wired together.
        .target(
            name: "RemitPipeline",
            dependencies: [
                "RemitCore", "RemitIngest", "RemitFetch", "RemitReport", "RemitState", "CPlatform",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Starter")]
        ),
        .executableTarget(
            name: "remit",
            dependencies: [
                "RemitPipeline", "RemitCore", "RemitReport", "CPlatform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "RemitCoreTests", dependencies: ["RemitCore"]),
        .testTarget(name: "RemitIngestTests", dependencies: ["RemitIngest", "RemitCore"]),
        .testTarget(name: "RemitFetchTests", dependencies: ["RemitFetch"], exclude: ["Server"]),
        .testTarget(
            name: "RemitReportTests",
            dependencies: [
                "RemitReport", "RemitCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .testTarget(name: "RemitStateTests", dependencies: ["RemitState", "RemitCore"]),
        .testTarget(name: "RemitEndToEndTests", dependencies: ["RemitPipeline", "RemitCore", "RemitIngest", "RemitReport"]),
    ]
)

for target in package.targets where target.type != .system && !target.name.hasPrefix("C") {
    target.swiftSettings = (target.swiftSettings ?? []) + upcoming
}

// Sanitized builds (Scripts/sanitize, Scripts/fuzz): REMIT_SANITIZE=address, thread or
// fuzzer,address. Only remit's own targets are instrumented, in the plain build's folder, so the
// dependencies are not built again (the next plain build rebuilds remit's targets). With fuzzer,
// the libFuzzer targets in Fuzz/ are added: they have no `main` of their own and would not link
// in a plain build.
if let sanitizers = Context.environment["REMIT_SANITIZE"], !sanitizers.isEmpty {
    precondition(
        ["address", "thread", "fuzzer,address"].contains(sanitizers),
        "REMIT_SANITIZE is address, thread or fuzzer,address, not \(sanitizers)"
    )
    let list = sanitizers.split(separator: ",").map(String.init)
    let fuzzTargets = ["FuzzFlowLine", "FuzzFastPath", "FuzzXML", "FuzzCatalog", "FuzzJob"]
    if list.contains("fuzzer") {
        package.targets += [
            .target(name: "CFuzzerDriver", path: "Fuzz/Sources/CFuzzerDriver"),
            // What the targets share: libFuzzer's driver, an input written to a file.
            .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"], path: "Fuzz/Sources/FuzzSupport"),
        ] + fuzzTargets.map { name in
            .executableTarget(
                name: name,
                dependencies: ["FuzzSupport", "RemitIngest", "RemitCore"],
                path: "Fuzz/Sources/\(name)",
                swiftSettings: [.unsafeFlags(["-parse-as-library"])],
                linkerSettings: [.unsafeFlags(["-sanitize=\(sanitizers)"])]
            )
        }
    }
    // The runtime libFuzzer brings is linked into the fuzz targets only; the rest links the
    // sanitizers' runtime, which answers the coverage calls of code built for fuzzing.
    let runtime = list.filter { $0 != "fuzzer" }.joined(separator: ",")
    for target in package.targets where target.type != .system {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-sanitize=\(sanitizers)"])]
        target.cSettings = (target.cSettings ?? []) + [.unsafeFlags(["-fsanitize=\(sanitizers)"])]
        if target.type == .test || (target.type == .executable && !fuzzTargets.contains(target.name)) {
            target.linkerSettings = (target.linkerSettings ?? []) + [.unsafeFlags(["-sanitize=\(runtime)"])]
        }
    }
}
