import Dispatch
import Foundation

/// `items.map(transform)` spread over every core, results in the order of `items` (so the
/// outputs stay deterministic); the first error in item order is thrown. Evidence packets are
/// independent of one another, and a large run has hundreds of them.
func concurrentMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], _ transform: @Sendable (Item) throws(ReportError) -> Result
) throws(ReportError) -> [Result] {
    let slots = Slots<Swift.Result<Result, ReportError>>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        do throws(ReportError) {
            slots[index] = .success(try transform(items[index]))
        } catch {
            slots[index] = .failure(error)
        }
    }
    return try slots.values.map { slot throws(ReportError) in try slot.get() }
}

/// One slot per index, each written by exactly one worker; the lock makes that visible to the reader.
private final class Slots<Value: Sendable>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    var values: [Value] {
        lock.withLock { storage.map { $0! } }
    }
}
