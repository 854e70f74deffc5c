import RemitCore

/// `junit.xml`: one test suite per customer, one test case per (customer, subprocessor)
/// pair (SPEC "Outputs").
///
/// Test cases: every approved pair, every pair with findings or observations, and
/// `(customer)` for a customer's findings without a subprocessor. Findings without a
/// customer go to the suite `(run)`. A failure is an unsuppressed finding at or above
/// `fail_on`, and a test case has one `<failure>` that lists them all; every other finding is
/// a line of `<system-out>`. `tests` counts test cases and `failures` the failing ones.
enum JUnitReport {
    static let runSuite = "(run)"
    static let customerCase = "(customer)"

    /// One suite's test cases by case number: the subprocessor's place in byte order
    /// (`Plan.names`), or `ownCase` for the `(customer)`/`(run)` case, which cannot collide
    /// with a subprocessor that happens to carry that name and sorts first.
    private struct Suite {
        static let ownCase = -1
        var name: String
        /// `(customer)` or `(run)`.
        var ownCaseName: String
        /// The case numbers in output order: the suite's own case first, then subprocessors
        /// in byte order, each once.
        var order: [Int]
        /// A case's name as this suite first spelled it, where that is not byte for byte the
        /// spelling in `Plan.names` (canonically equivalent ids are one subprocessor, and each
        /// suite keeps its own spelling, as when cases were keyed by name).
        var spellings: [Int: String]
        /// The suite's findings as (case, index into `report.findings`), by case, then in
        /// report order.
        var findings: [(key: Int, finding: Int)]

        /// Test cases with at least one failure.
        func failing(_ fails: (Int) -> Bool) -> Int {
            var count = 0, counted: Int?
            for (key, finding) in findings where key != counted && fails(finding) {
                count += 1
                counted = key
            }
            return count
        }
    }

    /// Gathers one suite's cases at a time, numbered (`Suite`): a customer under a general
    /// authorization has a case for every catalog subprocessor, and ten thousand suites' cases
    /// gathered in dictionaries took most of writing the file. One table is reused for every
    /// suite: a case is in the suite when its stamp is the suite's.
    private struct CaseTable {
        /// Per case number + 1 (the own case at 0): the suite that last added it.
        private var stamps: [UInt32]
        private var suite: UInt32 = 0
        private var added: [Int] = []
        private var spellings: [Int: String] = [:]
        private var findings: [(key: Int, finding: Int)] = []

        init(cases: Int) {
            stamps = Array(repeating: 0, count: cases + 1)
        }

        mutating func begin() {
            suite += 1
            added.removeAll(keepingCapacity: true)
            spellings = [:]
            findings.removeAll(keepingCapacity: true)
        }

        /// Adds the case `key` if new; `spelling` is its name when it differs from `Plan.names`.
        mutating func ensure(_ key: Int, spelling: String? = nil) {
            guard stamps[key + 1] != suite else { return }
            stamps[key + 1] = suite
            added.append(key)
            if let spelling { spellings[key] = spelling }
        }

        mutating func add(_ finding: Int, to key: Int, spelling: String?) {
            ensure(key, spelling: spelling)
            findings.append((key, finding))
        }

        func suite(name: String, ownCaseName: String) -> Suite {
            // A suite with most cases is put in order by walking the table; a small one by sorting.
            let order: [Int]
            if added.count * 8 >= stamps.count {
                order = stamps.indices.filter { stamps[$0] == suite }.map { $0 - 1 }
            } else {
                order = added.sorted()
            }
            let byCase = findings.count > 1 ? findings.sorted { ($0.key, $0.finding) < ($1.key, $1.finding) } : findings
            return Suite(name: name, ownCaseName: ownCaseName, order: order, spellings: spellings, findings: byCase)
        }
    }

    static func render(_ report: RunReport) -> [UInt8] {
        var out = OutputBytes()
        try! write(report, into: &out) { (_: inout OutputBytes) throws(ReportError) in }
        return out.bytes
    }

