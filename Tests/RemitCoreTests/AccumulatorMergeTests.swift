@testable import RemitCore
import Testing

/// `FindingAccumulator.add(contentsOf:)` gives what the same calls to `add`, made one after
/// another on one accumulator, give: counts, and the first five distinct samples after the ones
/// already there (which flows may have left repeated). The standing checks rely on it when
/// they check a register in slices.
@Suite struct AccumulatorMergeTests {
    /// A deterministic xorshift generator, so every run tries the same cases.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    static let keys = (0..<3).map {
        FindingKey(.descriptionExceedsAuthorization, customer: "cust-\($0)", subprocessor: "sp", dimension: .purpose, value: "p")
    }
    /// Eight samples, so that calls repeat some and more than five are distinct.
    static let samples = (0..<8).map { Sample(flow: "f-\($0)", location: SourceLocation(source: "register.yml", line: $0 + 1)) }

    struct Call {
        var key: FindingKey
        var sample: Sample?
        var flows: Int64
    }

    @Test func mergedSlicesEqualOnePass() {
        var random = Generator(state: 0x9E37_79B9_7F4A_7C15)
        var merges = 0
        for _ in 0..<2_000 {
            // What flows left: up to five samples per key, repeats allowed.
            var before = FindingAccumulator()
            var flowEntries: [FindingKey: FindingAccumulator.Entry] = [:]
            for key in Self.keys where Bool.random(using: &random) {
                let count = Int.random(in: 0...5, using: &random)
                let samples = (0..<count).map { _ in Self.samples.randomElement(using: &random)! }
                flowEntries[key] = FindingAccumulator.Entry(flows: Int64(count), samples: samples)
            }
            before.append(flowEntries)
            let calls = (0..<Int.random(in: 0...16, using: &random)).map { _ in
                Call(key: Self.keys.randomElement(using: &random)!,
                     sample: Int.random(in: 0..<10, using: &random) == 0 ? nil : Self.samples.randomElement(using: &random)!,
                     flows: Int64.random(in: 0...2, using: &random))
            }
            var serial = before
            for call in calls { serial.add(call.key, sample: call.sample, flows: call.flows) }

            var cuts = Set((0..<Int.random(in: 0...3, using: &random)).map { _ in Int.random(in: 0...calls.count, using: &random) })
            cuts.formUnion([0, calls.count])
            let bounds = cuts.sorted()
            var merged = before
            for (start, end) in zip(bounds, bounds.dropFirst()) {
                var slice = FindingAccumulator()
                for call in calls[start..<end] { slice.add(call.key, sample: call.sample, flows: call.flows) }
                merged.add(contentsOf: slice)
                merges += 1
            }
            #expect(Set(merged.entries.keys) == Set(serial.entries.keys))
            for (key, entry) in serial.entries {
                #expect(merged.entries[key]?.flows == entry.flows)
                #expect(merged.entries[key]?.samples == entry.samples, "\(key.customer): \(calls.map { $0.sample?.flow ?? "-" })")
            }
        }
        #expect(merges > 2_000)
    }
}
