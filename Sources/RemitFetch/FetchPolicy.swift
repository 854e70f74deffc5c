/// How remote sources are fetched (SPEC "Job config" `fetch`, "Reliability rules").
public struct FetchPolicy: Sendable {
    /// Total time for one attempt; also bounds connecting and stalls.
    public var timeoutSeconds: Int
    /// Further attempts after a failure that may pass (connection errors, 5xx, 429).
    public var retries: Int
    /// The most bytes a body may have, after decompression.
    public var maxBytes: Int64
    /// A PEM file of CA certificates to trust (libcurl's CURLOPT_CAINFO), already resolved.
    public var caFile: String?
    public var userAgent: String
    public var maxRedirects = 5
    public var backoff: Backoff
    /// Sources fetched at once.
    public var concurrency = 8

    public init(timeoutSeconds: Int, retries: Int, maxBytes: Int64, caFile: String?, userAgent: String, backoff: Backoff = Backoff()) {
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.maxBytes = maxBytes
        self.caFile = caFile
        self.userAgent = userAgent
        self.backoff = backoff
    }

    /// Seconds to connect at most: the attempt's timeout, but never more than 15 s.
    var connectTimeoutSeconds: Int { min(timeoutSeconds, 15) }
    /// A transfer slower than 1 byte/s for this long is a stall.
    var stallSeconds: Int { min(timeoutSeconds, 30) }
}

/// Exponential backoff with jitter between attempts; a server's `Retry-After` is honoured
/// up to `retryAfterCap`.
public struct Backoff: Sendable {
    public var baseSeconds: Double
    public var maxSeconds: Double
    public var retryAfterCap: Double

    public init(baseSeconds: Double = 0.5, maxSeconds: Double = 30, retryAfterCap: Double = 60) {
        self.baseSeconds = baseSeconds
        self.maxSeconds = maxSeconds
        self.retryAfterCap = retryAfterCap
    }

    /// The default, with the base delay from `REMIT_FETCH_BACKOFF_MS` when set (tests
    /// use a small one to stay fast).
    public init(environment: [String: String]) {
        self.init()
        if let text = environment["REMIT_FETCH_BACKOFF_MS"], let ms = Double(text), ms >= 0 {
            baseSeconds = ms / 1000
        }
    }

    /// The wait before attempt `attempt + 1` (attempt 0 is the first); `jitter` in 0...1.
    func delay(afterAttempt attempt: Int, retryAfter: Double?, jitter: Double) -> Double {
        let exponential = min(maxSeconds, baseSeconds * Double(1 << min(attempt, 20)))
        let jittered = exponential * (0.5 + 0.5 * jitter)
        guard let retryAfter, retryAfter > 0 else { return jittered }
        return min(retryAfterCap, max(retryAfter, jittered))
    }
}
