import Foundation
import Mustache

/// Renders the HTML pages from their view models with the templates of a `PageTemplates`.
///
/// The stylesheet and the script are template files too, included as partials; their
/// SHA-256 goes into each page's Content-Security-Policy, and every rendered page is checked
/// to contain exactly those bytes as its only inline style and script.
struct PageRenderer {
    private let library: MustacheLibrary
    /// The report's library: `library`, but `{{> finding}}` prints `FindingDetail.card` when
    /// the cards are rendered apart.
    private let reportLibrary: MustacheLibrary
    /// The evidence packets' library: `library`, but for the partials rendered apart, which
    /// print what remit rendered of them before the page.
    private let packetLibrary: MustacheLibrary
    /// True with the built-in `evidence.mustache` and `scope.mustache`, and no other file of
    /// one's own that includes `scope`: `{{> scope}}` prints `ScopeView.renderedRow` (see `ScopeRows`).
    let rendersScopeRowsApart: Bool
    /// True with the built-in `evidence.mustache` and `inputs.mustache`, and no other file of
    /// one's own that includes `inputs`: `{{> inputs}}` prints `EvidencePage.inputsTable`, the same table in every packet, rendered once
    /// (`render(inputs:)`).
    let rendersInputsApart: Bool
    /// True with the built-in `report.mustache`, `evidence.mustache` and `finding.mustache`,
    /// and no template of one's own that includes `finding`: `{{> finding}}` prints
    /// `FindingDetail.card`, which a `ShapedPartial` renders.
    let rendersFindingCardsApart: Bool
    static let findingTemplate = "finding"
    /// True with the built-in `evidence.mustache` and `observed.mustache`, and no other file of
    /// one's own that includes `observed`: `{{> observed}}` prints `ObservationView.renderedRow`,
    /// which a `ShapedPartial` renders.
    let rendersObservedRowsApart: Bool
    static let observedTemplate = "observed"
    /// True with the built-in `report.mustache` and `customerRow.mustache` (or
    /// `findingRow.mustache`), and no other file of one's own that includes it: in the report,
    /// `{{> customerRow}}` prints `CustomerSummary.renderedRow` (`{{> findingRow}}`,
    /// `FindingRow.renderedRow`), which a `ShapedPartial` renders. Ten thousand customers' rows
    /// tag by tag were most of the report's time.
    let rendersCustomerRowsApart: Bool, rendersFindingRowsApart: Bool
    static let customerRowTemplate = "customerRow", findingRowTemplate = "findingRow"
    /// True when the rows (or cards) are rendered apart and the built-in list partial that
    /// prints them one after the other is used: `{{> scopeRows}}`, `{{> observedRows}}` and
    /// `{{> findingCards}}` print `EvidencePage.scopeRows` and the others, the rows joined
    /// before the page, instead of a section that prints each row through its partial.
    let joinsScopeRows: Bool, joinsObservedRows: Bool, joinsFindingCards: Bool
    /// True with every template built in, so with the rows and cards joined and the inputs
    /// table rendered apart: the packet pages are rendered by shape (`EvidencePageShape`).
    let rendersPacketPagesByShape: Bool
    private let templates: PageTemplates
    /// The exact content of the inline `<style>` of every page.
    let style: String
    /// The exact content of the inline `<script>` of the report.
    let script: String

