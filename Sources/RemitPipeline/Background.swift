import Foundation

/// A value computed on a thread of its own while the caller goes on with other work;
/// `value()` waits for it and returns it, or throws what computing it threw.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Value, RemitError>?

    init(_ work: @escaping @Sendable () throws(RemitError) -> Value) {
        Thread.detachNewThread { [self] in
            let outcome = Result(catching: work)
            condition.lock()
            result = outcome
            condition.broadcast()
            condition.unlock()
        }
    }

    func value() throws(RemitError) -> Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}
