import Foundation

/// A value computed on a thread of its own while the caller goes on with other work;
/// `value()` waits for it and returns it, or throws what computing it threw.
final class Background<Value: Sendable>: Sendable {
    private let result = Once<Result<Value, RemitError>>()

    init(_ work: @escaping @Sendable () throws(RemitError) -> Value) {
        Thread.detachNewThread { [result] in result.set(Result(catching: work)) }
    }

    func value() throws(RemitError) -> Value {
        try result.wait().get()
    }
}

/// A value set once, by one thread, and waited for by others; later sets are ignored.
final class Once<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    func set(_ value: Value) {
        condition.lock()
        if self.value == nil { self.value = value }
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