    init(_ templates: PageTemplates) throws(ReportError) {
        MustacheContentTypes.register(RemitHTMLContentType(), named: RemitHTMLContentType.name)
        var library = MustacheLibrary()
        for (file, text) in templates.files.sorted(by: { $0.key < $1.key }) {
            let name = file.hasSuffix(".mustache") ? String(file.dropLast(".mustache".count)) : file
            do {
                try library.register(text, named: name)
            } catch {
                throw templates.problem(file, "\(error)")
            }
        }
        self.library = library
        // A partial printed from what remit rendered of it apart prints a field of its context:
        // where a file of one's own includes it, it could print some other view's field. Then it
        // is rendered in the page. `report.mustache` is rendered with the packet partials as they
        // are, so what it includes does not count, unless another file of one's own includes it
        // (no built-in file does), which can bring it into a packet.
        func ownFileIncludes(_ partial: String, in file: String) -> Bool {
            templates.files[file].map { MustacheTags.includes(partial, in: $0) } ?? false
        }
        let reportInPackets = templates.ownFiles.contains { $0 != "report.mustache" && ownFileIncludes("report", in: $0) }
        func noOwnFileIncludes(_ partial: String, but except: String? = nil) -> Bool {
            !templates.ownFiles.contains { file in
                (file != except || reportInPackets) && ownFileIncludes(partial, in: file)
            }
        }
        func byShape(_ partial: String) -> Bool {
            ShapedPartial.accepts(templates.files[partial + ".mustache"] ?? "{{{")
        }
        rendersScopeRowsApart = templates.areBuiltIn("evidence.mustache", ScopeRows.template + ".mustache")
            && noOwnFileIncludes(ScopeRows.template, but: "report.mustache")
        rendersInputsApart = templates.areBuiltIn("evidence.mustache", Self.inputsTemplate + ".mustache")
            && noOwnFileIncludes(Self.inputsTemplate, but: "report.mustache")
        rendersFindingCardsApart = templates.areBuiltIn("report.mustache", "evidence.mustache", Self.findingTemplate + ".mustache")
            && noOwnFileIncludes(Self.findingTemplate) && byShape(Self.findingTemplate)
        rendersObservedRowsApart = templates.areBuiltIn("evidence.mustache", Self.observedTemplate + ".mustache")
            && noOwnFileIncludes(Self.observedTemplate, but: "report.mustache") && byShape(Self.observedTemplate)
        func reportRowApart(_ partial: String) -> Bool {
            templates.areBuiltIn("report.mustache", partial + ".mustache") && noOwnFileIncludes(partial) && byShape(partial)
        }
        rendersCustomerRowsApart = reportRowApart(Self.customerRowTemplate)
        rendersFindingRowsApart = reportRowApart(Self.findingRowTemplate)
        func joins(_ list: String, _ itemsApart: Bool) -> Bool {
            itemsApart && templates.areBuiltIn(list + ".mustache") && noOwnFileIncludes(list, but: "report.mustache")
        }
        joinsScopeRows = joins("scopeRows", rendersScopeRowsApart)
        joinsObservedRows = joins("observedRows", rendersObservedRowsApart)
        joinsFindingCards = joins("findingCards", rendersFindingCardsApart)
        rendersPacketPagesByShape = templates.ownFiles.isEmpty && joinsScopeRows && joinsObservedRows && joinsFindingCards
            && rendersInputsApart
        var packetLibrary = library, reportLibrary = library
        let apart = [
            (ScopeRows.template, "renderedRow", rendersScopeRowsApart), (Self.inputsTemplate, "inputsTable", rendersInputsApart),
            (Self.findingTemplate, "card", rendersFindingCardsApart), (Self.observedTemplate, "renderedRow", rendersObservedRowsApart),
            ("scopeRows", "scopeRows", joinsScopeRows), ("observedRows", "observedRows", joinsObservedRows),
            ("findingCards", "findingCards", joinsFindingCards),
        ]
        for (partial, field, apart) in apart where apart {
            do {
                try packetLibrary.register("{{{" + field + "}}}", named: partial)
                if partial == Self.findingTemplate { try reportLibrary.register("{{{" + field + "}}}", named: partial) }
            } catch {
                throw .templateInvalid(name: partial, reason: "\(error)")
            }
        }
        // The report's own rows: in a packet (a template of one's own can bring the report into
        // one), rendered in the page, as their views there have no row.
        for (partial, apart) in [(Self.customerRowTemplate, rendersCustomerRowsApart), (Self.findingRowTemplate, rendersFindingRowsApart)]
        where apart {
            do {
                try reportLibrary.register("{{{renderedRow}}}", named: partial)
            } catch {
                throw .templateInvalid(name: partial, reason: "\(error)")
            }
        }
        self.packetLibrary = packetLibrary
        self.reportLibrary = reportLibrary
        self.templates = templates
        style = templates.files[PageTemplates.styleFile] ?? ""
        script = templates.files[PageTemplates.scriptFile] ?? ""
    }

    func head(title: String, withScript: Bool) -> PageHead {
        PageHead(
            title: title,
            styleHash: Digests.sha256Base64(style),
            scriptHash: withScript ? [Digests.sha256Base64(script)] : []
        )
    }

    func render(_ page: ReportPage) throws(ReportError) -> String {
        try render(page, template: "report", library: reportLibrary, page: "report.html", withScript: true)
    }

    func render(_ page: EvidencePage, fileName: String) throws(ReportError) -> String {
        try render(page, template: "evidence", library: packetLibrary, page: "evidence/" + fileName, withScript: false)
    }

    /// A packet page (or its marked copy) rendered by swift-mustache, not yet checked
    /// (`checkedPacket`), for `EvidencePageShape`.
    func renderPacket(_ model: Any) throws(ReportError) -> String {
        guard let html = packetLibrary.render(model, withTemplate: "evidence") else {
            throw templates.problem("evidence.mustache", "it could not be rendered")
        }
        return html
    }

    /// A packet page rendered by shape, checked as `render(_:fileName:)` checks it.
    func checkedPacket(_ html: String, fileName: String) throws(ReportError) -> String {
        try checked(html, template: "evidence", page: "evidence/" + fileName, withScript: false)
    }

    /// One row of a packet's authorized-scope table, rendered on its own.
    func render(_ row: ScopeView) throws(ReportError) -> String {
        try render(partial: ScopeRows.template, row)
    }

    static let inputsTemplate = "inputs"

    /// The inputs table of the evidence packets, rendered on its own.
    func render(inputs: [InputRow]) throws(ReportError) -> String {
        try render(partial: Self.inputsTemplate, ["inputs": inputs])
    }

    /// The text of the template `name` (without `.mustache`).
    func templateText(_ name: String) -> String? {
        templates.files[name + ".mustache"]
    }

