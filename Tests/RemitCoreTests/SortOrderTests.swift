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

    /// Thousands of findings drawn from few values of each part (so most compare equal on
    /// several), among them two spellings of "é" that Swift takes as the same string and
    /// byte order does not, against a plain comparison of every part's bytes.
    @Test func manyFindingsSortAsEveryPartComparedByteWise() {
        var generator = SeededGenerator(seed: 7)
        func pick<T>(_ values: [T]) -> T { values[Int(generator.next() % UInt64(values.count))] }
        let texts = ["", "a", "B", "é", "e\u{301}", "cust-1", "cust-10", "cust-2", "Zeta", "ü", "a\u{0}"]
        let findings = (0..<3_000).map { _ in
            SortOrderTests.finding(pick(Severity.allCases), pick([.purposeNotAuthorized, .regionNotAuthorized, .invalidRecord, .unusedAuthorization]),
                                   pick(texts), pick(texts), pick([.purpose, .region, .pair]), pick(texts),
                                   fingerprint: String(generator.next() % 50, radix: 16))
        }
        func bytes(_ f: Finding) -> [[UInt8]] {
            [Array(f.key.kind.rawValue.utf8), Array(f.key.customer.utf8), Array(f.key.subprocessor.utf8),
             Array(f.key.dimension.rawValue.utf8), Array(f.key.value.utf8), Array(f.fingerprint.utf8)]
        }
        let expected = findings.sorted { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            for (x, y) in zip(bytes(a), bytes(b)) where x != y { return x.lexicographicallyPrecedes(y) }
            return false
        }
        func firstDifference(_ sorted: [Finding]) -> Int? {
            sorted.indices.first { sorted[$0].severity != expected[$0].severity || bytes(sorted[$0]) != bytes(expected[$0]) }
        }
        #expect(firstDifference(Finding.sortedForOutput(findings)) == nil)
        var inPlace = findings
        Finding.sortForOutput(&inPlace)
        #expect(firstDifference(inPlace) == nil)
        #expect(inPlace.count == findings.count)
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
