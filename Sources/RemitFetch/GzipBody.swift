import CInflate

/// A 2xx body sent with `Content-Encoding: gzip`, decoded into its `BodySink` as it arrives.
/// remit decodes it, not libcurl (which stops quietly where the bytes stop): a body cut off
/// before its gzip stream ends, even one whose only end was the connection's close, is a
/// failed transfer, as an export cut off half-way is (`isComplete`).
final class GzipBody {
    private let state: OpaquePointer

    /// nil when zlib cannot be set up.
    init?() {
        guard let state = remit_inflate_new() else { return nil }
        self.state = state
    }

    deinit { remit_inflate_free(state) }

    enum Outcome { case written, corrupt, refused }

    /// Decodes `data` into `sink`; `refused` when the sink stopped taking bytes (its limit,
    /// a write error: it says which).
    func write(_ data: UnsafeRawBufferPointer, to sink: BodySink) -> Outcome {
        guard let base = data.baseAddress else { return .written }
        let status = withExtendedLifetime(sink) {
            remit_inflate_feed(state, base.assumingMemoryBound(to: UInt8.self), data.count, { context, bytes, count in
                let sink = Unmanaged<BodySink>.fromOpaque(context!).takeUnretainedValue()
                return sink.write(UnsafeRawBufferPointer(start: bytes, count: count)) ? 1 : 0
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        switch Int(status) {
        case Int(REMIT_INFLATE_OK): return .written
        case Int(REMIT_INFLATE_STOPPED): return .refused
        default: return .corrupt
        }
    }

    /// Whether the body so far is whole: ending where a gzip member ends.
    var isComplete: Bool { remit_inflate_is_complete(state) != 0 }
}
