import CPlatform
import Foundation

/// Flushes the file system that holds the new outputs again and again on its own thread while
/// they are written, so that the flush before they are swapped in finds little left to do:
/// the disk writes while the cores render. A large run writes 400 MB of outputs; flushed only
/// at the end, they kept it waiting 0.3 s on the development machine.
final class BackgroundFlush: @unchecked Sendable {
    private let path: String
    private let condition = NSCondition()
    private var stopping = false
    private var running = true

    init(path: String) {
        self.path = path
        Thread.detachNewThread { [self] in loop() }
    }

    /// Returns once the thread has finished its last flush.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        condition.lock()
        while !stopping {
            condition.unlock()
            _ = remit_sync_filesystem(path)
            condition.lock()
            if !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05)) }
        }
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
