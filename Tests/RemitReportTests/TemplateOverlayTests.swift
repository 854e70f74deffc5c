import Foundation
import RemitReport
import Testing

/// `remit run --template DIR`: a company's own templates on the documented view model.
@Suite("Templates: a folder laid over the built-in ones")
struct TemplateOverlayTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: folder.url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func render(formats: Set<OutputFormat> = [.html]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let settings = OutputSettings(formats: formats, templates: try PageTemplates.load(overlay: folder.url.path))
        directory.written = try OutputWriter.write(SampleRun.report(), settings: settings, to: directory.url)
        return directory
    }

    @Test func ownReportTemplateOnTheSameViewModel() throws {
        try write("report.mustache", """
            {{> head}}
            <body><h1>Acme vendor review {{header.asOf}}</h1>
            <p>{{verdict.headline}}: {{verdict.text}}</p>
            <ul>{{#table}}<li>{{severity}} {{kind}} {{customer}} {{value}}</li>{{/table}}</ul>
            {{#customers}}<a href="{{#evidence}}{{href}}{{/evidence}}">{{name}}</a>{{/customers}}
            <script>{{> report.js}}</script></body></html>
            """)
        let directory = try render()
        let html = try directory.text("report.html")
        #expect(html.contains("<h1>Acme vendor review 2026-11-28T00:00:00Z</h1>"))
        #expect(html.contains("<li>high PURPOSE_NOT_AUTHORIZED cust-acme improve.ml_training</li>"))
        #expect(html.contains("<p>Fail: 5 unsuppressed findings"))
        // The built-in head still carries the CSP; the evidence packets keep the built-in template.
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"))
        #expect(try directory.text("evidence/cust-acme.html").contains("<h2>1. Documented instructions</h2>"))
    }

    @Test func ownStylesheetIsHashedIntoThePolicy() throws {
        let style = "body { font-family: Georgia, serif; }\n"
        try write("style.css", style)
        let directory = try render()
        for page in ["report.html", "evidence/cust-acme.html"] {
            let html = try directory.text(page)
            #expect(html.contains("<style>\(style)</style>"))
            #expect(html.contains("style-src 'sha256-\(sha256Base64(style))'"))
        }
    }

    @Test func aTemplateThatAddsAScriptIsRefused() throws {
        try write("evidence.mustache", "{{> head}}<body><script>alert(1)</script></body></html>")
        #expect {
            _ = try render()
        } throws: { error in
            guard let error = error as? ReportError, case .customTemplateInvalid(let path, let reason) = error else { return false }
            return error.isUsageError && path.hasSuffix("/evidence.mustache") && reason.contains("no <script>")
        }
    }

    /// Values come from vendors and logs: a template of one's own that could print one
    /// without HTML escaping is refused before anything is rendered, naming the file and the
    /// tag. A comment that mentions such a tag, and the content types that escape, are fine.
    @Test(arguments: [
        ("report.mustache", "<p>{{{verdict.text}}}</p>", "{{{verdict.text}}} would print a value without HTML escaping"),
        ("finding.mustache", "{{#row}}{{& message}}{{/row}}", "{{& message}} would print a value without HTML escaping"),
        ("evidence.mustache", "{{% CONTENT_TYPE: TEXT }}<p>{{customerID}}</p>", "{{% CONTENT_TYPE: TEXT }} would turn HTML escaping off"),
        ("scope.mustache", "{{=<% %>=}}<td><%{subprocessor}%></td>", "{{=<% %>=}} changes the tag delimiters"),
        // U+0600 joins the `{` after it into one character, which swift-mustache does not take for a brace.
        ("report.mustache", "{{#customers}}\u{0600}{{.{{{name}}}{{/customers}}", "{{{name}}} would print a value without HTML escaping"),
        ("style.css", "body { color: black; }{{{header.asOf}}}", "{{{header.asOf}}} would print a value without HTML escaping"),
        // swift-mustache reads `{{` and a line break as text, and finds `{{{customerID}}}` after it.
        ("evidence.mustache", "<bdi>{{\u{2028}x{{{customerID}}}</bdi>", "a {{ before a line break is not a tag"),
        ("evidence.mustache", "<bdi>{{\r\nx{{{customerID}}}</bdi>", "a {{ before a line break is not a tag"),
        // Escaping relies on VisibleText having split a character that holds markup; reversing can join one again.
        ("evidence.mustache", "<bdi title=\"{{reversed(customerID)}}\">x</bdi>", "{{reversed(customerID)}} applies a transform"),
        ("report.mustache", "{{#reversed(customers)}}{{name}}{{/reversed(customers)}}", "{{#reversed(customers)}} applies a transform"),
        // A name `x autofocus onfocus=…` would add attributes there.
        ("evidence.mustache", "<h1 title={{#customerName}}{{.}}{{/customerName}}>x</h1>", "{{.}} stands inside an HTML tag"),
        ("evidence.mustache", "<h1 {{customerID}}>x</h1>", "{{customerID}} stands inside an HTML tag"),
        ("evidence.mustache", "<a href='x' title = {{customerID}}>x</a>", "{{customerID}} stands inside an HTML tag"),
        ("evidence.mustache", "<td {{> scope}}></td>", "{{> scope}} stands inside an HTML tag"),
        // The fourth reviewer's: where the HTML tokenizer puts the value inside a tag after all.
        ("report.mustache", "<h1 class=a =\"{{verdict.text}}\">", "{{verdict.text}} stands inside an HTML tag"),
        ("report.mustache", "<!-- c --!><h1 title={{verdict.text}}>", "{{verdict.text}} stands inside an HTML tag"),
        ("report.mustache", "<textarea><a title=\"</textarea><h1 title={{verdict.text}}>\">", "{{verdict.text}} stands inside an HTML tag"),
        ("report.mustache", "<? <a title=\"> <h1 title={{verdict.text}}>", "{{verdict.text}} stands inside an HTML tag"),
        ("report.mustache", "<h1 title=\u{00A0}\"{{verdict.text}}\">", "{{verdict.text}} stands inside an HTML tag"),
        ("report.mustache", "<h1 title=\"x\"\u{0301} {{verdict.text}}>", "{{verdict.text}} stands inside an HTML tag"),
        ("open.mustache", "<h1 class=a title=", "the file ends inside an HTML tag"),
    ])
    func aTemplateThatCouldPrintAValueUnescapedIsRefused(file: String, text: String, reason: String) throws {
        try write(file, text)
        #expect {
            _ = try PageTemplates.load(overlay: folder.url.path)
        } throws: { error in
            guard let error = error as? ReportError, case .customTemplateInvalid(let path, let said) = error else { return false }
            return error.isUsageError && path.hasSuffix("/" + file) && said.hasPrefix(reason)
        }
    }

    /// Every built-in template passes the check, so a copy of one to start from does too.
    @Test func copiesOfTheBuiltInTemplatesPassTheCheck() throws {
        let builtIn = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/RemitReport/Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: builtIn.path)
        #expect(names.count > 10)
        for name in names {
            try write(name, String(contentsOf: builtIn.appendingPathComponent(name), encoding: .utf8))
        }
        try write("legend.mustache", "<!-- <a {{x}} --><p class=\"a {{x}}\" title='{{y}}'>{{z}}</p><tr{{#h}} hidden{{/h}}>\n")
        let directory = try render()
        #expect(try directory.text("evidence/cust-acme.html").contains("<h2>1. Documented instructions</h2>"))
    }

    /// A script of one's own compares with `<`: that is no HTML tag, and it loads.
    @Test func aScriptOfOnesOwnWithComparisonsIsAccepted() throws {
        try write("report.js", "function f(a, b) { return a<b ? a : b }\n")
        let directory = try render()
        #expect(try directory.text("report.html").contains("<script>function f(a, b) { return a<b ? a : b }\n</script>"))
    }

    @Test func escapingTemplatesAreAccepted() throws {
        try write("scope.mustache", "{{% CONTENT_TYPE: HTML }}{{! never {{{subprocessor}}} here }}<tr><td>{{subprocessor}}</td></tr>\n")
        try write("inputs.mustache", "{{%CONTENT_TYPE:REMIT_HTML}}<p class=\"mine\">{{#inputs}}{{role}};{{/inputs}}</p>\n")
        let directory = try render()
        let packet = try directory.text("evidence/cust-acme.html")
        #expect(packet.contains("<tr><td>sp-mailer</td></tr>"))
        #expect(packet.contains("<p class=\"mine\">register;catalog;flows;flows;</p>"))
    }

    @Test func brokenOrEmptyFoldersAreUsageErrors() throws {
        #expect {
            _ = try PageTemplates.load(overlay: folder.url.path)
        } throws: { error in
            guard let error = error as? ReportError, case .customTemplateInvalid(_, let reason) = error else { return false }
            return reason.contains("no *.mustache, style.css or report.js file")
        }
        #expect(throws: ReportError.self) { _ = try PageTemplates.load(overlay: folder.url.appendingPathComponent("absent").path) }
        try write("report.mustache", "{{#table}} never closed")
        // Without the `html` format too: the built-in templates are then not parsed, a folder
        // of one's own still is, and fails the run.
        for formats: Set<OutputFormat> in [[.html], [.json, .csv]] {
            #expect {
                _ = try render(formats: formats)
            } throws: { error in
                guard let error = error as? ReportError, case .customTemplateInvalid(let path, _) = error else { return false }
                return error.isUsageError && path.hasSuffix("/report.mustache")
            }
        }
    }
}
