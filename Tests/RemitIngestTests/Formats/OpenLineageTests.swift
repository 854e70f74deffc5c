import Foundation
import RemitCore
import Testing
@testable import RemitIngest

/// OpenLineage run events (JSON, JSON lists, NDJSON) as flow sources.
@Suite struct OpenLineageTests {
    static let warehouse = Corpus.context(destinations: [("my-datasource-namespace", "sp-warehouse"), ("my-namespace", "sp-lake")])

    @Test(arguments: try Corpus.files(in: "openlineage/events"))
    func everyEventFileLoads(relative: String) throws {
        let read = try Corpus.flows(relative, context: Self.warehouse)
        #expect(read.format == .openlineageJSON)
        #expect(read.rejected.isEmpty)
    }

    /// A run event that names no dataset is read and is not a flow, so `remit check` counts it
    /// (it was in neither count).
    @Test func aRunWithoutDatasetsIsCountedAsNotAFlow() throws {
        let read = try Corpus.flows("openlineage/events/spec-tests-example_full_event.json", context: Self.warehouse)
        #expect(read.records.isEmpty && read.rejected.isEmpty)
        #expect(read.stats.skipped == 1)
    }

    @Test func aCompleteEventGivesOneFlowPerDatasetAtASubprocessor() throws {
        let relative = "openlineage/events/python-client-example_full_event.json"
        let read = try Corpus.flows(relative, context: Self.warehouse)
        #expect(read.records.count == 2 && read.stats.skipped == 0)
        let output = read.records[0], input = read.records[1]
        #expect(output.system == "myjob.mytask" && output.subprocessor == "sp-warehouse")
        #expect(output.destination == "my-datasource-namespace/instance.schema.table")
        #expect(output.operation == "transfer" && output.records == 2000 && output.bytes == 2_097_152)
        #expect(output.ts == Instant.parse("2020-12-28T19:51:01.641Z"))
        #expect(output.id == "ea041791-68bc-4ae1-bd89-4c8106a157e4")
        #expect(input.operation == "store" && input.records == 0)
        #expect(output.location == SourceLocation(source: relative, line: try Corpus.line(of: "\"outputs\"", in: relative) + 1, column: 5))
    }

    @Test func startEventsDatasetEventsAndUnmatchedDatasetsAreNotFlows() throws {
        let start = try Corpus.flows("openlineage/events/fluentd-test-start.json", context: Self.warehouse)
        #expect(start.records.isEmpty && start.stats.skipped == 1)
        let complete = try Corpus.flows("openlineage/events/fluentd-test-complete.json", context: Self.warehouse)
        #expect(complete.records.map(\.subprocessor) == ["sp-lake", "sp-lake"])
        #expect(complete.records.map(\.system) == ["my-job", "my-job"])
        let dataset = try Corpus.flows("openlineage/events/python-serde_example_dataset_event.json", context: Self.warehouse)
        #expect(dataset.records.isEmpty && dataset.stats.skipped == 1)
        let unmatched = try Corpus.flows("openlineage/events/python-client-example_full_event.json")
        #expect(unmatched.records.isEmpty && unmatched.stats.skipped == 2)
    }

    /// A write to a vendor's bucket by a run whose job has no name is not "not a flow": the
    /// event is rejected with its line, like any other broken event.
    @Test func anEventWithoutAJobNameIsRejectedButADatasetEventIsNot() throws {
        let temp = try TempFolder()
        let output = #"[{"namespace": "my-namespace", "name": "exports/users.csv"}]"#
        let path = try temp.write("events.ndjson", [
            #"{"eventType": "COMPLETE", "eventTime": "2026-11-27T01:00:00Z", "run": {"runId": "r-1"}, "outputs": \#(output)}"#,
            #"{"eventType": "COMPLETE", "eventTime": "2026-11-27T01:00:00Z", "run": {"runId": "r-2"}, "job": {"namespace": "ns", "name": ""}, "outputs": \#(output)}"#,
            #"{}"#,
            #"{"eventTime": "2026-11-27T01:00:00Z", "dataset": {"namespace": "my-namespace", "name": "exports/users.csv"}}"#,
        ].joined(separator: "\n") + "\n")
        let read = try Corpus.flows("events.ndjson", path: path, context: Self.warehouse)
        #expect(read.records.isEmpty)
        #expect(read.rejected.map(\.location.line) == [1, 2, 3])
        #expect(read.rejected.allSatisfy { $0.reason.contains("needs `job.name`") }, "\(read.rejected.map(\.reason))")
        #expect(read.rejected.first?.id == "r-1")
        #expect(read.stats.skipped == 1)
    }

    @Test func aJobEventWithoutOffsetIsReadAsUTC() throws {
        let read = try Corpus.flows("openlineage/events/python-serde_example_job_event.json",
                                    context: Corpus.context(destinations: [("openlineage", "sp-lake")]))
        #expect(read.records.map(\.destination) == ["openlineage/dataset_b", "openlineage/dataset_a"])
        #expect(read.records.first?.ts == Instant.parse("2021-11-03T10:53:52.427343Z"))
    }

