import CPlatform
import Foundation
import RemitCore

/// An exclusive lock on the state folder, held for the whole run: two overlapping runs on
/// the same state cannot corrupt each other (SPEC "Reliability rules").
final class StateLock {
    private let fd: Int32

    init(stateDirectory: String, startedAt: Instant) throws(RemitError) {
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unreadable(source: stateDirectory, reason: "cannot create the state folder: \(error.localizedDescription)")
        }
        let path = stateDirectory + "/lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .unreadable(source: path, reason: "cannot open the lock file") }
        if remit_lock_exclusive(fd) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw .locked("another remit run holds the state folder \(stateDirectory)\(holder.isEmpty ? "" : " (\(holder))"); try again when it has finished")
        }
        let note = "pid \(getpid()), started \(startedAt)\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit { close(fd) }
}