    /// The document, with `flush` called after each test suite. Each suite's test cases are
    /// gathered only while it is counted and while it is written (a customer under a general
    /// authorization has a test case for every catalog subprocessor: all suites at once held
    /// tens of megabytes); the totals in the first element are counted in a first pass.
    static func write(
        _ report: RunReport, into out: inout OutputBytes, flush: (inout OutputBytes) throws(ReportError) -> Void
    ) throws(ReportError) {
        let failOn = report.failOn
        let plan = Plan(report)
        var table = CaseTable(cases: plan.names.count)
        let failing = { (finding: Int) in fails(report.findings[finding], failOn) }
        var totalTests = 0, totalFailures = 0
        for index in 0..<plan.count {
            let suite = plan.suite(index, in: &table)
            totalTests += suite.order.count
            totalFailures += suite.failing(failing)
        }
        out.literal("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"remit ")
        out.xml(report.toolVersion, attribute: true)
        out.literal("\" tests=\"")
        out.integer(totalTests)
        out.literal("\" failures=\"")
        out.integer(totalFailures)
        out.literal("\" errors=\"0\">\n")
        // Suite names as written, each once: `(run)` is kept for the run's own suite (written
        // last), so a customer id `(run)`, or one that shows as another's does, is numbered.
        var suiteNames: Set<[UInt8]> = [attribute(runSuite)]
        for index in 0..<plan.count {
            let suite = plan.suite(index, in: &table)
            let classname = index < plan.count - 1 ? unique(attribute(suite.name), among: &suiteNames) : attribute(runSuite)
            out.literal("  <testsuite name=\"")
            out.bytes.append(contentsOf: classname)
            out.literal("\" tests=\"")
            out.integer(suite.order.count)
            out.literal("\" failures=\"")
            out.integer(suite.failing(failing))
            out.literal("\" errors=\"0\" skipped=\"0\">\n    <properties>\n      <property name=\"as_of\" value=\"")
            out.text(report.asOf.description)
            out.literal("\"/>\n      <property name=\"fail_on\" value=\"")
            out.text(failOn.name)
            out.literal("\"/>\n    </properties>\n")
            // Case names, each once in their suite, where some could be written alike: the own
            // case first keeps `(customer)` or `(run)`, a subprocessor of that name is numbered
            // (CI servers key a case by suite and name: a second one of a key replaced the first).
            var caseNames: Set<[UInt8]>? = plan.namesMayRepeat ? [] : nil
            var next = 0
            for key in suite.order {
                let first = next
                while next < suite.findings.count, suite.findings[next].key == key { next += 1 }
                let name = if key == Suite.ownCase {
                    attribute(suite.ownCaseName)
                } else if !suite.spellings.isEmpty, let spelling = suite.spellings[key] {
                    attribute(spelling)
                } else {
                    plan.attributeNames[key]
                }
                let written = caseNames == nil ? name : unique(name, among: &caseNames!)
                testCase(classname: classname, name: written, findings: suite.findings[first..<next], of: report, into: &out)
            }
            out.literal("  </testsuite>\n")
            try flush(&out)
        }
        out.literal("</testsuites>\n")
    }

    /// `name`, or `name #2`, `#3`… when `seen` has it already; added to `seen`.
    private static func unique(_ name: [UInt8], among seen: inout Set<[UInt8]>) -> [UInt8] {
        var candidate = name, number = 1
        while !seen.insert(candidate).inserted {
            number += 1
            candidate = name + Array(" #\(number)".utf8)
        }
        return candidate
    }

    /// `text` escaped for an attribute value.
    private static func attribute(_ text: String) -> [UInt8] {
        var out = OutputBytes()
        out.xml(text, attribute: true)
        return out.bytes
    }

    /// `classname` and `name` are escaped already (`attribute`): a suite's name is written
    /// once for each of its cases, and a catalog subprocessor's in most suites. The findings'
    /// texts are escaped piece by piece straight into `out` (escaping works scalar by scalar,
    /// so the pieces escaped are the whole escaped), without a copy of any finding.
    private static func testCase(
        classname: [UInt8], name: [UInt8], findings: ArraySlice<(key: Int, finding: Int)>, of report: RunReport, into out: inout OutputBytes
    ) {
        let failOn = report.failOn
        out.literal("    <testcase classname=\"")
        out.bytes.append(contentsOf: classname)
        out.literal("\" name=\"")
        out.bytes.append(contentsOf: name)
        out.byte(UInt8(ascii: "\""))
        guard !findings.isEmpty else { out.literal("/>\n"); return }
        out.literal(">\n")
        report.findings.withUnsafeBufferPointer { all in
            let failing = findings.lazy.map(\.finding).filter { fails(all[$0], failOn) }
            // `KIND value`, or `KIND` for a finding without a value.
            func label(_ index: Int, attribute: Bool) {
                out.text(all[index].key.kind.rawValue)
                guard !all[index].key.value.isEmpty else { return }
                out.byte(UInt8(ascii: " "))
                out.xml(all[index].key.value, attribute: attribute)
            }
            // `[severity] label`, the start of a finding's line in a text.
            func lineStart(_ index: Int) {
                out.byte(UInt8(ascii: "["))
                out.text(all[index].severity.rawValue)
                out.literal("] ")
                label(index, attribute: false)
            }
            if let first = failing.first {
                // One <failure> a test case (the JUnit schema allows one; CI servers show the
                // first): several failing findings are counted in its message and listed in its
                // text, one `[severity] label: message` line each, the most severe first, whose
                // severity is the failure's type.
                let several = failing.dropFirst().first != nil
                out.literal("      <failure message=\"")
                if several {
                    out.integer(failing.count)
                    out.literal(" findings: ")
                    for (n, index) in failing.enumerated() {
                        if n > 0 { out.literal("; ") }
                        label(index, attribute: true)
                    }
                } else {
                    label(first, attribute: true)
                }
                out.literal("\" type=\"")
                out.text(all[first].severity.rawValue)
                out.literal("\">")
                if several {
                    for (n, index) in failing.enumerated() {
                        if n > 0 { out.byte(UInt8(ascii: "\n")) }
                        lineStart(index)
                        out.literal(": ")
                        out.xml(all[index].message, attribute: false)
                    }
                } else {
                    out.xml(all[first].message, attribute: false)
                }
                out.literal("</failure>\n")
            }
            // Every other finding, a line of `<system-out>`: `[severity] label (why): message`.
            var notes = 0
            for (_, index) in findings where !fails(all[index], failOn) {
                out.literal(notes == 0 ? "      <system-out>" : "\n")
                notes += 1
                lineStart(index)
                if let exception = all[index].suppressedBy {
                    out.literal(" (suppressed by ")
                    out.xml(exception, attribute: false)
                } else {
                    out.literal(" (below fail_on ")
                    out.text(failOn.name)
                }
                out.literal("): ")
                out.xml(all[index].message, attribute: false)
            }
            if notes > 0 { out.literal("</system-out>\n") }
        }
        out.literal("    </testcase>\n")
    }

    private static func fails(_ finding: Finding, _ failOn: FailThreshold) -> Bool {
        !finding.isSuppressed && failOn.fails(finding.severity)
    }

    /// The suites: customers in byte order, `(run)` last; what each is made of, by index,
    /// so that a suite's test cases are built only when asked for.
    private struct Plan {
        let report: RunReport
        /// Customer ids in byte order.
        let ids: [String]
        let registerEntries: [String: [Int]]
        let observed: [String: [String]]
        /// Indices into `report.findings`, by customer ("" for the run's own findings).
        let findings: [String: [Int]]
        /// Every subprocessor a test case can be named after, in byte order, and each one's
        /// place in it: a suite's cases are numbered by it, so that they are gathered, counted
        /// and sorted as integers (a customer under a general authorization has a case for every
        /// catalog subprocessor, and ten thousand customers' cases sorted by name took a third
        /// of writing the file).
        let names: [String]
        /// `names`, each escaped for an attribute value.
        let attributeNames: [[UInt8]]
        /// Whether two case names of one suite could be written alike: a subprocessor named
        /// `(customer)` or `(run)`, or two whose escaped forms are equal (`[U+0000]` and a NUL).
        let namesMayRepeat: Bool
        let ranks: [String: Int]
        /// The rank of each catalog subprocessor, in `Catalog.order`, and its spelling where
        /// that is not the one in `names`.
        let catalogRanks: [Int]
        let catalogSpellings: [String?]

        init(_ report: RunReport) {
            self.report = report
            var registerEntries: [String: [Int]] = [:]
            for (index, customer) in report.context.register.customers.enumerated() {
                registerEntries[customer.id, default: []].append(index)
            }
            var observed: [String: [String]] = [:]
            for pair in report.reconciliation.observations.keys {
                observed[pair.customer, default: []].append(pair.subprocessor)
            }
            var findings: [String: [Int]] = [:]
            for index in report.findings.indices {
                findings[report.findings[index].key.customer, default: []].append(index)
            }
            var ids = Set(registerEntries.keys)
            ids.formUnion(observed.keys)
            ids.formUnion(findings.keys.filter { !$0.isEmpty })
            self.ids = ids.sorted(by: byteOrder)
            var names = Set(report.context.catalog.order)
            for customer in report.context.register.customers { names.formUnion(customer.subprocessors.map(\.id)) }
            for pair in report.reconciliation.observations.keys { names.insert(pair.subprocessor) }
            for index in report.findings.indices { names.insert(report.findings[index].key.subprocessor) }
            self.names = names.sorted(by: byteOrder)
            attributeNames = self.names.map(JUnitReport.attribute)
            let ownCases = [JUnitReport.attribute(runSuite), JUnitReport.attribute(customerCase)]
            namesMayRepeat = Set(attributeNames).count < attributeNames.count || attributeNames.contains { ownCases.contains($0) }
            let ranks = Dictionary(uniqueKeysWithValues: self.names.enumerated().map { ($1, $0) })
            self.ranks = ranks
            catalogRanks = report.context.catalog.order.map { ranks[$0]! }
            let sortedNames = self.names
            catalogSpellings = zip(report.context.catalog.order, catalogRanks).map { Self.spelling($0, sortedNames[$1]) }
            self.registerEntries = registerEntries
            self.observed = observed
            self.findings = findings
        }

        /// The customers' suites and `(run)`.
        var count: Int { ids.count + 1 }

        /// `name` when it is not byte for byte `known` (a canonically equivalent spelling).
        private static func spelling(_ name: String, _ known: String) -> String? {
            name.utf8.elementsEqual(known.utf8) ? nil : name
        }

        /// The case of a subprocessor, with its spelling where that is not the one in `names`.
        private func subprocessorCase(_ name: String) -> (key: Int, spelling: String?) {
            let rank = ranks[name]!
            return (rank, Self.spelling(name, names[rank]))
        }

        /// Adds a finding to its case: its subprocessor's, or the suite's own without one.
        private func add(_ finding: Int, to table: inout CaseTable) {
            let subprocessor = report.findings[finding].key.subprocessor
            let (key, spelling) = subprocessor.isEmpty ? (Suite.ownCase, nil) : subprocessorCase(subprocessor)
            table.add(finding, to: key, spelling: spelling)
        }

        /// Suite `index`, gathered in `table`.
        func suite(_ index: Int, in table: inout CaseTable) -> Suite {
            table.begin()
            guard index < ids.count else {
                table.ensure(Suite.ownCase)
                for i in findings[""] ?? [] { add(i, to: &table) }
                return table.suite(name: runSuite, ownCaseName: runSuite)
            }
            let id = ids[index]
            let context = report.context
            // Every approved subprocessor (`Approval.approvedSubprocessors`): the ones listed one
            // by one, then those approved under the general authorization, by catalog place
            // (`Approval.generallyApproved`).
            for entry in registerEntries[id] ?? [] {
                let customer = context.register.customers[entry]
                table.ensure(Suite.ownCase)
                for authorization in customer.subprocessors {
                    let (key, spelling) = subprocessorCase(authorization.id)
                    table.ensure(key, spelling: spelling)
                }
                for position in Approval.generallyApproved(of: customer, catalog: context.catalog) {
                    table.ensure(catalogRanks[position], spelling: catalogSpellings[position])
                }
            }
            for subprocessor in observed[id] ?? [] {
                let (key, spelling) = subprocessorCase(subprocessor)
                table.ensure(key, spelling: spelling)
            }
            for i in findings[id] ?? [] { add(i, to: &table) }
            return table.suite(name: id, ownCaseName: customerCase)
        }
    }
}
