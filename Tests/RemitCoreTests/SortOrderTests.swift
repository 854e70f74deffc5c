import RemitCore
import Testing

/// SPEC "Outputs": findings are sorted by severity (high first), then kind, customer,
/// subprocessor, dimension, value, fingerprint, in byte-wise string order.
@Suite struct SortOrderTests {
    static func finding(
        _ severity: Severity, _ kind: FindingKind, _ customer: String = "c", _ subprocessor: String = "s",
        _ dimension: FindingDimension = .purpose, _ value: String = "v", fingerprint: String? = nil
    ) -> Finding {
        let key = FindingKey(kind, customer: customer, subprocessor: subprocessor, dimension: dimension, value: value)
        return Finding(key: key, fingerprint: fingerprint ?? key.fingerprint, severity: severity)
    }

    @Test func sortsBySeverityThenEveryKeyPartByteWise() {
        let expected = [
            Self.finding(.high, .purposeNotAuthorized, "Zeta"), // "Z" (0x5A) sorts before "a"
            Self.finding(.high, .purposeNotAuthorized, "alpha", "s", .purpose, "v"),
            Self.finding(.high, .purposeNotAuthorized, "alpha", "t", .dataCategory, "v"),
            Self.finding(.high, .regionNotAuthorized, "alpha"),
            Self.finding(.medium, .operationNotAuthorized, "a", "s", .operation, "Analyze"),
            Self.finding(.medium, .operationNotAuthorized, "a", "s", .operation, "analyze"),
            Self.finding(.medium, .unattributedFlow, "", "s", .customer, ""),
            Self.finding(.medium, .unattributedFlow, "", "s", .purpose, ""),
            Self.finding(.low, .invalidRecord, "", "", .record, "x", fingerprint: "0000000000000001"),
            Self.finding(.low, .invalidRecord, "", "", .record, "x", fingerprint: "000000000000000a"),
            Self.finding(.info, .descriptionChanged),
            Self.finding(.info, .unusedAuthorization, "a", "s", .pair, ""),
        ]
        for seed in 0..<5 {
            var shuffled = expected
            var generator = SeededGenerator(seed: UInt64(seed + 1))
            shuffled.shuffle(using: &generator)
            let sorted = Finding.sortedForOutput(shuffled)
            #expect(sorted.map(\.key) == expected.map(\.key))
            #expect(sorted.map(\.fingerprint) == expected.map(\.fingerprint))
        }
    }

    @Test func reconcilerOutputIsSorted() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors.append(Authorization(id: "sp-ghost"))
        let outcome = fixture.run([
            Fixture.flow { $0.purpose = "improve.analytics"; $0.region = "US"; $0.operation = "analyze" },
            Fixture.flow { $0.customer = nil },
        ])
        let severities = outcome.findings.map(\.severity)
        #expect(severities == severities.sorted(by: >))
        #expect(outcome.findings.map(\.key) == Finding.sortedForOutput(outcome.findings.reversed()).map(\.key))
        #expect(outcome.findings.count >= 6)
    }
}

/// A small deterministic generator (SplitMix64) so shuffles are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
