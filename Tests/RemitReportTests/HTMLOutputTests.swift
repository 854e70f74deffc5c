import Foundation
import RemitCore
import RemitReport
import Testing

@Suite("HTML: report.html and evidence packets")
struct HTMLOutputTests {
    static let pages = ["report.html", "evidence/cust-acme.html", "evidence/cust-beta.html"]

    @Test(arguments: pages)
    func cspHashesMatchTheInlineStyleAndScript(page: String) throws {
        let directory = try written(SampleRun.report(), formats: [.html])
        let html = try directory.text(page)
        let head = "<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\""
        #expect(html.contains(head), "charset must be followed by the CSP meta tag")
        let policy = try #require(between(html, head, "\">"))
        let style = try #require(between(html, "<style>", "</style>"))
        #expect(policy.hasPrefix("default-src 'none'; style-src 'sha256-\(sha256Base64(style))'; script-src "))
        #expect(policy.hasSuffix("; img-src data:; base-uri 'none'; form-action 'none'"))
        if page == "report.html" {
            let script = try #require(between(html, "<script>", "</script>"))
            #expect(policy.contains("script-src 'sha256-\(sha256Base64(script))';"))
            #expect(occurrences(of: "<script", in: html) == 1)
            #expect(script.utf8.count < 4_096)
        } else {
            #expect(policy.contains("script-src 'none';"))
            #expect(!html.contains("<script"))
        }
        #expect(occurrences(of: "<style", in: html) == 1)
        let tags = scanTags(html)
        #expect(!tags.contains { $0.attributes.contains { $0.name == "style" } }, "no style attributes")
        #expect(!tags.contains { ["link", "img", "iframe", "object", "embed", "base", "form"].contains($0.name) })
        #expect(!tags.contains { $0.attributes.contains { $0.name == "src" } })
    }

    @Test func reportShowsHeaderSummaryMatrixAndEveryFinding() throws {
        let report = SampleRun.report()
        let directory = try written(report, formats: [.html, .json])
        let html = try directory.text("report.html")
        #expect(html.contains("<div><dt>As of</dt><dd>2026-11-28T00:00:00Z</dd></div>"))
        #expect(html.contains("<div><dt>Job SHA-256</dt><dd><code title=\"\(String(repeating: "ab", count: 32))\">abababababab…</code></dd></div>"))
        #expect(html.contains("<span class=\"verdict-mark\">Fail</span> 5 unsuppressed findings at or above fail_on (high): the run exits 1."))
        #expect(html.contains("<code class=\"digest\" title=\"\(String(repeating: "03", count: 32))\">030303030303…</code>"))
        #expect(html.contains("<span class=\"badge cached\">cached</span>"))
        #expect(html.contains("4 inputs · 10 flow records read, 1 rejected · 3 fresh, 1 cached."))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("Open findings by severity in the last 3 runs"))
        for finding in report.findings {
            #expect(html.contains("<tr id=\"f-\(finding.fingerprint)\""))
            #expect(html.contains("<article class=\"card finding sev-\(finding.severity.rawValue)"))
            #expect(html.contains("id=\"d-\(finding.fingerprint)\""))
            #expect(html.contains("<td class=\"kind\"><a href=\"#d-\(finding.fingerprint)\""))
        }
        // Matrix: every state, as a linked heat-map cell and as a table cell.
        let mailer = try #require(report.findings.first { $0.key.customer == "cust-acme" && $0.key.subprocessor == "sp-mailer" })
        #expect(html.contains("<a href=\"#f-\(mailer.fingerprint)\" class=\"hm-high\"><title>cust-acme × sp-mailer: approved, with findings (worst: high), 2 findings</title>"))
        #expect(html.contains("<td class=\"findings sev-high\" title=\"cust-acme × sp-mailer: approved, with findings (worst: high), 2 findings\"><a href=\"#f-\(mailer.fingerprint)\">▲2</a></td>"))
        #expect(html.contains("<td class=\"unauthorized\" title=\"cust-beta × sp-adtech: used but not approved, 1 finding\">"))
        #expect(html.contains("<td class=\"unused\" title=\"cust-beta × sp-backup: approved but unused\"><a href=\"#c-"))
        #expect(html.contains("<a href=\"evidence/cust-acme.html\">HTML</a> <a href=\"evidence/cust-acme.json\">JSON</a>"))
        // A suppressed finding names its exception, reason, approver and expiry.
        #expect(html.contains("<span class=\"badge muted\">suppressed · <bdi>EXC-12</bdi></span>"))
        #expect(html.contains("<b>Suppressed by exception <bdi>EXC-12</bdi></b>: <bdi>Pilot approved by change order CO-77</bdi><br>approved by <bdi>privacy-office</bdi> · expires 2027-01-31"))
        // Per-finding evidence: the instruction with its dates, the authorized scope on the
        // dimension against the observed value, volumes, samples with source:line.
        #expect(html.contains("<div class=\"authorized\"><h4>Authorized (effective scope)</h4><p><bdi>purposes: service.delivery.notifications</bdi></p>"))
        #expect(html.contains("<span class=\"tag\"><bdi>acme-dpa-2025</bdi></span> dpa · <bdi>DPA v3, Annex 1</bdi> · effective 2025-03-01, expires 2027-03-01 · in force"))
        #expect(html.contains("<code><bdi>exports/egress.ndjson:9:14</bdi></code> · flow <bdi class=\"v\">f-9</bdi> · <bdi>count: expected a non-negative integer</bdi>"))
        #expect(html.contains("<p class=\"sub\">3 flows · 340 records · 81,234 bytes</p><p class=\"sub\">seen 2026-11-27T01:02:03Z</p>"))
        #expect(html.contains("<td class=\"num\" data-sort=\"81234\" title=\"81,234 bytes\">81.2 kB</td>"))
        // A card says which party a finding does not name, where an empty name would be.
        #expect(html.contains("<bdi class=\"v\">cust-acme</bdi> (<bdi>Acme Corp</bdi>) → <span class=\"none\">no subprocessor</span></span>"))
        #expect(html.contains("<span class=\"where\"><span class=\"none\">no customer</span> → "))
        #expect(!html.contains("→ <bdi class=\"v\"></bdi>") && !html.contains("\"where\"><bdi class=\"v\"></bdi>"))
        // Filters are hidden until the script shows them; every row is in the markup.
        #expect(html.contains("<div class=\"filters\" id=\"filters\" role=\"search\" aria-label=\"Filter the findings\" hidden>"))
        #expect(html.contains("@media print"))
    }

