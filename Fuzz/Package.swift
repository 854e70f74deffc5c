// swift-tools-version:6.1
// libFuzzer targets for remit's readers. A package of its own, beside remit's: built only with
// `swift build -c release --sanitize=fuzzer --sanitize=address` (Scripts/fuzz), since a fuzz
// target has no `main` of its own (libFuzzer provides it) and would break a plain build.
import PackageDescription

let package = Package(
    name: "remit-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "remit", path: "..")],
    targets: [
        // What several targets share: writing an input to a file for the readers that stream one.
        .target(name: "FuzzSupport"),
    ] + ["FuzzFlowLine", "FuzzFastPath", "FuzzXML", "FuzzCatalog", "FuzzJob"].map { name in
        .executableTarget(
            name: name,
            dependencies: ["FuzzSupport", .product(name: "RemitIngest", package: "remit"), .product(name: "RemitCore", package: "remit")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