    @Test func ndjsonEventsReadLineByLine() throws {
        let temp = try TempFolder()
        var lines: [String] = []
        for name in ["fluentd-test-start.json", "fluentd-test-complete.json", "python-client-example_full_event.json"] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Corpus.path("openlineage/events/\(name)"))))
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        }
        lines.insert("{\"eventType\": \"COMPLETE\", \"job\": ", at: 1)
        let path = try temp.write("events.json", lines.joined(separator: "\n") + "\n")
        let read = try Corpus.flows("events.json", path: path, context: Self.warehouse)
        #expect(read.format == .openlineageNDJSON)
        #expect(read.records.map(\.location.line) == [3, 3, 4, 4])
        #expect(read.rejected.map(\.location.line) == [2])
        #expect(read.stats.records == 5 && read.stats.rejected == 1 && read.stats.skipped == 1)
    }

    @Test func tagsAndClassificationFacetsMapThroughLabels() throws {
        let fragment = try String(contentsOfFile: Corpus.path("openlineage/facet-fragments/TagsDatasetFacet-1.json"), encoding: .utf8)
        let temp = try TempFolder()
        let path = try temp.write("e.json", """
            {"eventType": "COMPLETE", "eventTime": "2026-11-20T01:00:00Z", "run": {"runId": "r-1"},
             "job": {"namespace": "etl", "name": "export-users"},
             "outputs": [{"namespace": "s3://vendor-bucket", "name": "exports/users",
                          "facets": \(fragment)},
                         {"namespace": "s3://vendor-bucket", "name": "exports/flags",
                          "facets": {"tags": {"tags": [{"key": "pii", "value": "false"}, {"key": "pii", "value": "true"},
                                                        {"key": "classification", "value": "PHONE"}]},
                                     "dataClassification": {"_producer": "x", "columns": {"phone": ["PHONE", "SECRET"]}}}}]}
            """)
        let context = Corpus.context(labels: ["test_tag:test_value": "user.contact.email", "pii": "user", "PHONE": "user.contact.phone"],
                                     destinations: [("vendor-bucket", "sp-vendor")])
        let read = try Corpus.flows("e.json", path: path, context: context)
        #expect(read.records.map(\.dataCategories) == [["user.contact.email"], ["user", "user.contact.phone"]])
    }

    @Test func expectationFilesWithPlaceholdersAreTreatedAsWhatTheyAre() throws {
        // A placeholder where a timestamp belongs: the event is rejected with its location.
        let flink = "openlineage/expected-with-placeholders/flink-expected_kafka.json"
        let rejected = try Corpus.flows(flink, context: Corpus.context(destinations: [("kafka-cluster-prod", "sp-kafka")]))
        #expect(rejected.records.isEmpty && rejected.rejected.count == 1)
        #expect(rejected.rejected.first?.reason.contains("${json-unit.any-string}") == true)
        #expect(rejected.rejected.first?.location == SourceLocation(source: flink, line: 1))
        // A JSON list of dbt events: START events skipped, COMPLETE events flow to the host
        // their namespace names (even the placeholder host POSTGRES_HOST, when mapped): five
        // outputs and five inputs.
        let dbt = "openlineage/expected-with-placeholders/dbt-postgres-result.json"
        let read = try Corpus.flows(dbt, context: Corpus.context(destinations: [("postgres_host", "sp-db")]))
        #expect(read.format == .openlineageJSON)
        #expect(read.records.count == 10 && read.stats.skipped == 5)
        #expect(read.records.filter { $0.operation == "store" }.count == 5)
        #expect(read.records.first?.system == "postgres.public.jaffle_shop.stg_customers")
        let unmapped = try Corpus.flows(dbt)
        #expect(unmapped.records.isEmpty && unmapped.rejected.isEmpty && unmapped.stats.skipped == 15)
        // A host-less namespace (duckdb:///…) resolves by its scheme; dbt's `pii` tag is a run
        // tag, not a dataset's, and says "false": no categories even with "pii" mapped.
        let duckdb = try Corpus.flows("openlineage/expected-with-placeholders/dbt-duckdb-result.json",
                                      context: Corpus.context(labels: ["pii": "user"], destinations: [("duckdb", "sp-duck")]))
        #expect(duckdb.records.count == 1 && duckdb.records[0].dataCategories.isEmpty && duckdb.records[0].ts == nil)
        for name in ["hive-cllSimpleQueryOnlyIdentityComplete.json", "spark-columnLineageJDBCComplete.json"] {
            let read = try Corpus.flows("openlineage/expected-with-placeholders/\(name)")
            #expect(read.rejected.isEmpty)
        }
    }
}
