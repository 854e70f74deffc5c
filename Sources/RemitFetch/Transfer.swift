import CCurlShim
import Foundation

/// One HTTP(S) GET: the request…
struct TransferRequest: Sendable {
    var url: String
    /// `Name: value` lines. They may carry credentials: never logged, never in an error.
    var headerLines: [String]
    var ifNoneMatch: String?
    var ifModifiedSince: String?
    /// Where the body goes as it arrives (created here, must not exist).
    var bodyPath: String
    var policy: FetchPolicy
    var classify: @Sendable (String, Int) -> AddressScope
    /// The verdict on the source's first address, shared by every attempt of one fetch.
    var origin: OriginPin
}

/// …its response (any HTTP status; a 503 is a successful transfer to libcurl)…
struct TransferResponse: Sendable {
    var status: Int
    var etag: String?
    var lastModified: String?
    var finalURL: String?
    /// The server's `Retry-After`, in seconds.
    var retryAfter: Double?
    /// The body written to `bodyPath` (2xx responses only; other bodies are discarded).
    var body: BodyDigest
}

/// …or why there is none.
struct TransferFailure: Error, Sendable {
    var reason: String
    /// Whether another attempt may succeed (connection errors, timeouts).
    var retryable: Bool
}

/// Runs transfers with libcurl, each on a dedicated thread so that the blocking
/// `curl_easy_perform` never occupies Swift's cooperative pool.
enum Transfer {
    static func run(_ request: TransferRequest) async -> Result<TransferResponse, TransferFailure> {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: perform(request)) }
            thread.name = "remit-fetch"
            thread.start()
        }
    }

    /// One blocking transfer with one easy handle.
    static func perform(_ request: TransferRequest) -> Result<TransferResponse, TransferFailure> {
        let policy = request.policy
        guard let sink = BodySink(path: request.bodyPath, limit: policy.maxBytes) else {
            return .failure(TransferFailure(reason: "cannot create \(request.bodyPath) in the cache: \(String(cString: strerror(errno)))", retryable: false))
        }
        guard let easy = CurlEasy() else {
            return .failure(TransferFailure(reason: "libcurl could not be initialized", retryable: false))
        }
        let context = TransferContext(sink: sink, guard: HopGuard(classify: request.classify, origin: request.origin), handle: easy.handle)
        let code = withExtendedLifetime(context) {
            configureAndPerform(easy, request, context: Unmanaged.passUnretained(context).toOpaque())
        }
        sink.close()
        if code != CURLE_OK {
            return .failure(failure(code, easy: easy, context: context, policy: policy))
        }
        if let problem = sink.problem {
            return .failure(TransferFailure(reason: "cannot write the cache: \(problem)", retryable: false))
        }
        // A kept gzip body must end where its gzip stream does; one of no bytes at all (the
        // connection closed before the first) never set an encoding up, and is cut off too.
        let status = easy.long(CURLINFO_RESPONSE_CODE) ?? 0
        let gzipWhole: Bool? = switch context.encoding {
        case .gzip(let body)?: body.isComplete
        case nil where (200..<300).contains(status) && status != 204 && context.announcesGzip: false
        default: nil
        }
        if gzipWhole == false {
            return .failure(TransferFailure(reason: "the gzip-encoded body ends before its gzip stream does: cut off in transit", retryable: true))
        }
        let retryAfter = easy.offset(CURLINFO_RETRY_AFTER).flatMap { $0 > 0 ? Double($0) : nil }
        return .success(TransferResponse(
            status: status, etag: easy.responseHeader("ETag"),
            lastModified: easy.responseHeader("Last-Modified"), finalURL: easy.string(CURLINFO_EFFECTIVE_URL),
            retryAfter: retryAfter, body: sink.digest))
    }

    private static func configureAndPerform(_ easy: CurlEasy, _ request: TransferRequest, context: UnsafeMutableRawPointer) -> CURLcode {
        do {
            try configure(easy, request, context: context)
        } catch {
            return error.code
        }
        return easy.perform()
    }

    private static func configure(_ easy: CurlEasy, _ request: TransferRequest, context: UnsafeMutableRawPointer) throws(CurlEasy.SetupError) {
        let policy = request.policy
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        // An https source stays https: a redirect to plain http would hand in a body no TLS
        // vouched for.
        let https = request.url.prefix(8).lowercased() == "https://"
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, 1)
        try easy.set(CURLOPT_MAXREDIRS, policy.maxRedirects)
        try easy.set(CURLOPT_UNRESTRICTED_AUTH, 0)   // Authorization and Cookie stay with the first host
        try easy.set(CURLOPT_CONNECTTIMEOUT, policy.connectTimeoutSeconds)
        try easy.set(CURLOPT_TIMEOUT, policy.timeoutSeconds)
        try easy.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        try easy.set(CURLOPT_LOW_SPEED_TIME, policy.stallSeconds)
        try easy.set(CURLOPT_SSL_VERIFYPEER, 1)
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = policy.caFile { try easy.set(CURLOPT_CAINFO, caFile) }
        try easy.set(CURLOPT_USERAGENT, policy.userAgent)
        // gzip, decoded by remit (`GzipBody`): libcurl does not notice a gzip body cut off
        // where the connection closed. max_bytes counts decoded bytes.
        try easy.set(CURLOPT_ACCEPT_ENCODING, "gzip")
        try easy.set(CURLOPT_HTTP_CONTENT_DECODING, 0)
        var lines = request.headerLines
        if let etag = request.ifNoneMatch { lines.append("If-None-Match: \(etag)") }
        if let date = request.ifModifiedSince { lines.append("If-Modified-Since: \(date)") }
        try easy.setHeaders(lines)
        try easy.setWriteFunction(writeBody)
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.setOpenSocketFunction(checkConnection)
        try easy.set(CURLOPT_OPENSOCKETDATA, pointer: context)
        try easy.setPrereqFunction(checkHop)
        try easy.set(CURLOPT_PREREQDATA, pointer: context)
    }

    private static func failure(_ code: CURLcode, easy: CurlEasy, context: TransferContext, policy: FetchPolicy) -> TransferFailure {
        // A refused address stopped the transfer only when no connection could be made or the
        // request was aborted; another of the name's addresses may have connected after it.
        if let refusal = context.hopGuard.refusal, code == CURLE_COULDNT_CONNECT || code == CURLE_ABORTED_BY_CALLBACK {
            return TransferFailure(reason: refusal, retryable: false)
        }
        if let problem = context.bodyProblem {
            return TransferFailure(reason: problem, retryable: false)
        }
        if context.sink.overLimit {
            return TransferFailure(reason: "the body is larger than fetch.max_bytes (\(policy.maxBytes) bytes); transfer aborted", retryable: false)
        }
        if let problem = context.sink.problem {
            return TransferFailure(reason: "cannot write the cache: \(problem)", retryable: false)
        }
        let message = easy.message(for: code)
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL:
            return TransferFailure(reason: "refused: only http and https are fetched, redirects included, and an https source "
                                   + "is only redirected to https (\(message))", retryable: false)
        case CURLE_TOO_MANY_REDIRECTS:
            return TransferFailure(reason: "more than \(policy.maxRedirects) redirects (\(message))", retryable: false)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR:
            return TransferFailure(reason: "TLS verification failed: \(message)", retryable: false)
        case CURLE_SSL_CONNECT_ERROR:
            return TransferFailure(reason: "TLS handshake failed: \(message)", retryable: false)
        case CURLE_OPERATION_TIMEDOUT:
            return TransferFailure(reason: "timed out (fetch.timeout_s \(policy.timeoutSeconds)): \(message)", retryable: true)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR,
             CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return TransferFailure(reason: message, retryable: true)
        default:
            return TransferFailure(reason: message, retryable: false)
        }
    }
}

