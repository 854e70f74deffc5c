public import Foundation
import Crypto
import RemitCore
#if canImport(Glibc)
import Glibc
#endif

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
    /// Writes into `directory` (which exists and is empty). Returns the relative paths written:
    /// `report.html`, `junit.xml`, `findings.json`, `findings.csv` (those asked for), the
    /// evidence packets in register order, then the manifest and its signature.
    public static func write(_ report: RunReport, settings: OutputSettings, to directory: URL) throws(ReportError) -> [String] {
        let folder = OutputFolder(directory)
        let formats = settings.formats
        let packets = formats.contains(.html) || formats.contains(.json) ? EvidencePacket.plan(report) : []
        let names = EvidenceFileNames(customerIDs: packets.map(\.customer.id))
        let memo = ScopeDisplayMemo(coverage: report.context.taxonomy.regions)
        // The built-in templates are parsed only for HTML (a fiftieth of the CPU time of a run
        // without it); a folder of one's own always is, so that it fails the run when broken.
        let parsesTemplates = formats.contains(.html) || settings.templates.customDirectory != nil
        let context = OutputJob.Context(
            report: report, formats: formats, folder: folder, names: names, memo: memo,
            pages: parsesTemplates ? try HTMLPages(report, names: names, settings: settings, memo: memo) : nil,
            evidenceJSON: formats.contains(.json) ? EvidenceJSON.Shared(report) : nil)
        if !packets.isEmpty { try folder.makeFolder("evidence") }
        let files: [(OutputFormat, OutputJob)] = [(.html, .reportPage), (.junit, .junit), (.json, .findingsJSON), (.csv, .findingsCSV)]
        let jobs = files.filter { formats.contains($0.0) }.map(\.1) + packets.map(OutputJob.evidence)
        // The files are independent of one another: the large single files start first, the
        // longest first, and the evidence packets fill every core around them.
        let written = try concurrentMap(jobs) { job throws(ReportError) in try job.write(context) }.flatMap { $0 }
        let manifest = Manifest.render(report, outputs: written, signer: settings.signer)
        _ = try folder.write(Manifest.fileName, manifest)
        var paths = written.map(\.path) + [Manifest.fileName]
        if let signer = settings.signer {
            _ = try folder.write(ManifestSigner.fileName, try signer.signatureFile(for: manifest))
            paths.append(ManifestSigner.fileName)
        }
        return paths
    }

    /// With the built-in templates and no signing.
    public static func write(_ report: RunReport, formats: Set<OutputFormat>, to directory: URL) throws(ReportError) -> [String] {
        try write(report, settings: OutputSettings(formats: formats, templates: try PageTemplates.load()), to: directory)
    }
}

/// One output file, or one customer's evidence packets.
private enum OutputJob: Sendable {
    case findingsJSON, findingsCSV, junit, reportPage
    case evidence(EvidencePacket.Planned)

    /// What every job of a run reads.
    struct Context: Sendable {
        let report: RunReport
        let formats: Set<OutputFormat>
        let folder: OutputFolder
        let names: EvidenceFileNames
        /// Shared by the HTML and JSON packets.
        let memo: ScopeDisplayMemo
        /// With the `html` format or a template folder of one's own.
        let pages: HTMLPages?
        /// With the `json` format only.
        let evidenceJSON: EvidenceJSON.Shared?
    }

    func write(_ context: Context) throws(ReportError) -> [Manifest.WrittenFile] {
        let report = context.report, folder = context.folder
        switch self {
        case .findingsJSON:
            return [try folder.stream("findings.json") { out, flush throws(ReportError) in try FindingsJSON.write(report, into: &out, flush: flush) }]
        case .findingsCSV:
            return [try folder.stream("findings.csv") { out, flush throws(ReportError) in try FindingsCSV.write(report.findings, into: &out, flush: flush) }]
        case .junit:
            return [try folder.stream("junit.xml") { out, flush throws(ReportError) in try JUnitReport.write(report, into: &out, flush: flush) }]
        case .reportPage:
            guard let pages = context.pages else { return [] }
            return [try folder.write("report.html", try pages.reportPage())]
        case .evidence(let planned):
            let packet = planned.build(report)
            var files: [Manifest.WrittenFile] = []
            if context.formats.contains(.html), let pages = context.pages, let page = try pages.evidence(packet) {
                files.append(try folder.write(page.path, page.html))
            }
            if let shared = context.evidenceJSON, let name = context.names.fileName(for: packet.customer.id, extension: "json") {
                files.append(try folder.write("evidence/" + name, EvidenceJSON.render(packet, report: report, memo: context.memo, shared: shared)))
            }
            return files
        }
    }
}

