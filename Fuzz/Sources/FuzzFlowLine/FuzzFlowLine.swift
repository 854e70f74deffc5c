import FuzzSupport
@_spi(Fuzz) import RemitIngest

/// One NDJSON flow line through `JSONParser` and `FlowRecordDecoder`, as `NDJSONReader`
/// decodes every line of a flow file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlowLine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let line = UnsafeBufferPointer(start: data, count: size)
    switch FuzzEntryPoints.decodeFlowLine(line) {
    case .record(let flow):
        // Touch what the reconciler reads, so a malformed value would surface here.
        _ = (flow.customer?.utf8.count, flow.destination?.lowercased(), flow.dataCategories.count, flow.count)
    case .rejected(let rejected):
        _ = rejected.reason.utf8.count
    }
    return 0
}

/// The process's entry point in a debug build: libFuzzer's driver (`runFuzzer`).
@_cdecl("FuzzFlowLine_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzFlowLine)
}
