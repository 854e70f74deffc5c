import CPlatform
import Foundation

/// An exclusive `flock` on a folder remit writes or removes beside an output folder, held
/// while this value lives. Two runs may share an output folder (two jobs, or one job with two
/// state folders, whose state locks do not meet): a run's temporary folder is claimed from
/// the moment it is made, so another run starting meanwhile does not take it for a killed
/// run's leftovers and remove it under the writer.
final class FolderClaim {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    enum Outcome {
        case claimed(FolderClaim)
        /// Another process holds it: a run under way.
        case held
        /// Not a folder (or gone, or unreadable): nobody can hold it.
        case unclaimable
    }

    static func take(_ path: String) -> Outcome {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .unclaimable }
        guard remit_lock_exclusive(fd) == 0 else {
            let held = errno == EWOULDBLOCK
            close(fd)
            return held ? .held : .unclaimable
        }
        return .claimed(FolderClaim(fd: fd))
    }

    deinit { close(fd) }
}
