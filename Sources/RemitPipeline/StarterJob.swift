import Foundation

/// `remit init DIR`: a commented starter job that runs cleanly as it is and teaches the
/// formats. The files are resources (Starter/), copied as they are.
public enum StarterJob {
    public static let files = ["remit.yml", "register.yml", "catalog.yml", "mappings.yml", "exceptions.yml", "flows.ndjson"]

    /// Writes the starter files into `directory` (created when missing). Refuses to
    /// overwrite any existing file.
    public static func write(to directory: String) throws(RemitError) -> [String] {
        let fm = FileManager.default
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
            throw .unreadable(source: directory, reason: "cannot write the starter job: \(error.localizedDescription)")
        }
        return files.map { directory + "/" + $0 }
    }
}
