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
            let bytes = Array(text.utf8)
            try writeFile(bytes, to: directory, path: path)
            written.append(Manifest.WrittenFile(path: path, bytes: bytes))
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
            let names = EvidenceFileNames(customerIDs: packets.map(\.customer.id))
            if formats.contains(.html) {
                for (path, html) in try HTMLPages.render(report, packets: packets, names: names, settings: settings) {
                    try emit(path, html)
                }
            }
            if formats.contains(.json) {
                for packet in packets {
                    guard let name = names.fileName(for: packet.customer.id, extension: "json") else { continue }
                    try emit("evidence/" + name, EvidenceJSON.render(packet, report: report))
                }
            }
        }
        let manifest = Array(Manifest.render(report, outputs: written, signer: settings.signer).utf8)
        try writeFile(manifest, to: directory, path: Manifest.fileName)
        var paths = written.map(\.path) + [Manifest.fileName]
        if let signer = settings.signer {
            try writeFile(try signer.signatureFile(for: manifest), to: directory, path: ManifestSigner.fileName)
            paths.append(ManifestSigner.fileName)
        }
        return paths
    }

    /// With the built-in templates and no signing.
    public static func write(_ report: RunReport, formats: Set<OutputFormat>, to directory: URL) throws(ReportError) -> [String] {
        try write(report, settings: OutputSettings(formats: formats, templates: try PageTemplates.load()), to: directory)
    }

    private static func writeFile(_ bytes: [UInt8], to directory: URL, path: String) throws(ReportError) {
        let url = directory.appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .withoutOverwriting)
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
    }
}

/// `report.html` and one `evidence/<customer>.html` per register customer, in register order.
enum HTMLPages {
    static func render(
        _ report: RunReport, packets: [EvidencePacket], names: EvidenceFileNames, settings: OutputSettings
    ) throws(ReportError) -> [(path: String, html: String)] {
        let renderer = try PageRenderer(settings.templates)
        let reportHead = renderer.head(title: "remit reconciliation report, \(report.asOf)", withScript: true)
        let page = ReportPageBuilder(report: report, formats: settings.formats, evidenceNames: names, head: reportHead).build()
        var pages = [(path: "report.html", html: try renderer.render(page))]

        let builder = EvidencePageBuilder(report: report, formats: settings.formats, names: names)
        for packet in packets {
            guard let fileName = names.fileName(for: packet.customer.id) else { continue }
            let head = renderer.head(title: "remit evidence packet: \(VisibleText.of(packet.customer.id)), \(report.asOf)", withScript: false)
            pages.append((path: "evidence/" + fileName, html: try renderer.render(builder.build(packet, head: head), fileName: fileName)))
        }
        return pages
    }
}