/// The folder outputs are written into: new files only (`O_EXCL`), written with plain
/// `write(2)`. Foundation's `Data.write` also `fsync`s every file, which made the thousands
/// of evidence packets of a large run wait on the disk; `OutputCommit` flushes them all with
/// one `syncfs` and then swaps the whole folder in atomically, so a failed or killed run
/// leaves the previous outputs in place.
struct OutputFolder: Sendable {
    let path: String

    init(_ directory: URL) {
        path = directory.path
    }

    func makeFolder(_ relative: String) throws(ReportError) {
        let full = path + "/" + relative
        guard mkdir(full, 0o777) == 0 || errno == EEXIST else {
            throw .writeFailed(path: relative, reason: String(cString: strerror(errno)))
        }
    }

    func write(_ relative: String, _ bytes: [UInt8]) throws(ReportError) -> Manifest.WrittenFile {
        try open(relative) { file throws(ReportError) in try file.write(bytes) }
    }

    /// Writes a page's UTF-8 as it lies in the string, without copying it into an array first.
    func write(_ relative: String, _ text: String) throws(ReportError) -> Manifest.WrittenFile {
        var text = text
        return try open(relative) { file throws(ReportError) in
            var failure: ReportError?
            text.withUTF8 { utf8 in
                do throws(ReportError) { try file.write(UnsafeRawBufferPointer(utf8)) } catch { failure = error }
            }
            if let failure { throw failure }
        }
    }

    /// Writes a large file as it is produced: `body` writes into a buffer and calls `flush`
    /// with it now and then, which writes it out once it holds a chunk, so the whole file is
    /// never held in memory.
    func stream(
        _ relative: String,
        _ body: (inout OutputBytes, _ flush: (inout OutputBytes) throws(ReportError) -> Void) throws(ReportError) -> Void
    ) throws(ReportError) -> Manifest.WrittenFile {
        try open(relative) { file throws(ReportError) in
            var out = OutputBytes(capacity: 2 * FileStream.chunk)
            try body(&out) { bytes throws(ReportError) in try file.drain(&bytes) }
            try file.drain(&out, all: true)
        }
    }

    /// Opens a new file, hands it to `body`, closes it.
    private func open(_ relative: String, _ body: (inout FileStream) throws(ReportError) -> Void) throws(ReportError) -> Manifest.WrittenFile {
        var file = try FileStream(open: relative, in: self)
        defer { close(file.descriptor) }
        try body(&file)
        return file.written
    }

    fileprivate func makeParent(of relative: String) throws(ReportError) {
        guard let slash = relative.lastIndex(of: "/") else { return }
        let parent = path + "/" + relative[..<slash]
        guard access(parent, F_OK) != 0 else { return }
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: relative, reason: error.localizedDescription)
        }
    }
}

/// One output file being written: bytes go to the file in chunks and through SHA-256 as
/// they are written, for the manifest.
struct FileStream {
    static let chunk = 1 << 20

    let path: String
    fileprivate let descriptor: Int32
    private var hasher = SHA256()
    private var size = 0

    fileprivate init(open relative: String, in folder: OutputFolder) throws(ReportError) {
        try folder.makeParent(of: relative)
        path = relative
        descriptor = Glibc.open(folder.path + "/" + relative, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .writeFailed(path: relative, reason: String(cString: strerror(errno))) }
    }

    /// Writes out and empties `buffer` once it holds a chunk or more, or always when `all`.
    mutating func drain(_ buffer: inout OutputBytes, all: Bool = false) throws(ReportError) {
        guard all || buffer.bytes.count >= Self.chunk else { return }
        try write(buffer.bytes)
        buffer.bytes.removeAll(keepingCapacity: true)
    }