/// What the C callbacks reach through their user-data pointer.
final class TransferContext {
    let sink: BodySink
    var hopGuard: HopGuard
    let handle: UnsafeMutableRawPointer
    /// How the kept body is encoded, read from its response's first bytes.
    var encoding: BodyEncoding?
    /// Why the kept body could not be decoded.
    var bodyProblem: String?

    enum BodyEncoding {
        case identity
        case gzip(GzipBody)
    }

    init(sink: BodySink, guard hopGuard: HopGuard, handle: UnsafeMutableRawPointer) {
        self.sink = sink
        self.hopGuard = hopGuard
        self.handle = handle
    }

    /// Whether the response being received is a 2xx (only those bodies are kept).
    var isSuccessResponse: Bool {
        var status = 0
        _ = remit_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return (200..<300).contains(status)
    }

    /// A header value as a message shows it: 40 printable ASCII characters at most.
    static func shown(_ value: String) -> String {
        String(value.unicodeScalars.prefix(40).map { (0x20..<0x7F).contains($0.value) ? Character($0) : "?" })
    }

    /// The last response's `Content-Encoding`, trimmed and lowercased ("" without one).
    var contentEncoding: String {
        let name = remit_curl_last_response_header(handle, "Content-Encoding").map { String(cString: $0) } ?? ""
        return name.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Whether the last response says its body is gzip-encoded.
    var announcesGzip: Bool { ["gzip", "x-gzip"].contains(contentEncoding) }

    /// The response's `Content-Encoding` as remit decodes it; nil, with `bodyProblem` set, for
    /// one it does not (it asks for gzip only).
    func responseEncoding() -> BodyEncoding? {
        // Only `chunked` framing, which libcurl undoes; a body encoded in transfer is refused.
        let transfer = remit_curl_last_response_header(handle, "Transfer-Encoding").map { String(cString: $0) } ?? ""
        if remit_curl_last_response_header_count(handle, "Transfer-Encoding") > 1
            || !["", "chunked", "identity"].contains(transfer.trimmingCharacters(in: .whitespaces).lowercased()) {
            bodyProblem = "the body is sent with Transfer-Encoding \(Self.shown(transfer)), which remit does not decode"
            return nil
        }
        // One Content-Encoding line: a second one (`identity` then `gzip`) would be a second
        // encoding, kept undecoded.
        if remit_curl_last_response_header_count(handle, "Content-Encoding") > 1 {
            bodyProblem = "the body is sent with several Content-Encoding headers, which remit does not decode (it asks for gzip or none)"
            return nil
        }
        let name = contentEncoding
        switch name {
        case "", "identity": return .identity
        case "gzip", "x-gzip":
            if let body = GzipBody() { return .gzip(body) }
            bodyProblem = "zlib could not be set up to decode the gzip-encoded body"
        default:
            bodyProblem = "the body is sent with Content-Encoding \(Self.shown(name)), "
                + "which remit does not decode (it asks for gzip or none)"
        }
        return nil
    }

    /// The decoded body length the response announces (its Content-Length when it is not
    /// content-encoded: a compressed length says nothing of the decoded one), or -1.
    var announcedLength: Int64 {
        if !["", "identity"].contains(contentEncoding) { return -1 }
        var length: curl_off_t = -1
        _ = remit_curl_getinfo_off_t(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length)
        return Int64(length)
    }
}

/// CURLOPT_WRITEFUNCTION: body bytes to the cache file; returning less than given aborts.
/// Only a 2xx body is kept and held to `max_bytes` (from its first bytes when it announces
/// more): an error page or a redirect's body is read past and dropped, whatever its size
/// (bounded by the timeout), so that a 503 is retried as a 503 and a redirect followed.
private let writeBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
    guard let user else { return 0 }
    let context = Unmanaged<TransferContext>.fromOpaque(user).takeUnretainedValue()
    let length = size * count
    guard context.isSuccessResponse else { return length }
    if context.sink.bytes == 0, context.announcedLength > context.sink.limit {
        context.sink.refuseOversized()
        return 0
    }
    guard let data else { return length }
    if context.encoding == nil {
        guard let encoding = context.responseEncoding() else { return 0 }
        context.encoding = encoding
    }
    let bytes = UnsafeRawBufferPointer(start: data, count: length)
    switch context.encoding! {
    case .identity:
        return context.sink.write(bytes) ? length : 0
    case .gzip(let body):
        switch body.write(bytes, to: context.sink) {
        case .written: return length
        case .refused: return 0
        case .corrupt:
            context.bodyProblem = "the gzip-encoded body is not valid gzip (a bad header, CRC or length)"
            return 0
        }
    }
}

