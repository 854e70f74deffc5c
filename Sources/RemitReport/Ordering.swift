import RemitCore

// Orderings and tallies every output shares, so no output's order depends on a
// dictionary's iteration order or the locale.

/// Findings counted by severity, unsuppressed and suppressed apart.
struct SeverityCounts {
    private(set) var unsuppressedBySeverity: [Severity: Int] = [:]
    private(set) var suppressed = 0

    init() {}

    init(_ findings: [Finding]) {
        for index in findings.indices { count(findings[index].severity, suppressed: findings[index].isSuppressed) }
    }

    /// Counts one finding, given by the two fields read (not by a copy of the whole finding).
    mutating func count(_ severity: Severity, suppressed isSuppressed: Bool) {
        if isSuppressed {
            suppressed += 1
        } else {
            unsuppressedBySeverity[severity, default: 0] += 1
        }
    }

    func unsuppressed(_ severity: Severity) -> Int { unsuppressedBySeverity[severity] ?? 0 }

    var total: Int { unsuppressedBySeverity.values.reduce(suppressed, +) }
}

extension Severity {
    /// high, medium, low, info: the order every output lists severities in.
    static let descending: [Severity] = [.high, .medium, .low, .info]
}
