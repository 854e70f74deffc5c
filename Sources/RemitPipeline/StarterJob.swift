import Foundation

/// `remit init DIR`: a commented starter job that runs cleanly as it is and teaches the
/// formats. The files are resources (Starter/), copied as they are.
public enum StarterJob {
    public static let files = ["remit.yml", "register.yml", "catalog.yml", "mappings.yml", "exceptions.yml", "flows.ndjson"]

    /// Writes the starter files into `directory` (created when missing). Refuses to
    /// overwrite any existing file.
    public static func write(to directory: String) throws(RemitError) -> [String] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isFolder), !isFolder.boolValue {
            throw .usage("\(directory) exists and is not a folder; remit init writes the starter job into a folder")
        }
        for name in files where fm.fileExists(atPath: directory + "/" + name) {
            throw .usage("\(directory)/\(name) already exists; remit init writes only into a folder without these files")
        }
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for name in files {
                guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Starter") else {
                    throw RemitError.internal("the starter file \(name) is missing from this installation")
                }
                try Data(contentsOf: url).write(to: URL(fileURLWithPath: directory + "/" + name))
            }
        } catch let error as RemitError {
            throw error
        } catch {
            throw .usage("cannot write the starter job into \(directory): \(error.localizedDescription)")
        }
        return files.map { directory + "/" + $0 }
    }

    private static let plainBytes = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+,:@%=".utf8)

    /// The commands to run next, with the folder quoted for a POSIX shell when it needs it.
    public static func nextCommands(for directory: String) -> String {
        let config = shellWord(directory + "/remit.yml")
        return "remit check --config \(config) && remit run --config \(config)"
    }

    /// `text` as one word of a POSIX shell command: as it is when it holds only characters no
    /// shell treats specially, else in single quotes (a quote in it written `'\''`).
    static func shellWord(_ text: String) -> String {
        let plain = !text.isEmpty && text.utf8.allSatisfy(plainBytes.contains)
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