    mutating func write(_ bytes: [UInt8]) throws(ReportError) {
        var failure: ReportError?
        bytes.withUnsafeBytes { buffer in
            do throws(ReportError) { try write(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    mutating func write(_ buffer: UnsafeRawBufferPointer) throws(ReportError) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        hasher.update(bufferPointer: buffer)
        size += buffer.count
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(descriptor, base + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
    }

    fileprivate var written: Manifest.WrittenFile {
        Manifest.WrittenFile(path: path, sha256: Hex.encode(hasher.finalize()), size: size)
    }
}

/// `report.html` and the HTML evidence packets, rendered with one set of templates.
struct HTMLPages: Sendable {
    let report: RunReport
    let names: EvidenceFileNames
    let settings: OutputSettings
    let memo: ScopeDisplayMemo
    private let renderer: PageRenderer
    private let rows: ScopeRows?
    private let cards: ShapedPartial?
    private let observedRows: ShapedPartial?
    private let customerRows: ShapedPartial?
    private let findingRows: ShapedPartial?
    /// The packet pages by shape (`EvidencePageShape`).
    private let packetPages: ShapedPartial?
    private let inputsTable: String
    private let inputRows: [InputRow]

    /// `kept`: the scope rows and card shapes kept (`ScopeRows`, `ShapedPartial`).
    init(_ report: RunReport, names: EvidenceFileNames, settings: OutputSettings, memo: ScopeDisplayMemo? = nil, kept: Int = 4_096) throws(ReportError) {
        self.report = report
        self.names = names
        self.settings = settings
        self.memo = memo ?? ScopeDisplayMemo(coverage: report.context.taxonomy.regions)
        renderer = try PageRenderer(settings.templates)
        rows = renderer.rendersScopeRowsApart ? ScopeRows(renderer: renderer, memo: self.memo, capacity: kept) : nil
        cards = renderer.rendersFindingCardsApart ? ShapedPartial(renderer: renderer, partial: PageRenderer.findingTemplate, capacity: kept) : nil
        customerRows = renderer.rendersCustomerRowsApart
            ? ShapedPartial(renderer: renderer, partial: PageRenderer.customerRowTemplate, capacity: kept) : nil
        findingRows = renderer.rendersFindingRowsApart
            ? ShapedPartial(renderer: renderer, partial: PageRenderer.findingRowTemplate, capacity: kept) : nil
        observedRows = renderer.rendersObservedRowsApart
            ? ShapedPartial(renderer: renderer, partial: PageRenderer.observedTemplate, capacity: kept) : nil
        inputRows = EvidencePageBuilder.inputs(report)
        inputsTable = renderer.rendersInputsApart ? try renderer.render(inputs: inputRows) : ""
        let pageRenderer = renderer
        packetPages = renderer.rendersPacketPagesByShape
            ? ShapedPartial(capacity: min(kept, Self.keptPacketPages)) { model throws(ReportError) in try pageRenderer.renderPacket(model) }
            : nil
    }

    /// Packet page shapes kept: each holds the page's literal text (some 20 kB, the inline
    /// style among it); pages past them are rendered tag by tag.
    static let keptPacketPages = 256

    /// The packet page shapes kept so far; nil when the packets are not rendered by shape.
    var keptPacketShapes: Int? {
        packetPages?.keptShapes
    }

    func reportPage() throws(ReportError) -> String {
        let head = renderer.head(title: "remit reconciliation report, \(report.asOf)", withScript: true)
        var page = ReportPageBuilder(report: report, formats: settings.formats, evidenceNames: names, head: head, memo: memo).build()
        try Self.apart(&page.details, \.card, cards)
        try Self.apart(&page.customers, \.renderedRow, customerRows)
        try Self.apart(&page.table, \.renderedRow, findingRows)
        return try renderer.render(page)
    }

    /// `evidence/<name>.html` and its content; nil for a customer without a file name.
    func evidence(_ packet: EvidencePacket) throws(ReportError) -> (path: String, html: String)? {
        guard let fileName = names.fileName(for: packet.customer.id) else { return nil }
        let head = renderer.head(title: "remit evidence packet: \(VisibleText.of(packet.customer.id)), \(report.asOf)", withScript: false)
        let builder = EvidencePageBuilder(report: report, formats: settings.formats, names: names, memo: memo, rows: rows,
                                          writesScopeRows: renderer.rendersPacketPagesByShape, inputsTable: inputsTable,
                                          inputRows: inputRows)
        var page = try builder.build(packet, head: head)
        try Self.apart(&page.findings, \.card, cards)
        try Self.apart(&page.observations, \.renderedRow, observedRows)
        if renderer.joinsScopeRows, !builder.writesScopeRows { page.scopeRows = page.scopes.map(\.renderedRow).joined() }
        if renderer.joinsObservedRows { page.observedRows = page.observations.map(\.renderedRow).joined() }
        if renderer.joinsFindingCards { page.findingCards = page.findings.map(\.card).joined() }
        guard let packetPages else { return ("evidence/" + fileName, try renderer.render(page, fileName: fileName)) }
        let html = try packetPages.render(page, shape: EvidencePageShape.shape(of: page)) { text, raw in
            EvidencePageShape.marked(page, text: text, raw: raw)
        }
        return ("evidence/" + fileName, try renderer.checkedPacket(html, fileName: fileName))
    }

    /// Each view's `field`, rendered by `partial` when that partial is rendered apart.
    private static func apart<View: TemplateFields>(
        _ views: inout [View], _ field: WritableKeyPath<View, String>, _ partial: ShapedPartial?
    ) throws(ReportError) {
        guard let partial else { return }
        for index in views.indices { views[index][keyPath: field] = try partial.render(views[index]) }
    }
}
