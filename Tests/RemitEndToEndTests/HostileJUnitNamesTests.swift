import Foundation
import Testing

/// Ids from flow logs may be anything, `(run)` and `(customer)` too, the names junit.xml
/// gives the run's own suite and a customer's own test case. CI servers key a test case by
/// suite and name, and one of the same key replaces the one before: every suite name, and
/// every case name within a suite, is written once (the own ones keep theirs; a log's is
/// numbered), so no failure is hidden.
@Suite struct HostileJUnitNamesTests {
    @Test func noTwoTestCasesShareASuiteAndName() throws {
        let folder = try JobFolder()
        try folder.writeOneCustomer()
        try folder.writeJob()
        try folder.write("flows.ndjson", """
            {"id": "a", "customer": "cust-a", "destination": "nowhere.example", "purpose": "service"}
            {"id": "b", "customer": "cust-a", "subprocessor": "(customer)", "purpose": "service"}
            {"id": "c", "customer": "(run)", "subprocessor": "sp-x", "purpose": "service"}
            {"id": "d", "subprocessor": "(run)", "purpose": "service"}
            {"id": "e", "destination": "nowhere.example", "purpose": "service"}
            {"id": "f", "customer": "cust-a", "destination": "elsewhere.example", "purpose": "service"}

            """)
        #expect(try folder.runJob(["--formats", "json,junit", "--fail-on", "low"]).exitCode == 1)
        let xml = try String(decoding: folder.read("out/junit.xml"), as: UTF8.self)
        var suite = ""
        var keys: [String] = []
        for line in xml.split(separator: "\n") {
            if let name = Self.attribute("name", in: line), line.contains("<testsuite ") { suite = name }
            if line.contains("<testcase "), let classname = Self.attribute("classname", in: line), let name = Self.attribute("name", in: line) {
                #expect(classname == suite)
                keys.append("\(classname) / \(name)")
            }
        }
        #expect(Set(keys).count == keys.count, "\(keys)")
        for key in ["cust-a / (customer)", "cust-a / (customer) #2", "(run) #2 / sp-x", "(run) / (run)", "(run) / (run) #2"] {
            #expect(keys.contains(key), "\(key): \(keys)")
        }
        // Every unsuppressed finding at or above fail_on is in a <failure>, none hidden by
        // another case, and no case has two.
        let findings = try #require(try folder.findings()["findings"] as? [[String: Any]])
        let failing = findings.filter { $0["severity"] as? String != "info" }
        let messages = xml.split(separator: "\n").compactMap { $0.contains("<failure ") ? Self.attribute("message", in: $0) : nil }
        #expect(messages.count == Set(failing.map { "\($0["customer"]!)/\($0["subprocessor"]!)" }).count, "\(messages)")
        // A failure's message is one finding's label, or counts its findings ("2 findings: …").
        let counted = messages.map { message -> Int in
            guard let colon = message.range(of: " findings: "), let count = Int(message[..<colon.lowerBound]) else { return 1 }
            return count
        }
        #expect(counted.reduce(0, +) == failing.count, "\(messages)")
        #expect(counted.contains { $0 > 1 }, "\(messages)")
    }

    static func attribute(_ name: String, in line: Substring) -> String? {
        guard let start = line.range(of: " \(name)=\"") else { return nil }
        return String(line[start.upperBound...].prefix { $0 != "\"" })
    }
}
