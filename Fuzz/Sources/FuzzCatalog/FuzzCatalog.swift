import FuzzSupport
import RemitIngest

/// A catalog document read as JSON and as YAML (`Document.parse`, which picks the parser by
/// the file name), then decoded by `CatalogLoader.decode`, with and without `subprocessor:`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCatalog(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for path in ["catalog.json", "catalog.yml"] {
        guard let document = try? Document.parse(bytes, path: path, source: path) else { continue }
        _ = try? CatalogLoader.decode(document.root, source: path, subprocessor: nil)
        _ = try? CatalogLoader.decode(document.root, source: path, subprocessor: "sp-fuzz")
    }
    return 0
}

/// The process's entry point in a debug build: libFuzzer's driver (`runFuzzer`).
@_cdecl("FuzzCatalog_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzCatalog)
}
