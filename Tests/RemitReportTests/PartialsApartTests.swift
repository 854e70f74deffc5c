import Foundation
import RemitCore
@testable import RemitReport
import Testing

/// The partials of the evidence packets rendered apart from their pages: the authorized-scope
/// rows (`ScopeRows`; under a general authorization, once for every customer that shares
/// them) and the inputs table (once for all packets).
@Suite("HTML: packet partials rendered apart")
struct PartialsApartTests {
    /// Customers under a general authorization that share the beta customer's limits, or
    /// not, each with an instruction id full of markup (or none).
    static let generalCustomers: [Customer] = {
        let instructions: [String?] = SampleRun.payloads.map { "msa \($0)" } + ["a&b", nil]
        var customers = instructions.enumerated().map { index, instruction in
            Customer(
                id: "cust-g\(index)", name: "General \(index)",
                instructions: instruction.map { [Instruction(id: $0, kind: .sow, ref: "MSA", effective: TimeBound.parse("2024-01-01"))] } ?? [],
                purposes: ["service"], dataCategories: ["user.contact"],
                generalAuthorization: GeneralAuthorization(instruction: instruction, noticeDays: 30, objections: [])
            )
        }
        // The same limits with another notice period, and other limits with the same one.
        customers.append(Customer(
            id: "cust-notice", name: "Notice", instructions: [], purposes: ["service"], dataCategories: ["user.contact"],
            generalAuthorization: GeneralAuthorization(instruction: "n-msa", noticeDays: 90, objections: [])
        ))
        customers.append(Customer(
            id: "cust-limits", name: "Limits", instructions: [], purposes: ["service", "improve"], dataCategories: ["user"],
            regions: ["DE"], generalAuthorization: GeneralAuthorization(instruction: "l-msa", noticeDays: 30, objections: [])
        ))
        return customers
    }()

    /// Every packet of `report`, rendered with `templates` and, when given, `rows`.
    func packets(_ report: RunReport, _ templates: PageTemplates, rows: (PageRenderer) -> ScopeRows?) throws -> [String: String] {
        let renderer = try PageRenderer(templates)
        let rows = rows(renderer)
        let packets = EvidencePacket.all(report)
        let names = EvidenceFileNames(customerIDs: packets.map(\.customer.id))
        let inputsTable = renderer.rendersInputsApart ? try renderer.render(inputs: EvidencePageBuilder.inputs(report)) : ""
        let builder = EvidencePageBuilder(report: report, formats: [.html, .json], names: names, memo: nil, rows: rows, inputsTable: inputsTable)
        var pages: [String: String] = [:]
        for packet in packets {
            let fileName = try #require(names.fileName(for: packet.customer.id))
            let page = try builder.build(packet, head: renderer.head(title: packet.customer.id, withScript: false))
            pages[fileName] = try renderer.render(page, fileName: fileName)
        }
        return pages
    }

