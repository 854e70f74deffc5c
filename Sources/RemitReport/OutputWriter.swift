public import Foundation
import RemitCore

/// Writes a run's outputs (SPEC "Outputs"): the requested formats, then `manifest.json`.
///
/// Every file is a pure function of the `RunReport`: no clock, no randomness, no
/// dictionary order, so the same report gives byte-identical files.
public enum OutputWriter {
    /// Writes the requested formats and manifest.json into `directory` (which exists and is empty).
    /// Returns the relative paths written, in order.
    public static func write(_ report: RunReport, formats: Set<OutputFormat>, to directory: URL) throws -> [String] {
        var written: [Manifest.WrittenFile] = []
        func emit(_ path: String, _ text: String) throws {
            let bytes = Array(text.utf8)
            try writeFile(bytes, to: directory.appendingPathComponent(path), path: path)
            written.append(Manifest.WrittenFile(path: path, bytes: bytes))
        }

        if formats.contains(.json) {
            try emit("findings.json", FindingsJSON.render(report))
        }
        if formats.contains(.csv) {
            try emit("findings.csv", FindingsCSV.render(report.findings))
        }
        if formats.contains(.junit) {
            try emit("junit.xml", JUnitReport.render(report))
        }
        if formats.contains(.html) {
            for (path, html) in try HTMLPages.render(report, formats: formats) {
                try emit(path, html)
            }
        }
        let manifest = Manifest.render(report, outputs: written)
        try writeFile(Array(manifest.utf8), to: directory.appendingPathComponent("manifest.json"), path: "manifest.json")
        return written.map(\.path) + ["manifest.json"]
    }

    private static func writeFile(_ bytes: [UInt8], to url: URL, path: String) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .withoutOverwriting)
        } catch {
            throw ReportError.writeFailed(path: path, reason: error.localizedDescription)
        }
    }
}

/// `report.html` and one `evidence/<customer>.html` per register customer, in register order.
enum HTMLPages {
    static func render(_ report: RunReport, formats: Set<OutputFormat>) throws -> [(path: String, html: String)] {
        let renderer = try PageRenderer()
        var seen: Set<String> = []
        let customers = report.context.register.customers.filter { seen.insert($0.id).inserted }
        let names = EvidenceFileNames(customerIDs: customers.map(\.id))

        let reportHead = renderer.head(title: "remit reconciliation report, \(report.asOf)", withScript: true)
        let page = ReportPageBuilder(report: report, formats: formats, evidenceNames: names, head: reportHead).build()
        var pages = [(path: "report.html", html: try renderer.render(page))]

        let evidenceHead = renderer.head(title: "remit evidence packet", withScript: false)
        let builder = EvidencePageBuilder(report: report, head: evidenceHead)
        for customer in customers {
            guard let fileName = names.fileName(for: customer.id) else { continue }
            var evidence = builder.build(customer)
            evidence.head.title = "remit evidence packet: \(VisibleText.of(customer.id)), \(report.asOf)"
            pages.append((path: "evidence/" + fileName, html: try renderer.render(evidence, fileName: fileName)))
        }
        return pages
    }
}
