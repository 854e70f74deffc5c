import Foundation
import Mustache

/// Renders the HTML pages from their view models with the templates in `Templates/`
/// (loaded from the module's resource bundle).
///
/// The stylesheet and the script are template files too, included as partials; their
/// SHA-256 goes into each page's Content-Security-Policy, and every rendered page is checked
/// to contain exactly those bytes as its only inline style and script.
struct PageRenderer {
    private let library: MustacheLibrary
    /// The exact content of the inline `<style>` of every page.
    let style: String
    /// The exact content of the inline `<script>` of the report.
    let script: String

    static let styleFile = "style.css"
    static let scriptFile = "report.js"

    init() throws {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ReportError.templatesMissing("Templates in \(Bundle.module.bundlePath)")
        }
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw ReportError.templatesMissing(directory.path)
        }
        var library = MustacheLibrary()
        var texts: [String: String] = [:]
        for file in files where file.hasSuffix(".mustache") || file == Self.styleFile || file == Self.scriptFile {
            let url = directory.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw ReportError.templatesMissing(url.path) }
            texts[file] = text
            let name = file.hasSuffix(".mustache") ? String(file.dropLast(".mustache".count)) : file
            do {
                try library.register(text, named: name)
            } catch {
                throw ReportError.templateInvalid(name: file, reason: "\(error)")
            }
        }
        guard let style = texts[Self.styleFile], let script = texts[Self.scriptFile] else {
            throw ReportError.templatesMissing("\(Self.styleFile) or \(Self.scriptFile) in \(directory.path)")
        }
        self.library = library
        self.style = style
        self.script = script
    }

    func head(title: String, withScript: Bool) -> PageHead {
        PageHead(
            title: title,
            styleHash: Digests.sha256Base64(style),
            scriptHash: withScript ? [Digests.sha256Base64(script)] : []
        )
    }

    func render(_ page: ReportPage) throws -> String {
        try render(page, template: "report", page: "report.html", withScript: true)
    }

    func render(_ page: EvidencePage, fileName: String) throws -> String {
        try render(page, template: "evidence", page: "evidence/" + fileName, withScript: false)
    }

    private func render(_ model: Any, template: String, page: String, withScript: Bool) throws -> String {
        guard let html = library.render(model, withTemplate: template) else {
            throw ReportError.renderFailed(template: template)
        }
        let styleOK = occurrences(of: "<style", in: html) == 1 && html.contains("<style>" + style + "</style>")
        let scriptOK = withScript
            ? occurrences(of: "<script", in: html) == 1 && html.contains("<script>" + script + "</script>")
            : occurrences(of: "<script", in: html) == 0
        guard styleOK, scriptOK else { throw ReportError.inlineAssetMismatch(page: page) }
        return html
    }

    private func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