/// CURLOPT_OPENSOCKETFUNCTION: each connection's address through the SSRF guard before the
/// socket is opened, so that a refused address is never connected to (nor handed a TLS hello);
/// before a source's first request decides whether it is public, none is refused.
private let checkConnection: @convention(c) (UnsafeMutableRawPointer?, curlsocktype, UnsafeMutablePointer<curl_sockaddr>?) -> curl_socket_t = { user, purpose, address in
    guard let user, let address else { return CURL_SOCKET_BAD }
    let context = Unmanaged<TransferContext>.fromOpaque(user).takeUnretainedValue()
    let family = address.pointee.family
    if purpose == CURLSOCKTYPE_IPCXN, family == AF_INET || family == AF_INET6 {
        let (text, port) = SocketAddress.numeric(address)
        guard context.hopGuard.allowsConnection(to: text, port: port) else { return CURL_SOCKET_BAD }
    }
    return socket(family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
}

/// CURLOPT_PREREQFUNCTION: each request's address through the SSRF guard.
private let checkHop: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int32, Int32) -> Int32 = { user, primaryIP, _, primaryPort, _ in
    guard let user else { return Int32(CURL_PREREQFUNC_ABORT) }
    let context = Unmanaged<TransferContext>.fromOpaque(user).takeUnretainedValue()
    let address = primaryIP.map { String(cString: $0) } ?? ""
    return context.hopGuard.allowsRequest(to: address, port: Int(primaryPort)) ? Int32(CURL_PREREQFUNC_OK) : Int32(CURL_PREREQFUNC_ABORT)
}

/// The numeric text and port of the address libcurl is about to open a socket for.
enum SocketAddress {
    static func numeric(_ address: UnsafeMutablePointer<curl_sockaddr>) -> (String, Int) {
        let raw = UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
        let length = Int(address.pointee.addrlen)
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let port: UInt16
        switch address.pointee.family {
        case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
            var v6 = raw.loadUnaligned(as: sockaddr_in6.self)
            _ = inet_ntop(AF_INET6, &v6.sin6_addr, &text, socklen_t(text.count))
            port = v6.sin6_port
        case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
            var v4 = raw.loadUnaligned(as: sockaddr_in.self)
            _ = inet_ntop(AF_INET, &v4.sin_addr, &text, socklen_t(text.count))
            port = v4.sin_port
        default:
            return ("", 0)
        }
        return (text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, Int(UInt16(bigEndian: port)))
    }
}
