import Foundation
import Testing
@testable import RemitFetch

/// Bounded size and redirects, allowed schemes, the SSRF guard and TLS verification,
/// against the real loopback server.
@Suite struct SafetyTests {
    @Test func aBodyWithoutContentLengthIsCutOffAtMaxBytes() async throws {
        let server = try TestServer()
        let cap: Int64 = 256 << 10
        let harness = try FetchHarness(retries: 2, maxBytes: cap)
        let outcome = await harness.fetch(server.url("/seq/big/flows.ndjson"))
        #expect(outcome.status == .failed)
        #expect(outcome.failure?.contains("larger than fetch.max_bytes (262144 bytes)") == true, "\(outcome.failure ?? "")")
        // Not retried, and the server could push little beyond the cap before the client
        // hung up (socket buffers only), out of the 200 MiB it offered.
        let stats = try server.stats()
        #expect(stats.requests["/seq/big/flows.ndjson"] == 1)
        #expect(stats.big_sent < 16 << 20, "the server sent \(stats.big_sent) bytes")
        #expect(!harness.state.files().contains { $0.contains(".download") })
    }

    @Test func theSinkStopsAtTheCap() throws {
        let folder = try Scratch()
        let sink = try #require(BodySink(path: folder.path("body"), limit: 10))
        let chunk = [UInt8](repeating: 65, count: 6)
        #expect(chunk.withUnsafeBytes { sink.write($0) })
        #expect(!chunk.withUnsafeBytes { sink.write($0) })
        sink.close()
        #expect(sink.overLimit)
        #expect(sink.bytes == 6)
        #expect(try folder.read("body") == "AAAAAA")
    }

    /// `max_bytes` holds the body that is kept: a 2xx. An error page or a redirect's body,
    /// read past and dropped, is not held to it, so a 503 is still retried and a redirect
    /// still followed; a 2xx that announces more is refused from its first bytes.
    @Test func maxBytesHoldsOnlyTheBodyThatIsKept() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{\"small\": true}")
        let harness = try FetchHarness(retries: 2, maxBytes: 64 << 10)

        let unavailable = await harness.fetch(server.url("/seq/503fat,ok/c.json"))
        #expect(unavailable.status == .fresh, "\(unavailable.failure ?? "")")
        #expect(contents(unavailable.resolved) == "{\"small\": true}")
        #expect(try server.stats().requests["/seq/503fat,ok/c.json"] == 2)

        let target = server.url("/seq/ok/c.json")
        let redirected = await harness.fetch(server.url("/redirect?pad=\(1 << 20)&to=\(target)"))
        #expect(redirected.status == .fresh, "\(redirected.failure ?? "")")

