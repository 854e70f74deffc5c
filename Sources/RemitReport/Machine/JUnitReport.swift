import RemitCore

/// `junit.xml`: one test suite per customer, one test case per (customer, subprocessor)
/// pair (SPEC "Outputs").
///
/// Test cases: every approved pair, every pair with findings or observations, and
/// `(customer)` for a customer's findings without a subprocessor. Findings without a
/// customer go to the suite `(run)`. A failure is an unsuppressed finding at or above
/// `fail_on`; every other finding is a line of `<system-out>`. `tests` counts test cases and
/// `failures` the test cases with at least one failure.
enum JUnitReport {
    static let runSuite = "(run)"
    static let customerCase = "(customer)"

    /// A test case's identity; the `(customer)`/`(run)` case cannot collide with a
    /// subprocessor that happens to carry that name.
    private struct CaseKey: Hashable {
        var name: String
        var isSubprocessor: Bool

        static func precedes(_ a: CaseKey, _ b: CaseKey) -> Bool {
            a.isSubprocessor != b.isSubprocessor ? !a.isSubprocessor : byteOrder(a.name, b.name)
        }
    }

    private struct Suite {
        var name: String
        var cases: [CaseKey: [Finding]] = [:]

        mutating func ensure(_ key: CaseKey) {
            if cases[key] == nil { cases[key] = [] }
        }
    }

    static func render(_ report: RunReport) -> [UInt8] {
        var out = OutputBytes()
        try! write(report, into: &out) { (_: inout OutputBytes) throws(ReportError) in }
        return out.bytes
    }

    /// The document, with `flush` called after each test suite. The totals in its first
    /// element are counted before any suite is written.
    static func write(
        _ report: RunReport, into out: inout OutputBytes, flush: (inout OutputBytes) throws(ReportError) -> Void
    ) throws(ReportError) {
        let failOn = report.failOn
        let suites = collect(report).map { suite in
            let caseNames = suite.cases.keys.sorted(by: CaseKey.precedes)
            let failing = caseNames.filter { key in suite.cases[key]!.contains { fails($0, failOn) } }.count
            return (suite: suite, caseNames: caseNames, failing: failing)
        }
        out.literal("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"remit ")
        out.xml(report.toolVersion, attribute: true)
        out.literal("\" tests=\"")
        out.integer(suites.reduce(0) { $0 + $1.caseNames.count })
        out.literal("\" failures=\"")
        out.integer(suites.reduce(0) { $0 + $1.failing })
        out.literal("\" errors=\"0\">\n")
        for (suite, caseNames, failing) in suites {
            out.literal("  <testsuite name=\"")
            out.xml(suite.name, attribute: true)
            out.literal("\" tests=\"")
            out.integer(caseNames.count)
            out.literal("\" failures=\"")
            out.integer(failing)
            out.literal("\" errors=\"0\" skipped=\"0\">\n    <properties>\n      <property name=\"as_of\" value=\"")
            out.text(report.asOf.description)
            out.literal("\"/>\n      <property name=\"fail_on\" value=\"")
            out.text(failOn.name)
            out.literal("\"/>\n    </properties>\n")
            for key in caseNames {
                testCase(suite: suite.name, name: key.name, findings: suite.cases[key]!, failOn: failOn, into: &out)
            }
            out.literal("  </testsuite>\n")
            try flush(&out)
        }
        out.literal("</testsuites>\n")
    }

    private static func testCase(suite: String, name: String, findings: [Finding], failOn: FailThreshold, into out: inout OutputBytes) {
        out.literal("    <testcase classname=\"")
        out.xml(suite, attribute: true)
        out.literal("\" name=\"")
        out.xml(name, attribute: true)
        out.byte(UInt8(ascii: "\""))
        guard !findings.isEmpty else { out.literal("/>\n"); return }
        out.literal(">\n")
        var notes: [String] = []
        for finding in findings {
            let label = finding.key.value.isEmpty ? finding.key.kind.rawValue : "\(finding.key.kind.rawValue) \(finding.key.value)"
            if fails(finding, failOn) {
                out.literal("      <failure message=\"")
                out.xml(label, attribute: true)
                out.literal("\" type=\"")
                out.text(finding.severity.rawValue)
                out.literal("\">")
                out.xml(finding.message, attribute: false)
                out.literal("</failure>\n")
            } else {
                let why = finding.suppressedBy.map { "suppressed by \($0)" } ?? "below fail_on \(failOn.name)"
                notes.append("[\(finding.severity.rawValue)] \(label) (\(why)): \(finding.message)")
            }
        }
        if !notes.isEmpty {
            out.literal("      <system-out>")
            out.xml(notes.joined(separator: "\n"), attribute: false)
            out.literal("</system-out>\n")
        }
        out.literal("    </testcase>\n")
    }

    private static func fails(_ finding: Finding, _ failOn: FailThreshold) -> Bool {
        !finding.isSuppressed && failOn.fails(finding.severity)
    }

    /// Customers in byte order, `(run)` last; each with its test cases.
    private static func collect(_ report: RunReport) -> [Suite] {
        var customers: [String: Suite] = [:]
        var run = Suite(name: runSuite)
        run.ensure(CaseKey(name: runSuite, isSubprocessor: false))
        let context = report.context
        for customer in context.register.customers {
            customers[customer.id, default: Suite(name: customer.id)].ensure(CaseKey(name: customerCase, isSubprocessor: false))
            for id in Approval.approvedSubprocessors(of: customer, catalog: context.catalog) {
                customers[customer.id]!.ensure(CaseKey(name: id, isSubprocessor: true))
            }
        }
        for pair in report.reconciliation.observations.keys {
            customers[pair.customer, default: Suite(name: pair.customer)].ensure(CaseKey(name: pair.subprocessor, isSubprocessor: true))
        }
        for finding in report.findings {
            let key = finding.key
            let caseKey = key.subprocessor.isEmpty
                ? CaseKey(name: key.customer.isEmpty ? runSuite : customerCase, isSubprocessor: false)
                : CaseKey(name: key.subprocessor, isSubprocessor: true)
            if key.customer.isEmpty {
                run.cases[caseKey, default: []].append(finding)
            } else {
                customers[key.customer, default: Suite(name: key.customer)].cases[caseKey, default: []].append(finding)
            }
        }
        return customers.keys.sorted(by: byteOrder).map { customers[$0]! } + [run]
    }
}
