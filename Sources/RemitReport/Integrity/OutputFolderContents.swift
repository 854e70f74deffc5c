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
        let manifest = (try? Data(contentsOf: root.appendingPathComponent(Manifest.fileName))).flatMap { try? ManifestDocument(Array($0)) }
        let foreign = Self.foreign(entries, in: root, manifest: manifest)
        return (foreign.count, Array(foreign.prefix(limit)))
    }

    /// Of `entries` (paths relative to `root`, as `subpathsOfDirectory` lists them), those that
    /// are neither an output `manifest` lists, the manifest or its signature, nor a real folder
    /// (not a link to one) such a path needs; in byte order. A link is never remit's: it
    /// writes none, and a linked folder's contents are not listed. Names are compared as the
    /// bytes the file system holds: a Set of Strings would take a planted name canonically
    /// equal to a listed one (a Kelvin sign for "K") as listed.
    static func foreign(_ entries: [String], in root: URL, manifest: ManifestDocument?) -> [String] {
        var listed: Set<[UInt8]> = [Array(Manifest.fileName.utf8), Array(ManifestSigner.fileName.utf8)]
        var folders: Set<[UInt8]> = [Array("evidence".utf8)]
        for output in manifest?.outputs ?? [] {
            listed.insert(Array(output.path.utf8))
            var parent = Substring(output.path)
            while let slash = parent.lastIndex(of: "/") {
                parent = parent[..<slash]
                folders.insert(Array(parent.utf8))
            }
        }
        var foreign: [String] = []
        for path in entries {
            let bytes = Array(path.utf8)
            if listed.contains(bytes) { continue }
            if folders.contains(bytes), isFolder(root.appendingPathComponent(path).path) { continue }
            foreign.append(path)
        }
        return foreign.sorted(by: byteOrder)
    }

    public struct Unlisted: Error {
        public var reason: String
    }

    /// A real folder, not a link to one.
    private static func isFolder(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeDirectory
    }
}
