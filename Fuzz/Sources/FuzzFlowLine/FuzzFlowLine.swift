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