    @Test func evidencePacketReadsTopDown() throws {
        let directory = try written(SampleRun.report(), formats: [.html, .json])
        let html = try directory.text("evidence/cust-acme.html")
        let order = ["<h2>1. Documented instructions</h2>", "<h2>2. Effective authorized scope", "<h2>3. Observed processing</h2>",
                     "<h2>4. Findings and exceptions</h2>", "<h2>5. Input provenance</h2>"]
        let positions = order.compactMap { html.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted())
        #expect(html.contains("<a href=\"cust-acme.json\">this packet as JSON (remit.evidence/1)</a>"))
        #expect(html.contains("<a href=\"https://contracts.example/acme/dpa-v3.pdf\" rel=\"noopener noreferrer\">"))
        #expect(html.contains("<code class=\"digest\">\(String(repeating: "cd", count: 32))</code>"))
        #expect(html.contains("<td>explicit<br>by <bdi class=\"v\">acme-dpa-2025</bdi></td>"))
        #expect(html.contains("<td class=\"nowrap\">2025-03-01 –<br>2026-12-31</td>"))
        #expect(html.contains("<span class=\"tag\"><bdi>notify-svc</bdi></span>"))
        // Observed values outside the authorized scope are marked with ✗, not colour alone.
        #expect(html.contains("<span class=\"tag out\">✗ <bdi>improve.ml_training</bdi></span>"))
        #expect(html.contains("<td class=\"num\">4</td><td class=\"num\">352</td><td class=\"num\">84,690</td>"))
        #expect(html.contains("<td><bdi>privacy-office</bdi></td>"))
        #expect(html.contains("<code class=\"digest\" title=\"\(String(repeating: "04", count: 32))\">\(String(repeating: "04", count: 32))</code>"))
        #expect(html.contains("<div><dt>Open findings</dt><dd>"))
        #expect(!html.contains("cust-beta × "))

        let beta = try directory.text("evidence/cust-beta.html")
        #expect(beta.contains("<h3>General written authorization</h3>"))
        #expect(beta.contains("<span class=\"tag\"><bdi>sp-adtech</bdi></span>"))
        #expect(beta.contains("<td>general, 30-day notice<br>by <bdi class=\"v\">beta-msa</bdi></td>"))
        #expect(beta.contains("<td class=\"nowrap\">2025-01-31T00:00:00Z –<br>open end</td>"))
        #expect(beta.contains("<b>✗ not approved</b>"))
    }

