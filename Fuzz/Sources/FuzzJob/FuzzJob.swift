import FuzzSupport
@_spi(Fuzz) import RemitIngest

/// The hand-kept inputs: one document read as JSON and as YAML, decoded as a register
/// (`RegisterLoader.decode`), a job (`JobConfigLoader`), mappings and exceptions.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJob(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for path in ["remit.json", "remit.yml"] {
        _ = try? FuzzEntryPoints.decodeJob(bytes, path: path)
        guard let document = try? Document.parse(bytes, path: path, source: path) else { continue }
        _ = try? RegisterLoader.decode(document.root, source: path)
        _ = try? MappingsLoader.decode(document.root, source: path)
        _ = try? ExceptionsLoader.decode(document.root, source: path)
    }
    return 0
}

/// The process's entry point in a debug build: libFuzzer's driver (`runFuzzer`).
@_cdecl("FuzzJob_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzJob)
}
