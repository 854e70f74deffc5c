import RemitCore

// Orderings and tallies every output shares, so no output's order depends on a
// dictionary's iteration order or the locale.

/// Findings counted by severity, unsuppressed and suppressed apart.
struct SeverityCounts {
    private(set) var unsuppressedBySeverity: [Severity: Int] = [:]
    private(set) var suppressed = 0

    init(_ findings: [Finding]) {
        for index in findings.indices {
            if findings[index].isSuppressed {
                suppressed += 1
            } else {
                unsuppressedBySeverity[findings[index].severity, default: 0] += 1
            }
        }
    }

    func unsuppressed(_ severity: Severity) -> Int { unsuppressedBySeverity[severity] ?? 0 }
}

extension Severity {
    /// high, medium, low, info: the order every output lists severities in.
    static let descending: [Severity] = [.high, .medium, .low, .info]
}
