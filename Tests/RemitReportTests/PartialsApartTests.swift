import Foundation
import RemitCore
@testable import RemitReport
import Testing

/// The partials rendered apart from their pages: the packets' authorized-scope rows
/// (`ScopeRows`; under a general authorization, once for every customer that shares them),
/// the packets' inputs table (once for all packets), and, once per shape (`ShapedPartial`),
/// the finding cards of the report and the packets and the packets' observed-processing rows;
/// and the packets' lists of those, joined before the page (`scopeRows`, `observedRows`,
/// `findingCards`).
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

    /// Every packet of `report` by file name, and the report (`report.html`), rendered with
    /// `templates`, keeping `kept` scope rows and card shapes.
    /// With the built-in templates the packet pages are rendered by shape (`EvidencePageShape`),
    /// and at least one shape is kept (a page shape that could not be cut would be rendered
    /// tag by tag, and not kept).
    func pages(_ report: RunReport, _ templates: PageTemplates, kept: Int = 4_096) throws -> [String: String] {
        let packets = EvidencePacket.all(report)
        let names = EvidenceFileNames(customerIDs: packets.map(\.customer.id))
        let html = try HTMLPages(report, names: names, settings: OutputSettings(formats: [.html, .json], templates: templates), kept: kept)
        var pages = ["report.html": try html.reportPage()]
        for packet in packets {
            let (path, page) = try #require(try html.evidence(packet))
            pages[String(path.dropFirst("evidence/".count))] = page
        }
        if templates.ownFiles.isEmpty {
            #expect((html.keptPacketShapes ?? 0) >= 1)
        } else {
            #expect(html.keptPacketShapes == nil)
        }
        return pages
    }

    @Test(arguments: [false, true])
    func partialsRenderedApartAreThoseRenderedInThePage(hostile: Bool) throws {
        let report = SampleRun.report(hostile ? SampleRun.hostileStrings : SampleRun.Strings(), moreCustomers: Self.generalCustomers)
        let builtIn = try PageTemplates.load()
        let renderer = try PageRenderer(builtIn)
        #expect(renderer.rendersScopeRowsApart && renderer.rendersInputsApart && renderer.rendersFindingCardsApart
            && renderer.rendersObservedRowsApart && renderer.rendersCustomerRowsApart && renderer.rendersFindingRowsApart)
        #expect(renderer.joinsScopeRows && renderer.joinsObservedRows && renderer.joinsFindingCards)
        #expect(renderer.rendersPacketPagesByShape)

        // The same built-in partials, but brought as templates of one's own: rendered in the page.
        let folder = try TemporaryDirectory()
        for name in ["scope.mustache", "inputs.mustache", "finding.mustache", "observed.mustache", "customerRow.mustache", "findingRow.mustache"] {
            try #require(builtIn.files[name]).write(to: folder.url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let own = try PageTemplates.load(overlay: folder.url.path)
        let ownRenderer = try PageRenderer(own)
        #expect(!ownRenderer.rendersScopeRowsApart && !ownRenderer.rendersInputsApart && !ownRenderer.rendersFindingCardsApart
            && !ownRenderer.rendersObservedRowsApart && !ownRenderer.rendersCustomerRowsApart && !ownRenderer.rendersFindingRowsApart)

        #expect(!ownRenderer.joinsScopeRows && !ownRenderer.joinsObservedRows && !ownRenderer.joinsFindingCards)
        #expect(!ownRenderer.rendersPacketPagesByShape)

        let inPage = try pages(report, own)
        let apart = try pages(report, builtIn)
        let apartUnkept = try pages(report, builtIn, kept: 1)
        #expect(inPage.count == 1 + 2 + Self.generalCustomers.count)
        for (name, page) in inPage {
            #expect(apart[name] == page, "\(name)")
            #expect(apartUnkept[name] == page, "\(name)")
        }
        // The report's rows are there: one a customer, one a finding of the table.
        let reportPage = try #require(apart["report.html"])
        #expect(reportPage.components(separatedBy: "<td class=\"nowrap\"><bdi class=\"v\">").count - 1 == Set(report.context.register.customers.map(\.id)).count)
        #expect(reportPage.components(separatedBy: "<tr id=\"f-").count - 1 == report.findings.count)
        // The cards are there, each with its own texts.
        let cards = try #require(apart["report.html"]).components(separatedBy: "<article class=\"card finding").count - 1
        #expect(cards == report.findings.count && cards > 3)
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
    @Test(arguments: [["scope.mustache"], ["inputs.mustache"], ["evidence.mustache"], ["finding.mustache"], ["report.mustache"],
                      ["observed.mustache"], ["scopeRows.mustache"], ["observedRows.mustache"], ["findingCards.mustache"],
                      ["customerRow.mustache"], ["findingRow.mustache"]])
    func theWriterGivesTheSamePacketsWithCopiesOfTheBuiltInFiles(copied: [String]) throws {
        let report = SampleRun.report(SampleRun.hostileStrings, moreCustomers: Self.generalCustomers)
        let builtIn = try PageTemplates.load()
        let folder = try TemporaryDirectory()
        for name in copied {
            try #require(builtIn.files[name]).write(to: folder.url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let own = try PageTemplates.load(overlay: folder.url.path)
        let renderer = try PageRenderer(own)
        // A list partial of one's own includes the row's partial: the rows are then rendered in the page.
        func apart(_ own: [String]) -> Bool { copied.allSatisfy { !own.contains($0) } }
        #expect(renderer.rendersScopeRowsApart == apart(["scope.mustache", "evidence.mustache", "scopeRows.mustache"]))
        #expect(renderer.rendersInputsApart == apart(["inputs.mustache", "evidence.mustache"]))
        #expect(renderer.rendersFindingCardsApart == apart(["finding.mustache", "evidence.mustache", "report.mustache", "findingCards.mustache"]))
        #expect(renderer.rendersObservedRowsApart == apart(["observed.mustache", "evidence.mustache", "observedRows.mustache"]))
        #expect(renderer.rendersCustomerRowsApart == apart(["customerRow.mustache", "report.mustache"]))
        #expect(renderer.rendersFindingRowsApart == apart(["findingRow.mustache", "report.mustache"]))
        #expect(renderer.joinsScopeRows == renderer.rendersScopeRowsApart)
        #expect(renderer.joinsObservedRows == renderer.rendersObservedRowsApart)
        #expect(renderer.joinsFindingCards == renderer.rendersFindingCardsApart)
        var outputs: [TemporaryDirectory] = []
        for templates in [builtIn, own] {
            let directory = try TemporaryDirectory()
            directory.written = try OutputWriter.write(report, settings: OutputSettings(formats: [.html], templates: templates), to: directory.url)
            outputs.append(directory)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: outputs[0].url.appendingPathComponent("evidence").path).sorted()
        #expect(names.count == 2 + Self.generalCustomers.count)
        for name in names.map({ "evidence/" + $0 }) + ["report.html"] {
            #expect(try outputs[0].text(name) == outputs[1].text(name), "\(name)")
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

    @Test func aFindingCardTemplateOfOnesOwnIsUsed() throws {
        let folder = try TemporaryDirectory()
        try "{{#row}}<p class=\"mine\">{{kind}} of {{customer}}</p>{{/row}}\n"
            .write(to: folder.url.appendingPathComponent("finding.mustache"), atomically: true, encoding: .utf8)
        let templates = try PageTemplates.load(overlay: folder.url.path)
        #expect(try !PageRenderer(templates).rendersFindingCardsApart)
        let report = SampleRun.report()
        let page = try #require(try pages(report, templates)["report.html"])
        let finding = try #require(report.findings.first)
        #expect(page.contains("<p class=\"mine\">\(finding.key.kind.rawValue) of \(finding.key.customer)</p>"))
        #expect(!page.contains("<article class=\"card finding"))
    }

    /// A template of one's own that includes a partial rendered apart where the built-in pages
    /// do not would print some other view's `card` or `row` there: that partial is then
    /// rendered in its pages.
    @Test(arguments: ["{{#details}}{{> finding }}{{/details}}", "{{>\nobserved}}", "{{< scope}}{{/scope}}", "{{>inputs}}",
                      "{{>*name}}"])
    func aTemplateOfOnesOwnThatIncludesAPartialKeepsItInThePage(include: String) throws {
        let builtIn = try PageTemplates.load()
        let folder = try TemporaryDirectory()
        try (try #require(builtIn.files["head.mustache"]) + include)
            .write(to: folder.url.appendingPathComponent("head.mustache"), atomically: true, encoding: .utf8)
        let renderer = try PageRenderer(PageTemplates.load(overlay: folder.url.path))
        let apart = ["finding": renderer.rendersFindingCardsApart, "observed": renderer.rendersObservedRowsApart,
                     "scope": renderer.rendersScopeRowsApart, "inputs": renderer.rendersInputsApart]
        for (partial, isApart) in apart {
            let included = include.contains(partial) || include.contains("*")
            #expect(isApart == !included, "\(partial)")
        }
    }

    /// The reviewer's case: a card of one's own that shows the observed row of its finding.
    /// `{{> observed}}` there is the real partial, escaped, not another view's `row`.
    @Test func aCardOfOnesOwnCanIncludeTheObservedRow() throws {
        let folder = try TemporaryDirectory()
        try "{{#row}}<div class=\"mine\">{{> observed}}</div>{{/row}}\n"
            .write(to: folder.url.appendingPathComponent("finding.mustache"), atomically: true, encoding: .utf8)
        let templates = try PageTemplates.load(overlay: folder.url.path)
        #expect(try !PageRenderer(templates).rendersObservedRowsApart)
        let pages = try pages(SampleRun.report(SampleRun.hostileStrings), templates)
        #expect(pages.count > 2)
        for (name, page) in pages {
            #expect(!page.contains("FindingRow("), "\(name)")
            #expect(!page.contains("<img"), "\(name)")
        }
    }

    /// The third reviewer's chain: a `report.mustache` of one's own that includes `observed`
    /// (or `scope`) inside the findings, itself included from a packet by another file of one's
    /// own. The partial is then rendered in the page, not printed from another view's field (a
    /// finding's row, whose description held its texts unescaped).
    @Test(arguments: ["observed", "scope"])
    func aPartialReachedThroughTheReportTemplateInAPacketIsRenderedInThePage(partial: String) throws {
        let builtIn = try PageTemplates.load()
        let folder = try TemporaryDirectory()
        let report = try #require(builtIn.files["report.mustache"])
        let inputs = try #require(builtIn.files["inputs.mustache"])
        try ("{{#findingsSummary}}{{#findings}}{{> \(partial)}}{{/findings}}{{/findingsSummary}}{{^findingsSummary}}" + report + "{{/findingsSummary}}")
            .write(to: folder.url.appendingPathComponent("report.mustache"), atomically: true, encoding: .utf8)
        try (inputs + "{{#findingsSummary}}{{> report}}{{/findingsSummary}}")
            .write(to: folder.url.appendingPathComponent("inputs.mustache"), atomically: true, encoding: .utf8)
        let templates = try PageTemplates.load(overlay: folder.url.path)
        let renderer = try PageRenderer(templates)
        #expect(partial == "observed" ? !renderer.rendersObservedRowsApart : !renderer.rendersScopeRowsApart)
        let pages = try pages(SampleRun.report(SampleRun.hostileStrings), templates)
        #expect(pages.count > 2)
        for (name, page) in pages {
            #expect(!page.contains("FindingRow("), "\(name)")
            #expect(!page.contains("<img"), "\(name)")
        }
    }

    @Test func onlyTemplatesThatPrintEveryTextEscapedAreRenderedByShape() throws {
        let finding = try #require(try PageTemplates.load().files["finding.mustache"])
        #expect(ShapedPartial.accepts(finding))
        #expect(ShapedPartial.accepts("{{#row}}<b>{{kind}}</b>{{^samples}}none{{/samples}}{{! note }}{{/row}}"))
        #expect(!ShapedPartial.accepts("{{% CONTENT_TYPE: TEXT }}<p>{{kind}}</p>"))
        for refused in ["{{{message}}}", "{{& message}}", "{{> other}}", "{{=<% %>=}}", "{{lowercased(message)}}", "{{ {message} }}",
                        "{{#reversed(samples)}}{{/reversed(samples)}}", "{{<parent}}{{/parent}}", "{{$block}}{{/block}}"] {
            #expect(!ShapedPartial.accepts("<p>{{kind}}</p>" + refused), "\(refused)")
        }
        #expect(MustacheTags.includes("finding", in: "a {{> finding}} b"))
        #expect(MustacheTags.includes("finding", in: "{{>finding}}"))
        #expect(!MustacheTags.includes("finding", in: "{{> findings}} {{finding}} {{{> finding}}}"))
        #expect(MustacheTags.includes("finding", in: "{{ >\n finding\t}}") && MustacheTags.includes("finding", in: "{{<finding}}{{/finding}}"))
        #expect(MustacheTags.contents(of: "x{{{a}}}y{{b}}z{{") == ["{a}", "b"])
        #expect(MustacheTags.contents(of: "\u{0600}{{.{{{a}}}") == ["{a}"])
        // A space with a combining mark is white space to swift-mustache, as to this reading.
        #expect(MustacheTags.includes("scope", in: "{{> \u{20}\u{301}scope}}") && MustacheTags.includes("scope", in: "{{> \u{301}*x}}"))
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
