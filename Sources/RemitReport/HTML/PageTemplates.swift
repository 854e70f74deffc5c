import Foundation

/// The template files the HTML pages are rendered with: the set shipped in the module's
/// resources, or a company's own folder (`remit run --template DIR`) laid over it.
///
/// A file in the folder replaces the built-in file of the same name; the others stay. Only
/// `*.mustache`, `style.css` and `report.js` are read, and a template that could print a
/// value unescaped is refused (`MustacheTags.unescapedOutput(in:)`, and for the HTML
/// templates `TemplateValuePositions.unquoted(in:)`). The view model the templates see is
/// documented in `Docs/templates.md`.
public struct PageTemplates: Sendable {
    static let styleFile = "style.css"
    static let scriptFile = "report.js"
    static let required = ["report.mustache", "evidence.mustache", styleFile, scriptFile]

    /// File name → text.
    let files: [String: String]
    /// The folder laid over the built-in set, if any: its files' problems are the user's to fix.
    let customDirectory: String?
    /// The names of the files that folder replaced or added.
    let ownFiles: Set<String>

    /// The built-in templates, with `directory`'s files laid over them when given.
    public static func load(overlay directory: String? = nil) throws(ReportError) -> PageTemplates {
        guard let builtIn = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw .templatesMissing("Templates in \(Bundle.module.bundlePath)")
        }
        var files: [String: String]
        var ownFiles: Set<String> = []
        do { files = try read(builtIn.path) } catch {
            throw .templatesMissing(builtIn.path)
        }
        guard required.allSatisfy({ files[$0] != nil }) else { throw .templatesMissing(builtIn.path) }
        if let directory {
            let own: [String: String]
            do { own = try read(directory) } catch {
                throw .customTemplateInvalid(path: directory, reason: "cannot read the folder: \(error.reason)")
            }
            guard !own.isEmpty else {
                throw .customTemplateInvalid(path: directory, reason: "no *.mustache, style.css or report.js file in it")
            }
            // `style.css` and `report.js` are partials too; where their values land in HTML is
            // for the templates only (a script's `a < b` is no tag).
            for (name, text) in own.sorted(by: { $0.key < $1.key }) {
                let html = name.hasSuffix(".mustache")
                if let reason = MustacheTags.unescapedOutput(in: text) ?? (html ? TemplateValuePositions.unquoted(in: text) : nil) {
                    throw .customTemplateInvalid(path: (directory as NSString).appendingPathComponent(name), reason: reason)
                }
            }
            files.merge(own) { _, custom in custom }
            ownFiles = Set(own.keys)
        }
        return PageTemplates(files: files, customDirectory: directory, ownFiles: ownFiles)
    }

    private struct Unreadable: Error {
        var reason: String
    }

    private static func read(_ directory: String) throws(Unreadable) -> [String: String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw Unreadable(reason: error.localizedDescription)
        }
        var files: [String: String] = [:]
        for name in names where name.hasSuffix(".mustache") || name == styleFile || name == scriptFile {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw Unreadable(reason: "\(name) is not readable UTF-8 text")
            }
            files[name] = text
        }
        return files
    }

    /// Whether every one of `names` is the built-in file.
    func areBuiltIn(_ names: String...) -> Bool {
        ownFiles.isDisjoint(with: names)
    }

    /// The problem as the user should see it: theirs when they brought templates, else internal.
    func problem(_ name: String, _ reason: String) -> ReportError {
        guard let customDirectory else { return .templateInvalid(name: name, reason: reason) }
        return .customTemplateInvalid(path: (customDirectory as NSString).appendingPathComponent(name), reason: reason)
    }
}
