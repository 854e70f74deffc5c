import Foundation
import RemitCore

/// What an existing output folder holds besides an earlier run's outputs. A run replaces the
/// whole folder (SPEC "Reliability rules": written beside it, swapped in whole), so a folder
/// holding anything else (the job itself with `--output .`, a README someone put there) is
/// refused rather than thrown away with last night's report.
public enum OutputFolderContents {
    /// Paths (relative, in byte order) in `directory` that are neither listed in its
    /// `manifest.json` nor the manifest, its signature or a folder those paths need. Empty
    /// for a folder that does not exist or is empty; every entry for a folder without a
    /// readable manifest. `limit` bounds the paths returned; `count` counts them all.
    /// Throws `Unlisted` when the folder, or a folder in it, cannot be listed: what cannot
    /// be seen cannot be shown to be remit's.
    public static func notWrittenByRemit(_ directory: String, limit: Int = 5) throws(Unlisted) -> (count: Int, first: [String]) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory) else { return (0, []) }
        let entries: [String]
        do { entries = try fm.subpathsOfDirectory(atPath: directory) } catch { throw Unlisted(reason: error.localizedDescription) }
        guard !entries.isEmpty else { return (0, []) }
        let root = URL(fileURLWithPath: directory)
        var listed: Set<[UInt8]> = [Array(Manifest.fileName.utf8), Array(ManifestSigner.fileName.utf8)]
        var folders: Set<[UInt8]> = [Array("evidence".utf8)]
        if let bytes = try? Data(contentsOf: root.appendingPathComponent(Manifest.fileName)),
           let manifest = try? ManifestDocument(Array(bytes)) {
            for output in manifest.outputs {
                listed.insert(Array(output.path.utf8))
                var parent = Substring(output.path)
                while let slash = parent.lastIndex(of: "/") {
                    parent = parent[..<slash]
                    folders.insert(Array(parent.utf8))
                }
            }
        }
        // Names compared as the bytes the file system holds (see `OutputVerifier`).
        var foreign: [String] = []
        for path in entries {
            let bytes = Array(path.utf8)
            if listed.contains(bytes) { continue }
            if folders.contains(bytes), isFolder(root.appendingPathComponent(path).path) { continue }
            foreign.append(path)
        }
        return (foreign.count, Array(foreign.sorted(by: byteOrder).prefix(limit)))
    }

    public struct Unlisted: Error {
        public var reason: String
    }

    /// A real folder, not a link to one.
    private static func isFolder(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeDirectory
    }
}
