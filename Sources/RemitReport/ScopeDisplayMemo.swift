import Foundation
import RemitCore

/// The display forms of effective scopes (`EffectiveScope.display`, `displayRegions`), worked
/// out once per distinct list of lists. Ten thousand customers share a few dozen lists, and
/// intersecting region groups for every authorized pair of every evidence packet took a
/// large share of a big run's output time. Shared by the packets rendered in parallel.
///
/// The look-ups are kept in shards, one chosen by the calling thread: a packet asks for
/// hundreds of them, and under one lock the threads waited on each other: 7% of the CPU
/// time of a run without flows (11,000 context switches; 750 with shards). What a shard keeps is a function of its key, so
/// the shard a packet happens to use changes no byte of it. `limits(of:)` numbers are the
/// run's, not a shard's: `ScopeRows` keeps rows under them for every thread.
final class ScopeDisplayMemo: @unchecked Sendable {
    private let coverage: RegionCoverage
    private let shards: [Shard]
    private let lock = NSLock()
    private var limitIDs: [Limits: Int] = [:]

    /// General scopes whose JSON a shard keeps (so at most `shardCount` times as many in all,
    /// one shard a rendering thread): a register whose customers each set limits of their
    /// own would otherwise keep one entry per customer and catalog subprocessor.
    private let kept: Int

    init(coverage: RegionCoverage, kept: Int = 4_096) {
        self.coverage = coverage
        self.kept = kept
        shards = (0..<Self.shardCount).map { _ in Shard() }
    }

    /// A power of two, well above the number of threads that render outputs at once.
    private static let shardCount = 16

    /// What one shard keeps, behind its own lock.
    private final class Shard: @unchecked Sendable {
        let lock = NSLock()
        var keys: [ExactLists: [String]] = [:]
        var regions: [ExactLists: [String]] = [:]
        var bounds: [TimeBound: String] = [:]
        var sources: [String: [String]] = [:]
        var generalScopes: [GeneralScope: (depth: Int, head: [UInt8], tail: [UInt8])] = [:]
    }

    /// The calling thread's shard: its thread id, mixed (Fibonacci hashing), picks one.
    private var shard: Shard {
        let mixed = UInt64(pthread_self()) &* 0x9E37_79B9_7F4A_7C15
        return shards[Int(mixed >> UInt64(64 - Self.shardCount.trailingZeroBitCount))]
    }

    /// `EffectiveScope.display(lists)`.
    func display(_ lists: [[String]]) -> [String] {
        guard lists.count > 1 else { return EffectiveScope.display(lists) }
        let key = ExactLists(lists), shard = shard
        if let known = shard.lock.withLock({ shard.keys[key] }) { return known }
        let value = EffectiveScope.display(lists)
        shard.lock.withLock { shard.keys[key] = value }
        return value
    }

    /// `scope.displayRegions(coverage)`.
    func displayRegions(_ scope: EffectiveScope) -> [String]? {
        guard scope.regions.count > 1 else { return scope.displayRegions(coverage) }
        let key = ExactLists(scope.regions), shard = shard
        if let known = shard.lock.withLock({ shard.regions[key] }) { return known }
        let value = scope.displayRegions(coverage)
        shard.lock.withLock { shard.regions[key] = value }
        return value
    }

    /// `bound?.description`: every packet of a large register spells the same few dates.
    func text(_ bound: TimeBound?) -> String? {
        guard let bound else { return nil }
        let shard = shard
        if let known = shard.lock.withLock({ shard.bounds[bound] }) { return known }
        let value = bound.description
        shard.lock.withLock { shard.bounds[bound] = value }
        return value
    }

    /// A customer's customer-wide limits (purposes, data categories, regions), as bytes.
    private struct Limits: Hashable {
        var purposes: ExactLists
        var dataCategories: ExactLists
        var regions: ExactLists

        init(_ customer: Customer) {
            purposes = ExactLists(customer.purposes)
            dataCategories = ExactLists(customer.dataCategories)
            regions = ExactLists(customer.regions)
        }
    }

    /// Lists of texts, equal and hashed by their UTF-8 bytes. What is kept under them shows
    /// the texts, and Swift's `==` takes canonically equivalent spellings as equal: two
    /// customers who spell a list differently (a Kelvin sign for "K", "é" decomposed) would
    /// each see the spelling of whichever packet was written first, on another thread.
    private struct ExactLists: Hashable {
        let lists: [[String]]?

        init(_ lists: [[String]]) { self.lists = lists }
        init(_ list: [String]?) { lists = list.map { [$0] } }

        static func == (a: Self, b: Self) -> Bool {
            guard let x = a.lists, let y = b.lists else { return a.lists == nil && b.lists == nil }
            return x.count == y.count && zip(x, y).allSatisfy { l, m in
                l.count == m.count && zip(l, m).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
            }
        }

        func hash(into hasher: inout Hasher) {
            guard let lists else { hasher.combine(-1); return }
            hasher.combine(lists.count)
            for list in lists {
                hasher.combine(list.count)
                for var text in list {
                    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
                    hasher.combine(0xFF as UInt8) // not a UTF-8 byte: ends the text
                }
            }
        }
    }

    /// What the effective scope of one subprocessor under a general authorization is made
    /// of (`Approval.generalScope`): the customer-wide limits, the notice period and the
    /// subprocessor's own description. The JSON entries and HTML rows kept under it
    /// (`generalScopeJSON`, `ScopeRows`) are right only while `generalScope` reads nothing
    /// else of the customer but the instruction, which each packet fills in itself.
    struct GeneralScope: Hashable {
        /// `limits(of:)` of the customer.
        var limits: Int
        var noticeDays: Int
        var subprocessor: String
    }

    /// A number for the customer's customer-wide limits, the same for every customer with
    /// the same limits.
    func limits(of customer: Customer) -> Int {
        let limits = Limits(customer)
        return lock.withLock {
            if let known = limitIDs[limits] { return known }
            let id = limitIDs.count
            limitIDs[limits] = id
            return id
        }
    }


    /// The JSON members of a general scope's evidence entry at `depth` (`JSONWriter.fragment`),
    /// before and after its `instruction`, which `write` writes the first time they are asked
    /// for at that depth (while its shard keeps fewer than `kept`).
    func generalScopeJSON(
        _ key: GeneralScope, depth: Int, write: (_ head: inout JSONWriter, _ tail: inout JSONWriter) -> Void
    ) -> (head: [UInt8], tail: [UInt8]) {
        let shard = shard
        if let known = shard.lock.withLock({ shard.generalScopes[key] }), known.depth == depth { return (known.head, known.tail) }
        var head = JSONWriter.fragment(depth: depth), tail = JSONWriter.fragment(depth: depth)
        write(&head, &tail)
        shard.lock.withLock {
            if shard.generalScopes.count < kept || shard.generalScopes[key] != nil {
                shard.generalScopes[key] = (depth, head.out.bytes, tail.out.bytes)
            }
        }
        return (head.out.bytes, tail.out.bytes)
    }

    /// The catalog sources that describe a subprocessor, each once, in order.
    func describedBy(_ subprocessor: Subprocessor?) -> [String] {
        guard let subprocessor else { return [] }
        let shard = shard
        if let known = shard.lock.withLock({ shard.sources[subprocessor.id] }) { return known }
        var seen: Set<String> = []
        let value = subprocessor.locations.map(\.description).filter { seen.insert($0).inserted }
        shard.lock.withLock { shard.sources[subprocessor.id] = value }
        return value
    }
}