    @Test func hostileValuesNeverReachTheMarkupUnescaped() throws {
        let report = SampleRun.report(SampleRun.hostileStrings)
        let directory = try written(report)
        let pages = directory.written.filter { $0.hasSuffix(".html") }
        #expect(pages.count == 3)
        let allowedTags: Set<String> = [
            "html", "head", "meta", "title", "style", "body", "main", "header", "section", "h1", "h2", "h3", "p", "b",
            "strong", "code", "bdi", "span", "div", "table", "thead", "tbody", "tr", "th", "td", "a", "label", "select",
            "option", "input", "svg", "text", "rect", "dl", "dt", "dd", "article", "footer", "br", "script",
            "nav", "figure", "figcaption", "caption", "ul", "li", "line", "polyline", "circle", "h4", "button", "output",
            "details", "summary",
        ]
        for page in pages {
            let html = try directory.text(page)
            // `</script>` is covered by the count below: the report's own script ends with one.
            for payload in SampleRun.payloads where payload != "</script>" {
                let found = html.contains(payload)
                #expect(!found, "\(page) contains \(payload) unescaped")
            }
            let rawOverride = html.unicodeScalars.contains("\u{202E}")
            let shown = html.contains("[U+202E]")
            #expect(!rawOverride, "\(page) contains a raw U+202E")
            #expect(shown)
            #expect(occurrences(of: "<script", in: html) == (page == "report.html" ? 1 : 0))
            #expect(occurrences(of: "</script", in: html) == (page == "report.html" ? 1 : 0))
            let tags = scanTags(html)
            for tag in tags {
                #expect(allowedTags.contains(tag.name), "\(page): unexpected <\(tag.name)>")
                for attribute in tag.attributes {
                    #expect(!attribute.name.hasPrefix("on"), "\(page): event handler \(attribute.name) on <\(tag.name)>")
                    #expect(attribute.name.unicodeScalars.allSatisfy { $0.isASCII }, "\(page): attribute \(attribute.name)")
                }
                if let href = tag.attributes.first(where: { $0.name == "href" })?.value {
                    let local = !href.contains("/") && !href.contains(":") && href.hasSuffix(".json") // the packet's JSON twin
                    let safe = href.hasPrefix("#") || href.hasPrefix("evidence/") || href == "../report.html" || local
                        || href.hasPrefix("https://") || href.hasPrefix("http://")
                    #expect(safe, "\(page): link to \(href)")
                }
            }
            let style = try #require(between(html, "<style>", "</style>"))
            #expect(html.contains("style-src 'sha256-\(sha256Base64(style))'"))
            if let script = between(html, "<script>", "</script>") {
                #expect(html.contains("script-src 'sha256-\(sha256Base64(script))'"))
            }
        }
        let evidence = try #require(pages.first { $0.hasPrefix("evidence/cust-") && $0 != "evidence/cust-beta.html" })
        let packet = try directory.text(evidence)
        #expect(packet.contains("<bdi class=\"v\">javascript:alert(1)</bdi>"), "a javascript: URI is shown as text")
        #expect(!packet.contains("href=\"javascript"))
    }

    @Test func largeRunsCapTheTableAndSayWhereTheRestIs() throws {
        var report = SampleRun.report()
        var reconciler = Reconciler(context: report.context)
        for i in 0..<2_050 {
            reconciler.add(FlowRecord(id: "f-\(i)", customer: "cust-acme", destination: "h\(i).unknown.example",
                                      purpose: "service", location: SourceLocation(source: "big.ndjson", line: i + 1)))
        }
        report.reconciliation = reconciler.finish()
        let directory = try written(report, formats: [.html, .csv, .json])
        let html = try directory.text("report.html")
        let total = report.findings.count
        #expect(total > 2_050)
        #expect(occurrences(of: "<tr id=\"f-", in: html) == 2_000)
        #expect(occurrences(of: "<article class=\"card finding", in: html) == 2_000)
        #expect(html.contains("This table shows the first 2,000 of \(total / 1_000),\(String(format: "%03d", total % 1_000)) findings"))
        #expect(html.contains("are in findings.csv and findings.json."))
        #expect(try parseCSV(directory.text("findings.csv")).count == total + 1)
    }
}
