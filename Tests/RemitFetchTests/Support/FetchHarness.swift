import Foundation
@testable import RemitFetch

/// A fetcher on a temporary state folder with small timeouts and backoff, as tests need.
struct FetchHarness {
    let state: Scratch
    var fetcher: Fetcher

    init(timeout: Int = 5, retries: Int = 2, maxBytes: Int64 = 1 << 20, caFile: String? = nil,
         environment: [String: String] = [:]) throws {
        state = try Scratch()
        let policy = FetchPolicy(timeoutSeconds: timeout, retries: retries, maxBytes: maxBytes, caFile: caFile,
                                 userAgent: "remit/test", backoff: Backoff(baseSeconds: 0.01, maxSeconds: 0.05))
        fetcher = Fetcher(policy: policy, cache: SourceCache(stateDirectory: state.path), environment: environment)
    }

    func fetch(_ url: String, headers: [String: String] = [:], offline: Bool = false) async -> FetchOutcome {
        await fetcher.fetch(RemoteSource(url: url, headers: headers), offline: offline)
    }
}

extension FetchOutcome {
    var resolved: ResolvedSource? {
        switch self {
        case .ready(let source), .stale(let source, _): source
        case .failed: nil
        }
    }

    var status: ResolvedSource.Status {
        switch self {
        case .ready(let source): source.status
        case .stale: .stale
        case .failed: .failed
        }
    }

    var failure: String? {
        switch self {
        case .ready: nil
        case .stale(_, let error), .failed(let error): error.reason
        }
    }
}

/// The text of a resolved source's local copy.
func contents(_ source: ResolvedSource?) -> String? {
    source.flatMap { try? String(contentsOfFile: $0.path, encoding: .utf8) }
}
