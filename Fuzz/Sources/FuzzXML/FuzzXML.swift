import FuzzSupport
import RemitIngest

/// Both XML readers (flows and catalog) on the same bytes. They read files (libxml2 streams
/// from a descriptor), so the input is written to one temporary file per process first.
let input = FuzzInputFile("xml")
let path = input.path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    input.write(data, size)
    _ = try? FlowReader.read(path: path, source: "fuzz.xml", format: .xml) { outcome in
        if case .record(let flow) = outcome { _ = flow.dataCategories.count }
    }
    _ = try? CatalogLoader.decodeXML(path: path, source: "fuzz.xml", subprocessor: nil)
    _ = try? CatalogLoader.decodeXML(path: path, source: "fuzz.xml", subprocessor: "sp-fuzz")
    return 0
}

/// The process's entry point in a debug build: libFuzzer's driver (`runFuzzer`).
@_cdecl("FuzzXML_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzXML)
}