    /// A partial rendered on its own, with `model` as its whole context.
    func render(partial: String, _ model: Any) throws(ReportError) -> String {
        guard let html = library.render(model, withTemplate: partial) else {
            throw templates.problem(partial + ".mustache", "it could not be rendered")
        }
        return html
    }

    private func render(_ model: Any, template: String, library: MustacheLibrary, page: String, withScript: Bool) throws(ReportError) -> String {
        guard let html = library.render(model, withTemplate: template) else {
            throw templates.problem(template + ".mustache", "it could not be rendered")
        }
        return try checked(html, template: template, page: page, withScript: withScript)
    }

    /// `html` when it holds style.css as its one inline style and, with `withScript`,
    /// report.js as its one script (or no script without).
    private func checked(_ html: String, template: String, page: String, withScript: Bool) throws(ReportError) -> String {
        var html = html
        let found = html.withUTF8 { Self.inlineAssets(in: $0, style: style, script: script) }
        let styleOK = found.styles == 1 && found.styleBlocks == 1
        let scriptOK = withScript ? found.scripts == 1 && found.scriptBlocks == 1 : found.scripts == 0
        guard styleOK, scriptOK else {
            guard templates.customDirectory == nil else {
                throw templates.problem(template + ".mustache", "\(page) must hold style.css as its one <style> and "
                    + (withScript ? "report.js as its one <script>" : "no <script>") + " (the Content-Security-Policy allows nothing else)")
            }
            throw .inlineAssetMismatch(page: page)
        }
        return html
    }

    /// In one pass over a page: how many times `<style` and `<script` occur, and how many
    /// non-overlapping times `<style>` + `style` + `</style>` and `<script>` + `script` +
    /// `</script>` do, each occurrence counted from the left after the one before it ends (pages
    /// are megabytes and a large run writes a gigabyte of them: `openingS` finds each `<s`,
    /// the next bytes decide).
    static func inlineAssets(in page: UnsafeBufferPointer<UInt8>, style: String, script: String)
        -> (styles: Int, styleBlocks: Int, scripts: Int, scriptBlocks: Int) {
        let styleBlock = Array(("<style>" + style + "</style>").utf8), scriptBlock = Array(("<script>" + script + "</script>").utf8)
        var styles = 0, styleBlocks = 0, scripts = 0, scriptBlocks = 0
        guard let base = page.baseAddress else { return (0, 0, 0, 0) }
        func starts(_ word: StaticString, at i: Int) -> Bool {
            word.utf8CodeUnitCount <= page.count - i && memcmp(base + i, word.utf8Start, word.utf8CodeUnitCount) == 0
        }
        func block(_ block: [UInt8], at i: Int) -> Bool {
            block.count <= page.count - i && block.withUnsafeBufferPointer { memcmp(base + i, $0.baseAddress!, block.count) == 0 }
        }
        var i = 0, styleBlockEnd = 0, scriptBlockEnd = 0
        while let at = openingS(in: page, from: i) {
            i = at + 1
            if starts("<style", at: at) {
                styles += 1
                if at >= styleBlockEnd, block(styleBlock, at: at) { styleBlocks += 1; styleBlockEnd = at + styleBlock.count }
            } else if starts("<script", at: at) {
                scripts += 1
                if at >= scriptBlockEnd, block(scriptBlock, at: at) { scriptBlocks += 1; scriptBlockEnd = at + scriptBlock.count }
            }
        }
        return (styles, styleBlocks, scripts, scriptBlocks)
    }
    /// The place of the first `<` followed by `s` at or after `start`, or nil. A page has a
    /// `<` every fifteen bytes or so, and `<s` a few times: 32 bytes are compared at a time.
    static func openingS(in page: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = page.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base), count = page.count
        let less = SIMD32<UInt8>(repeating: UInt8(ascii: "<")), s = SIMD32<UInt8>(repeating: UInt8(ascii: "s"))
        var i = start
        while i + 33 <= count {
            let hits = (raw.loadUnaligned(fromByteOffset: i, as: SIMD32<UInt8>.self) .== less)
                .& (raw.loadUnaligned(fromByteOffset: i + 1, as: SIMD32<UInt8>.self) .== s)
            // Each lane is a byte of all ones or none; read as four words, the first set bit
            // is the first hit (`any` and lane by lane were not vectorized).
            let words = unsafeBitCast(hits, to: (UInt64, UInt64, UInt64, UInt64).self)
            if words.0 | words.1 | words.2 | words.3 != 0 {
                if words.0 != 0 { return i + words.0.trailingZeroBitCount / 8 }
                if words.1 != 0 { return i + 8 + words.1.trailingZeroBitCount / 8 }
                if words.2 != 0 { return i + 16 + words.2.trailingZeroBitCount / 8 }
                return i + 24 + words.3.trailingZeroBitCount / 8
            }
            i += 32
        }
        while i + 1 < count {
            if base[i] == UInt8(ascii: "<"), base[i + 1] == UInt8(ascii: "s") { return i }
            i += 1
        }
        return nil
    }
}
