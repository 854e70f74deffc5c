import CPlatform
import Foundation
import RemitReport

/// Writes outputs into a temporary folder beside the output folder and moves it into place
/// only when complete (SPEC "Reliability rules"): a failed run leaves the previous outputs.
/// The files are flushed to disk before the swap (in the background while they are written,
/// then once more), and the swap itself after it, so a power cut leaves the old outputs or
/// the whole new ones, not names without their bytes.
/// The old outputs are removed after that, on a thread of their own while the caller goes on;
/// a run cut short while removing them leaves a hidden folder beside the output, which the
/// next run removes.
enum OutputCommit {
    /// `beforeSwap` runs once the new outputs are complete and on the disk, and before they
    /// replace the old ones: when it fails (the run cannot be recorded in history), the old
    /// outputs stay (SPEC: a run that exits 2, 3 or 4 leaves the previous outputs in place).
    /// Returns the removal of the old outputs, under way, for the caller to wait for.
    static func write(
        to output: String, beforeSwap: () throws(RemitError) -> Void, _ body: (URL) throws -> Void
    ) throws(RemitError) -> FolderRemoval.Pending? {
        let fm = FileManager.default
        // A linked output folder: the folder it points to is replaced, and the link kept.
        let target = URL(fileURLWithPath: realPath(output))
        let parent = target.deletingLastPathComponent()
        removeLeftovers(of: target)
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            // Foundation reports the cause as a file error code, the errno beneath it not always.
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            var code = underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? Int32(truncatingIfNeeded: $0.code) : nil }
            if code == nil, let cocoa = error as? CocoaError {
                switch cocoa.code {
                case .fileNoSuchFile: code = ENOENT
                case .fileWriteNoPermission, .fileReadNoPermission: code = EACCES
                case .fileWriteVolumeReadOnly: code = EROFS
                case .fileWriteInvalidFileName: code = ENAMETOOLONG
                case .fileWriteFileExists: code = EEXIST
                default: break
                }
            }
            throw cannotCreate(output, error.localizedDescription, errno: code)
        }
        let (temp, claim) = try claimNewFolder(beside: target, output: output)
        defer { withExtendedLifetime(claim) {} }
        let flush = BackgroundFlush(path: temp.path)
        do {
            defer { flush.stop() }
            try body(temp)
        } catch let error as RemitError {
            FolderRemoval.remove(temp.path)
            throw error
        } catch {
            FolderRemoval.remove(temp.path)
            throw .internal("writing outputs failed: \(error)")
        }
        guard remit_sync_filesystem(temp.path) == 0 else {
            let reason = String(cString: strerror(errno))
            FolderRemoval.remove(temp.path)
            throw .internal("cannot flush the new outputs to disk: \(reason)")
        }
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isDirectory)
        do throws(RemitError) {
            if exists && !isDirectory.boolValue { throw RemitError.usage("the output path \(output) exists and is not a folder") }
            try beforeSwap()
        } catch {
            FolderRemoval.remove(temp.path)
            throw error
        }
        if exists {
            // Atomic swap where the kernel can; else move the old one aside first.
            if remit_exchange_paths(temp.path, target.path) == 0 {
                _ = remit_sync_filesystem(parent.path)
                return FolderRemoval.start(temp.path)
            }
            let old = parent.appendingPathComponent(hiddenPrefix(of: target, "old") + String(UInt64.random(in: 0...UInt64.max), radix: 16))
            do {
                try fm.moveItem(at: target, to: old)
            } catch {
                FolderRemoval.remove(temp.path)
                throw .internal("cannot move the old outputs aside in \(output): \(error.localizedDescription)")
            }
            do {
                try fm.moveItem(at: temp, to: target)
            } catch {
                // Put the old outputs back: the next run removes a hidden `remit-old` folder.
                try? fm.moveItem(at: old, to: target)
                FolderRemoval.remove(temp.path)
                _ = remit_sync_filesystem(parent.path)
                throw .internal("cannot move the new outputs into \(output): \(error.localizedDescription)")
            }
            _ = remit_sync_filesystem(parent.path)
            return FolderRemoval.start(old.path)
        } else {
            defer { _ = remit_sync_filesystem(parent.path) }
            do { try fm.moveItem(at: temp, to: target) } catch {
                throw .internal("cannot move the new outputs into \(output): \(error.localizedDescription)")
            }
            return nil
        }
    }

    /// A new temporary folder beside the output, claimed (see `FolderClaim`) until the new
    /// outputs are in place. Its name is random, not the process id: runs in two containers
    /// sharing the output folder are both PID 1. Another run removing leftovers can take a
    /// folder in the moment between its making and its claim; then another name is tried.
    private static func claimNewFolder(beside target: URL, output: String) throws(RemitError) -> (URL, FolderClaim) {
        let parent = target.deletingLastPathComponent()
        for _ in 0..<8 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            let temp = parent.appendingPathComponent(hiddenPrefix(of: target, "tmp") + suffix)
            if mkdir(temp.path, 0o777) != 0 {
                let code = errno
                if code == EEXIST { continue }
                throw cannotCreate(output, String(cString: strerror(code)), errno: code)
            }
            if case .claimed(let claim) = FolderClaim.take(temp.path) { return (temp, claim) }
        }
        throw .internal("\(output): cannot create the output folder: another run took each folder tried beside it")
    }

    /// What the job's user can change (rights, a read-only place, a path through a file) is
    /// theirs to fix (exit 2); a full disk or a failing one, or a cause not known, is not (exit 4).
    private static func cannotCreate(_ output: String, _ reason: String, errno code: Int32?) -> RemitError {
        let message = "\(output): cannot create the output folder: \(reason)"
        guard let code, [EACCES, EPERM, EROFS, ENOTDIR, ENOENT, ENAMETOOLONG, ELOOP, EEXIST].contains(code) else { return .internal(message) }
        return .usage(message)
    }

    /// Refuses an output folder the swap would lose something in. `checkPlace`: one that is a
    /// file or a link to nothing, or holds the job or the state folder (before the run does any
    /// work, and before the state lock makes its folder). `checkContents`: one that holds files
    /// no earlier run wrote.
    static func checkPlace(_ output: String, job: String, state: String) throws(RemitError) {
        let target = realPath(output)
        for (what, path) in [("job file", job), ("state folder", state)] where isInside(realPath(path), target) {
            throw .usage("the output folder \(output) holds the \(what) \(path): each run replaces the whole output folder; choose another one")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
            if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: target) {
                throw .usage("the output path \(output) is a link to \(destination), which does not exist")
            }
            // A folder to be made: the deepest part of its path that exists must be a folder
            // (`--output catalog.json/out` failed only after every flow was read).
            var ancestor = URL(fileURLWithPath: target).deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), ancestor.path != "/" {
                ancestor.deleteLastPathComponent()
            }
            guard isDirectory.boolValue else {
                throw .usage("the output folder \(output) cannot be made: \(ancestor.path) is not a folder")
            }
            return
        }
        guard isDirectory.boolValue else { throw .usage("the output path \(output) exists and is not a folder") }
    }

    /// Lists the output folder and reads its manifest (0.1 s for an earlier run's 10,000
    /// packets: done while the inputs load, see `checkPlace`).
    static func checkContents(_ output: String) throws(RemitError) {
        let target = realPath(output)
        guard FileManager.default.fileExists(atPath: target) else { return }
        let foreign: (count: Int, first: [String])
        do { foreign = try OutputFolderContents.notWrittenByRemit(target) } catch {
            throw .usage("cannot list everything in the output folder \(output) (\(error.reason)): each run replaces the whole folder, so remit must see what is in it")
        }
        guard foreign.count > 0 else { return }
        let more = foreign.count > foreign.first.count ? ", and \(foreign.count - foreign.first.count) more" : ""
        throw .usage("the output folder \(output) holds files that are not an earlier run's outputs (\(foreign.first.joined(separator: ", "))\(more)): "
                     + "each run replaces the whole output folder; choose a new or empty folder, or move those files")
    }

    /// The absolute path as the system resolves it (`realpath(3)`: links, then `..`), for its
    /// deepest part that exists, with the rest appended (a state folder not made yet, under a
    /// linked folder).
    static func realPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var existing = absolute.split(separator: "/").map(String.init)
        var rest: [String] = []
        while true {
            if let resolved = realpath("/" + existing.joined(separator: "/"), nil) {
                defer { free(resolved) }
                let base = URL(fileURLWithPath: String(cString: resolved))
                return rest.reduce(base) { $0.appendingPathComponent($1) }.standardizedFileURL.path
            }
            guard let last = existing.popLast() else { return URL(fileURLWithPath: absolute).standardizedFileURL.path }
            rest.insert(last, at: 0)
        }
    }

    private static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// The start of the names of the hidden folders beside the output (`kind`: "tmp" for the
    /// outputs being written, "old" for last night's being put aside): `.<name>.remit-tmp-`,
    /// or, for a name too long to take 28 bytes more within a file name's 255 (an output
    /// folder of 228 bytes or more could not be written), `.remit-tmp-<hash of the name>-`.
    static func hiddenPrefix(of target: URL, _ kind: String) -> String {
        let name = target.lastPathComponent
        guard name.utf8.count > 200 else { return ".\(name).remit-\(kind)-" }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 // FNV-1a: the same every run, unlike `Hasher`
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return ".remit-\(kind)-\(String(hash, radix: 16))-"
    }

    /// Temporary folders a killed run left beside the output. One another run holds (see
    /// `FolderClaim`) is that run's, under way, and stays.
    static func removeLeftovers(of target: URL) {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        let prefixes = [hiddenPrefix(of: target, "tmp"), hiddenPrefix(of: target, "old")]
        for name in names where prefixes.contains(where: name.hasPrefix) {
            let path = parent.appendingPathComponent(name).path
            let claim = FolderClaim.take(path)
            if case .held = claim { continue }
            withExtendedLifetime(claim) { FolderRemoval.remove(path) }
        }
    }
}
