import Dispatch
import Foundation

/// `items.map(transform)` spread over every core, results in the order of `items`, so a run
/// on several cores gives what a run on one gives; the first error in item order is thrown.
/// The results are handed over, not kept: a large one (a flow worker's tally) is freed as soon
/// as the caller lets it go.
public func concurrentMap<Item: Sendable, Output: Sendable, Failure: Error>(
    _ items: [Item], _ transform: @Sendable (Item) throws(Failure) -> Output
) throws(Failure) -> [Output] {
    let slots = Slots<Result<Output, Failure>>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        do throws(Failure) {
            slots.set(index, .success(try transform(items[index])))
        } catch {
            slots.set(index, .failure(error))
        }
    }
    return try slots.takeAll().map { outcome throws(Failure) in try outcome.get() }
}

/// One slot per index, each written by exactly one worker; the lock makes that visible to the reader.
private final class Slots<Value: Sendable>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.withLock { storage[index] = value }
    }

    /// Every slot's value, handed over (the slots are emptied).
    func takeAll() -> [Value] {
        lock.withLock {
            let values = storage.map { $0! }
            storage = []
            return values
        }
    }
}