        // Announcing more than the limit is enough: refused at its first bytes, not after the
        // server's 60 s stall.
        let started = Date()
        let fat = await harness.fetch(server.url("/seq/fat/f.json"))
        #expect(Date().timeIntervalSince(started) < 5, "waited for the body instead of refusing what it announced")
        #expect(fat.status == .failed)
        #expect(fat.failure?.contains("larger than fetch.max_bytes (65536 bytes)") == true, "\(fat.failure ?? "")")
        #expect(try server.stats().requests["/seq/fat/f.json"] == 1)
        #expect(!harness.state.files().contains { $0.contains(".download") })
    }

    @Test func aCompressionBombIsCutOffAtMaxBytes() async throws {
        let server = try TestServer()
        let harness = try FetchHarness(maxBytes: 1 << 20)
        let outcome = await harness.fetch(server.url("/seq/bomb/c.json"))
        #expect(outcome.status == .failed)
        #expect(outcome.failure?.contains("larger than fetch.max_bytes") == true, "\(outcome.failure ?? "")")
    }

    /// remit decodes gzip itself: a gzip body that ends before its gzip stream does (cut off,
    /// with the connection's close as its only end) is a failed transfer, retried, where
    /// libcurl kept the part that came; a whole one, in one member or several, is kept
    /// decoded; a corrupt one or an encoding remit did not ask for is refused.
    @Test func aGzipBodyCutOffInTransitIsAFailure() async throws {
        let server = try TestServer()
        let lines = (0..<4_000).map { "{\"id\": \"f-\($0)\", \"customer\": \"cust-acme\", \"destination\": \"api.mailer.example\"}\n" }.joined()
        try server.serve("f.ndjson", lines)
        let harness = try FetchHarness(retries: 1)
        for behaviour in ["gzip", "gzmulti"] {
            let whole = await harness.fetch(server.url("/seq/\(behaviour)/f.ndjson"))
            #expect(whole.status == .fresh, "\(behaviour): \(whole.failure ?? "")")
            #expect(contents(whole.resolved) == lines, "\(behaviour)")
            #expect(whole.resolved?.bytes == Int64(lines.utf8.count))
        }
        let cut = await harness.fetch(server.url("/seq/gzcut/f.ndjson"))
        #expect(cut.status == .failed)
        #expect(cut.failure?.hasPrefix("the gzip-encoded body ends before its gzip stream does: cut off in transit (after 2 attempts)") == true,
                "\(cut.failure ?? "")")
        #expect(try server.stats().requests["/seq/gzcut/f.ndjson"] == 2)
        // Cut before its first byte: no gzip stream at all, not an empty file.
        let empty = await harness.fetch(server.url("/seq/gzempty/f.ndjson"))
        #expect(empty.failure?.hasPrefix("the gzip-encoded body ends before its gzip stream does") == true, "\(empty.failure ?? "")")
        for behaviour in ["gzbad", "gztrail"] {
            let corrupt = await harness.fetch(server.url("/seq/\(behaviour)/f.ndjson"))
            #expect(corrupt.failure?.hasPrefix("the gzip-encoded body is not valid gzip") == true, "\(behaviour): \(corrupt.failure ?? "")")
        }
        let brotli = await harness.fetch(server.url("/seq/brotli/f.ndjson"))
        #expect(brotli.failure?.hasPrefix("the body is sent with Content-Encoding br, which remit does not decode") == true, "\(brotli.failure ?? "")")
        let twice = await harness.fetch(server.url("/seq/gztwice/f.ndjson"))
        #expect(twice.failure?.hasPrefix("the body is sent with several Content-Encoding headers") == true, "\(twice.failure ?? "")")
        let transfer = await harness.fetch(server.url("/seq/gzte/f.ndjson"))
        #expect(transfer.failure?.hasPrefix("the body is sent with Transfer-Encoding gzip, which remit does not decode") == true, "\(transfer.failure ?? "")")
    }

    @Test func aRedirectLoopStopsAfterFiveRedirects() async throws {
        let server = try TestServer()
        let harness = try FetchHarness(retries: 2)
        let outcome = await harness.fetch(server.url("/loop"))
        #expect(outcome.status == .failed)
        #expect(outcome.failure?.contains("more than 5 redirects") == true, "\(outcome.failure ?? "")")
        #expect(try server.stats().requests["/loop"] == 6, "the first request and five redirects, no retry")
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/catalog.json"])
    func aRedirectToAnotherSchemeIsRefused(_ target: String) async throws {
        let server = try TestServer()
        let harness = try FetchHarness()
        let outcome = await harness.fetch(server.url("/redirect?to=\(target)"))
        #expect(outcome.status == .failed)
        #expect(outcome.failure?.contains("only http and https") == true, "\(outcome.failure ?? "")")
        #expect(!harness.state.allText().contains("root:"))
    }

    @Test func aRedirectWithinTheSameServerIsFollowed() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{}")
        let harness = try FetchHarness()
        let target = server.url("/seq/ok/c.json")
        let outcome = await harness.fetch(server.url("/redirect?to=\(target)"))
        #expect(outcome.status == .fresh, "\(outcome.failure ?? "")")
        #expect(outcome.resolved?.finalURL == target)
    }

    /// A redirect to a presigned link: its signature is a credential, and the final URL that
    /// provenance keeps has it redacted, in the cache too.
    @Test func aRedirectTargetsSignatureIsNotKept() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{}")
        let harness = try FetchHarness()
        let presigned = server.url("/seq/ok/c.json?X-Amz-Date=20261128&X-Amz-Signature=S3CR3T-\(UUID().uuidString)")
        let encoded = try #require(presigned.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let outcome = await harness.fetch(server.url("/redirect?to=\(encoded)"))
        #expect(outcome.status == .fresh, "\(outcome.failure ?? "")")
        #expect(outcome.resolved?.finalURL == server.url("/seq/ok/c.json?X-Amz-Date=20261128&X-Amz-Signature=REDACTED"))
        // Only in the source's own URL as the job wrote it (here the redirect names it).
        #expect(harness.state.allText().components(separatedBy: "S3CR3T").count == 2)
    }

    /// 127.0.0.1 stands in for a public origin; its redirect to 127.0.0.2 (loopback) is refused.
    @Test func aRedirectFromAPublicOriginToAnInternalAddressIsRefused() async throws {
        let server = try TestServer(altHost: "127.0.0.2")
        try server.serve("c.json", "{}")
        let internalURL = "http://127.0.0.2:\(try #require(server.ports.alt))/seq/ok/c.json"
        let redirecting = server.url("/redirect?to=\(internalURL)")
        var harness = try FetchHarness()
        harness.fetcher.classify = { address, _ in address == "127.0.0.1" ? .public : AddressScope.of(address) }
        let refused = await harness.fetch(redirecting)
        #expect(refused.status == .failed)
        #expect(refused.failure?.contains("refused 127.0.0.2 (loopback): the source's first address is public") == true, "\(refused.failure ?? "")")
        #expect(try server.stats().requests["/seq/ok/c.json"] == nil, "the internal address got no request")

        // The job's own URL on an internal address may be redirected internally.
        let internalJob = try FetchHarness()
        let allowed = await internalJob.fetch(redirecting)
        #expect(allowed.status == .fresh, "\(allowed.failure ?? "")")
    }

    /// The guard judges an address before libcurl connects to it: a refused internal port is
    /// never connected to, so whether it is open or closed makes no difference to what the
    /// fetch says (a closed one said "Couldn't connect").
    @Test func aRefusedAddressIsNeverConnectedTo() async throws {
        let server = try TestServer()
        var harness = try FetchHarness(retries: 0)
        harness.fetcher.classify = { address, _ in address == "127.0.0.1" ? .public : AddressScope.of(address) }
        let closed = await harness.fetch(server.url("/redirect?to=http://127.0.0.2:1/c.json"))
        #expect(closed.status == .failed)
        #expect(closed.failure?.hasPrefix("refused 127.0.0.2 (loopback)") == true, "\(closed.failure ?? "")")
    }

    /// A retry goes by the source's first address: when its name now resolves to an internal
    /// address (DNS rebinding between attempts), the retry is refused. Here the first two
    /// look-ups (the first attempt's connection and request) stand in for a public address.
    @Test func aRetryIsJudgedByTheSourcesFirstAddress() async throws {
        let server = try TestServer()
        try server.serve("c.json", "{}")
        let lookups = Counter()
        var harness = try FetchHarness(retries: 2)
        harness.fetcher.classify = { address, _ in lookups.next() < 2 ? .public : AddressScope.of(address) }
        let rebound = await harness.fetch(server.url("/seq/503,ok/c.json"))
        #expect(rebound.status == .failed)
        #expect(rebound.failure?.hasPrefix("refused 127.0.0.1 (loopback)") == true, "\(rebound.failure ?? "")")
        #expect(try server.stats().requests["/seq/503,ok/c.json"] == 1, "the retry reached the internal address")
    }

    /// An https source is redirected to https only: plain http would hand in a body that no
    /// TLS vouched for.
    @Test func anHTTPSSourceIsNotRedirectedToPlainHTTP() async throws {
        let folder = try Scratch()
        let certificate = try SelfSignedCertificate(in: folder)
        let server = try TestServer(tls: (certificate.cert, certificate.key))
        try server.serve("c.json", "{}")
        let harness = try FetchHarness(caFile: certificate.cert)
        let downgraded = await harness.fetch(server.httpsURL("/redirect?to=\(server.url("/seq/ok/c.json"))"))
        #expect(downgraded.status == .failed)
        #expect(downgraded.failure?.contains("an https source is only redirected to https") == true, "\(downgraded.failure ?? "")")
        #expect(try server.stats().requests["/seq/ok/c.json"] == nil)
        let upgraded = await harness.fetch(server.url("/redirect?to=\(server.httpsURL("/seq/ok/c.json"))"))
        #expect(upgraded.status == .fresh, "\(upgraded.failure ?? "")")
    }

    @Test func aSelfSignedCertificateIsRefusedUnlessCAFileTrustsIt() async throws {
        let folder = try Scratch()
        let certificate = try SelfSignedCertificate(in: folder)
        let server = try TestServer(tls: (certificate.cert, certificate.key))
        try server.serve("c.json", "{\"tls\": true}")
        let url = server.httpsURL("/seq/ok/c.json")

        let untrusting = try FetchHarness()
        let refused = await untrusting.fetch(url)
        #expect(refused.status == .failed)
        #expect(refused.failure?.hasPrefix("TLS verification failed") == true, "\(refused.failure ?? "")")

        // A handshake that fails (https to a plain HTTP port) is a TLS failure too: not retried.
        let plain = try FetchHarness(retries: 2)
        let handshake = await plain.fetch(server.url("/seq/ok/c.json").replacingOccurrences(of: "http://", with: "https://"))
        #expect(handshake.status == .failed)
        #expect(handshake.failure?.hasPrefix("TLS handshake failed") == true, "\(handshake.failure ?? "")")
        #expect(handshake.failure?.contains("attempts") == false, "\(handshake.failure ?? "")")

        let trusting = try FetchHarness(caFile: certificate.cert)
        let trusted = await trusting.fetch(url)
        #expect(trusted.status == .fresh, "\(trusted.failure ?? "")")
        #expect(contents(trusted.resolved) == "{\"tls\": true}")
    }

    @Test func aCredentialHeaderReachesTheServerAndNothingElse() async throws {
        let token = "tok-\(UUID().uuidString)"
        let server = try TestServer(expectAuth: "Bearer \(token)")
        try server.serve("c.json", "{}")
        let url = server.url("/seq/auth/c.json")
        let headers = ["Authorization": "Bearer ${VENDOR_TOKEN}"]

        let harness = try FetchHarness(environment: ["VENDOR_TOKEN": token])
        let outcome = await harness.fetch(url, headers: headers)
        #expect(outcome.status == .fresh, "\(outcome.failure ?? "")")
        #expect(try server.stats().auth_seen == ["Bearer \(token)"])
        #expect(!harness.state.allText().contains(token))

        let wrong = try FetchHarness(environment: ["VENDOR_TOKEN": "wrong"])
        let denied = await wrong.fetch(url, headers: headers)
        #expect(denied.failure?.hasPrefix("HTTP 401;") == true)

        let otherHost = try TestServer(altHost: "127.0.0.2", expectAuth: "Bearer \(token)")
        try otherHost.serve("c.json", "{}")
        let elsewhere = "http://127.0.0.2:\(try #require(otherHost.ports.alt))/seq/ok/c.json"
        let redirected = await harness.fetch(otherHost.url("/redirect?to=\(elsewhere)"), headers: headers)
        #expect(redirected.status == .fresh, "\(redirected.failure ?? "")")
        #expect(try otherHost.stats().auth_seen == ["Bearer \(token)"], "sent to the first host only, not after the redirect")

        let unset = try FetchHarness()
        let missing = await unset.fetch(url, headers: headers)
        #expect(missing.failure?.hasPrefix("header Authorization needs the environment variable VENDOR_TOKEN, which is not set;") == true)
        #expect(try server.stats().auth_seen.count == 2, "no request without the variable")
    }
}

/// A count shared with the fetch threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The count before this call.
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
