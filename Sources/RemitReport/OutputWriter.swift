public import Foundation
import RemitCore

/// How a run's outputs are written, beyond the report's data.
public struct OutputSettings: Sendable {
    public var formats: Set<OutputFormat>
    public var templates: PageTemplates
    /// Signs `manifest.json` into `manifest.sig` when set.
    public var signer: ManifestSigner?

    public init(formats: Set<OutputFormat> = Set(OutputFormat.allCases), templates: PageTemplates, signer: ManifestSigner? = nil) {
        self.formats = formats
        self.templates = templates
        self.signer = signer
    }
}

/// Writes a run's outputs (SPEC "Outputs"): the requested formats, then `manifest.json` and,
/// when signing, `manifest.sig`.
///
/// Every file is a pure function of the `RunReport` and the settings: no clock, no
/// randomness, no dictionary order, so the same report gives byte-identical files.
public enum OutputWriter {
    /// Writes into `directory` (which exists and is empty). Returns the relative paths written, in order.
    public static func write(_ report: RunReport, settings: OutputSettings, to directory: URL) throws(ReportError) -> [String] {
        var written: [Manifest.WrittenFile] = []
        func emit(_ path: String, _ text: String) throws(ReportError) {
            written.append(try writeFile(path, text, in: directory))
        }

        let formats = settings.formats
        if formats.contains(.json) {
            try emit("findings.json", FindingsJSON.render(report))
        }
        if formats.contains(.csv) {
            try emit("findings.csv", FindingsCSV.render(report.findings))
        }
        if formats.contains(.junit) {
            try emit("junit.xml", JUnitReport.render(report))
        }
        if formats.contains(.html) || formats.contains(.json) {
            let packets = EvidencePacket.all(report)
            let pages = try HTMLPages(report, names: EvidenceFileNames(customerIDs: packets.map(\.customer.id)), settings: settings)
            if formats.contains(.html) {
                try emit("report.html", pages.reportPage())
            }
            // One packet after another would take most of a large run's time; they are independent.
            written += try concurrentMap(packets) { packet throws(ReportError) in
                var files: [Manifest.WrittenFile] = []
                if formats.contains(.html), let page = try pages.evidence(packet) {
                    files.append(try writeFile(page.path, page.html, in: directory))
                }
                if formats.contains(.json), let name = pages.names.fileName(for: packet.customer.id, extension: "json") {
                    files.append(try writeFile("evidence/" + name, EvidenceJSON.render(packet, report: report), in: directory))
                }
                return files
            }.flatMap { $0 }
        }
        let manifest = Array(Manifest.render(report, outputs: written, signer: settings.signer).utf8)
        _ = try writeFile(Manifest.fileName, manifest, in: directory)
        var paths = written.map(\.path) + [Manifest.fileName]
        if let signer = settings.signer {
            _ = try writeFile(ManifestSigner.fileName, try signer.signatureFile(for: manifest), in: directory)
            paths.append(ManifestSigner.fileName)
        }
        return paths
    }

    /// With the built-in templates and no signing.
    public static func write(_ report: RunReport, formats: Set<OutputFormat>, to directory: URL) throws(ReportError) -> [String] {
        try write(report, settings: OutputSettings(formats: formats, templates: try PageTemplates.load()), to: directory)
    }

    private static func writeFile(_ path: String, _ text: String, in directory: URL) throws(ReportError) -> Manifest.WrittenFile {
        try writeFile(path, Array(text.utf8), in: directory)
    }

    private static func writeFile(_ path: String, _ bytes: [UInt8], in directory: URL) throws(ReportError) -> Manifest.WrittenFile {
        let url = directory.appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .withoutOverwriting)
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
        return Manifest.WrittenFile(path: path, bytes: bytes)
    }
}

/// `report.html` and the HTML evidence packets, rendered with one set of templates.
struct HTMLPages: Sendable {
    let report: RunReport
    let names: EvidenceFileNames
    let settings: OutputSettings
    private let renderer: PageRenderer

    init(_ report: RunReport, names: EvidenceFileNames, settings: OutputSettings) throws(ReportError) {
        self.report = report
        self.names = names
        self.settings = settings
        renderer = try PageRenderer(settings.templates)
    }

    func reportPage() throws(ReportError) -> String {
        let head = renderer.head(title: "remit reconciliation report, \(report.asOf)", withScript: true)
        return try renderer.render(ReportPageBuilder(report: report, formats: settings.formats, evidenceNames: names, head: head).build())
    }

    /// `evidence/<name>.html` and its content; nil for a customer without a file name.
    func evidence(_ packet: EvidencePacket) throws(ReportError) -> (path: String, html: String)? {
        guard let fileName = names.fileName(for: packet.customer.id) else { return nil }
        let head = renderer.head(title: "remit evidence packet: \(VisibleText.of(packet.customer.id)), \(report.asOf)", withScript: false)
        let page = EvidencePageBuilder(report: report, formats: settings.formats, names: names).build(packet, head: head)
        return ("evidence/" + fileName, try renderer.render(page, fileName: fileName))
    }
}
