import RemitCore

/// Entry points for the libFuzzer targets in `Fuzz/` (a package beside this one): the
/// internal readers they exercise, reachable without `@testable import` (which a release
/// build cannot use). Not API: only the fuzz targets import them, as `@_spi(Fuzz)`.
@_spi(Fuzz) public enum FuzzEntryPoints {
    /// One NDJSON flow line, decoded as `NDJSONReader` decodes each line: `JSONParser`, then
    /// `FlowRecordDecoder`.
    public static func decodeFlowLine(_ line: UnsafeBufferPointer<UInt8>) -> FlowRecordDecoder.Outcome {
        let location = SourceLocation(source: "fuzz.ndjson", line: 1)
        do {
            return FlowRecordDecoder.decode(try JSONParser.parse(line, firstLine: 1), location: location)
        } catch {
            return .rejected(RejectedRecord(location: location, reason: "invalid JSON: \(error.reason)"))
        }
    }

    /// A job file's bytes, decoded as `JobConfigLoader.load` decodes the file at `path`.
    public static func decodeJob(_ bytes: [UInt8], path: String) throws(InputError) -> JobConfig {
        let document = try Document.parse(bytes, path: path, source: path)
        return try JobConfigLoader.decode(document.root, path: path)
    }
}