    @Test(arguments: [false, true])
    func partialsRenderedApartAreThoseRenderedInThePage(hostile: Bool) throws {
        let report = SampleRun.report(hostile ? SampleRun.hostileStrings : SampleRun.Strings(), moreCustomers: Self.generalCustomers)
        let builtIn = try PageTemplates.load()
        #expect(try PageRenderer(builtIn).rendersScopeRowsApart && PageRenderer(builtIn).rendersInputsApart)

        // The same built-in partials, but brought as templates of one's own: rendered in the page.
        let folder = try TemporaryDirectory()
        for name in ["scope.mustache", "inputs.mustache"] {
            try #require(builtIn.files[name]).write(to: folder.url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let own = try PageTemplates.load(overlay: folder.url.path)
        #expect(try !PageRenderer(own).rendersScopeRowsApart && !PageRenderer(own).rendersInputsApart)

        let inPage = try packets(report, own) { _ in nil }
        let apart = try packets(report, builtIn) { ScopeRows(renderer: $0, memo: ScopeDisplayMemo(coverage: report.context.taxonomy.regions)) }
        let apartUnkept = try packets(report, builtIn) { ScopeRows(renderer: $0, memo: ScopeDisplayMemo(coverage: report.context.taxonomy.regions), capacity: 1) }
        #expect(inPage.count == 2 + Self.generalCustomers.count)
        for (name, page) in inPage {
            #expect(apart[name] == page, "\(name)")
            #expect(apartUnkept[name] == page, "\(name)")
        }
        // Each packet names its own instruction, escaped.
        let first = try #require(apart["cust-g0.html"])
        #expect(first.contains("<td>general, 30-day notice<br>by <bdi class=\"v\">msa &lt;script&gt;alert(1)&lt;/script&gt;</bdi></td>"))
        #expect(try #require(apart["cust-g6.html"]).contains("by <bdi class=\"v\">a&amp;b</bdi></td>"))
        #expect(try #require(apart["cust-g7.html"]).contains("by <bdi class=\"v\">none named</bdi></td>"))
        #expect(try #require(apart["cust-notice.html"]).contains("<td>general, 90-day notice<br>by <bdi class=\"v\">n-msa</bdi></td>"))
        #expect(first.contains("<td><code class=\"digest\" title=\"\(String(repeating: "04", count: 32))\">"))
    }

    /// Through `OutputWriter`, which renders the packets on every core: the same bytes with the
    /// built-in templates as with an identical copy of a file that decides what is rendered apart.
    @Test(arguments: [["scope.mustache"], ["inputs.mustache"], ["evidence.mustache"]])
    func theWriterGivesTheSamePacketsWithCopiesOfTheBuiltInFiles(copied: [String]) throws {
        let report = SampleRun.report(SampleRun.hostileStrings, moreCustomers: Self.generalCustomers)
        let builtIn = try PageTemplates.load()
        let folder = try TemporaryDirectory()
        for name in copied {
            try #require(builtIn.files[name]).write(to: folder.url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let own = try PageTemplates.load(overlay: folder.url.path)
        let renderer = try PageRenderer(own)
        #expect(renderer.rendersScopeRowsApart == !(copied.contains("scope.mustache") || copied.contains("evidence.mustache")))
        #expect(renderer.rendersInputsApart == !(copied.contains("inputs.mustache") || copied.contains("evidence.mustache")))
        var outputs: [TemporaryDirectory] = []
        for templates in [builtIn, own] {
            let directory = try TemporaryDirectory()
            directory.written = try OutputWriter.write(report, settings: OutputSettings(formats: [.html], templates: templates), to: directory.url)
            outputs.append(directory)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: outputs[0].url.appendingPathComponent("evidence").path).sorted()
        #expect(names.count == 2 + Self.generalCustomers.count)
        for name in names {
            #expect(try outputs[0].text("evidence/" + name) == outputs[1].text("evidence/" + name), "\(name)")
        }
    }

    @Test func aRowTemplateOfOnesOwnIsUsed() throws {
        let folder = try TemporaryDirectory()
        try "<tr><td>{{subprocessor}} under {{instruction}}</td></tr>\n"
            .write(to: folder.url.appendingPathComponent("scope.mustache"), atomically: true, encoding: .utf8)
        let directory = try TemporaryDirectory()
        let settings = OutputSettings(formats: [.html], templates: try PageTemplates.load(overlay: folder.url.path))
        directory.written = try OutputWriter.write(SampleRun.report(moreCustomers: Self.generalCustomers), settings: settings, to: directory.url)
        #expect(try directory.text("evidence/cust-acme.html").contains("<tr><td>sp-mailer under acme-dpa-2025</td></tr>\n"))
        #expect(try directory.text("evidence/cust-g6.html").contains("<tr><td>sp-mailer under a&amp;b</td></tr>\n"))
    }

    /// The JSON packets keep a general scope's members the same way (`ScopeDisplayMemo
    /// .generalScopeJSON`): written with one memo for all packets, kept or not, they are the
    /// packets each written on its own.
    @Test func generalScopesKeptForTheJSONPacketsAreThoseWrittenAlone() {
        let report = SampleRun.report(SampleRun.hostileStrings, moreCustomers: Self.generalCustomers)
        let packets = EvidencePacket.all(report)
        let shared = ScopeDisplayMemo(coverage: report.context.taxonomy.regions)
        let sharedUnkept = ScopeDisplayMemo(coverage: report.context.taxonomy.regions, kept: 1)
        for packet in packets {
            let alone = EvidenceJSON.render(packet, report: report)
            #expect(EvidenceJSON.render(packet, report: report, memo: shared) == alone, "\(packet.customer.id)")
            #expect(EvidenceJSON.render(packet, report: report, memo: sharedUnkept) == alone, "\(packet.customer.id)")
        }
        #expect(packets.count == 2 + Self.generalCustomers.count)
    }
}
