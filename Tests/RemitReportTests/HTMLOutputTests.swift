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
        let directory = try written(report, formats: [.html])
        let html = try directory.text("report.html")
        #expect(html.contains("2026-11-28T00:00:00Z"))
        #expect(html.contains("<strong>Fail</strong> 5 unsuppressed findings at or above fail_on (high)"))
        #expect(html.contains("<code title=\"\(String(repeating: "03", count: 32))\">030303030303…</code>"))
        #expect(html.contains("<span class=\"badge cached\">cached</span>"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("Findings in the last 3 runs"))
        for finding in report.findings {
            #expect(html.contains("<tr id=\"f-\(finding.fingerprint)\""))
            #expect(html.contains("<article class=\"card finding sev-\(finding.severity.rawValue)"))
            #expect(html.contains("id=\"d-\(finding.fingerprint)\""))
        }
        // Matrix: every state, linked to the pair's first finding or the customer's section.
        let mailer = try #require(report.findings.first { $0.key.customer == "cust-acme" && $0.key.subprocessor == "sp-mailer" })
        #expect(html.contains("<td class=\"findings sev-high\" title=\"cust-acme × sp-mailer: approved, with findings (worst: high), 2 findings\"><a href=\"#f-\(mailer.fingerprint)\">▲</a></td>"))
        #expect(html.contains("<td class=\"unauthorized\" title=\"cust-beta × sp-adtech: used but not approved, 1 finding\">"))
        #expect(html.contains("<td class=\"unused\" title=\"cust-beta × sp-backup: approved but unused\"><a href=\"#c-"))
        #expect(html.contains("<a href=\"evidence/cust-acme.html\">evidence packet</a>"))
        // A suppressed finding names its exception, reason, approver and expiry.
        #expect(html.contains("suppressed by <bdi>EXC-12</bdi>"))
        #expect(html.contains("<b>Suppressed by exception <bdi>EXC-12</bdi></b>: <bdi>Pilot approved by change order CO-77</bdi><br>approved by <bdi>privacy-office</bdi> · expires 2027-01-31"))
        // Per-finding evidence: authorized scope on the dimension, samples with source:line.
        #expect(html.contains("<dt>Authorized</dt><dd><bdi>purposes: service.delivery.notifications</bdi></dd>"))
        #expect(html.contains("<code><bdi>exports/egress.ndjson:9:14</bdi></code> · flow <bdi class=\"v\">f-9</bdi> · <bdi>count: expected a non-negative integer</bdi>"))
        #expect(html.contains("<dt>Volume</dt><dd>3 flows · 340 records · 81,234 bytes</dd>"))
        // Filters are hidden until the script shows them; every row is in the markup.
        #expect(html.contains("<div class=\"filters\" id=\"filters\" hidden>"))
        #expect(html.contains("@media print"))
    }

    @Test func evidencePacketReadsTopDown() throws {
        let directory = try written(SampleRun.report(), formats: [.html])
        let html = try directory.text("evidence/cust-acme.html")
        let order = ["1. Documented instructions", "2. Effective authorized scope", "3. Observed processing",
                     "4. Findings and exceptions", "5. Input provenance"]
        let positions = order.compactMap { html.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted())
        #expect(html.contains("<a href=\"https://contracts.example/acme/dpa-v3.pdf\" rel=\"noopener noreferrer\">"))
        #expect(html.contains("<dt>Basis</dt><dd>explicit authorization</dd>"))
        #expect(html.contains("<dt>Window</dt><dd>2025-03-01 – 2026-12-31</dd>"))
        #expect(html.contains("<span class=\"tag\"><bdi>notify-svc</bdi></span>"))
        #expect(html.contains("<td class=\"num\">4</td><td class=\"num\">352</td><td class=\"num\">84,690</td>"))
        #expect(html.contains("<td><bdi>privacy-office</bdi></td>"))
        #expect(html.contains("<code title=\"\(String(repeating: "04", count: 32))\">\(String(repeating: "04", count: 32))</code>"))
        #expect(!html.contains("cust-beta × "))

        let beta = try directory.text("evidence/cust-beta.html")
        #expect(beta.contains("<h3>General written authorization</h3>"))
        #expect(beta.contains("<span class=\"tag\"><bdi>sp-adtech</bdi></span>"))
        #expect(beta.contains("<dt>Basis</dt><dd>general written authorization (notice period 30 days)</dd>"))
        #expect(beta.contains("<dt>Window</dt><dd>2025-01-31T00:00:00Z – open end</dd>"))
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
                    let safe = href.hasPrefix("#") || href.hasPrefix("evidence/") || href == "../report.html"
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
