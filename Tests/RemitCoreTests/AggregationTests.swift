import RemitCore
import Testing

/// SPEC "Findings are aggregated": one per key, flow count (sum of `count`), records, bytes,
/// first/last `ts`, up to 5 samples with their source location. Flows are never deduplicated.
@Suite struct AggregationTests {
    static func badPurpose(_ id: String, line: Int, source: String = "exports/egress.ndjson", _ edit: (inout FlowRecord) -> Void = { _ in }) -> FlowRecord {
        Fixture.flow(id, line: line, source: source) {
            $0.purpose = "improve.analytics"
            edit(&$0)
        }
    }

    func purposeFinding(_ outcome: Outcome) throws -> Finding {
        try #require(outcome[.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "improve.analytics"])
    }

    @Test func countsRecordsAndBytesAreSummed() throws {
        let outcome = Fixture().run([
            Self.badPurpose("a", line: 1) { $0.count = 3; $0.records = 10; $0.bytes = 100 },
            Self.badPurpose("b", line: 2) { $0.count = 4; $0.records = 20; $0.bytes = 200 },
            Self.badPurpose("c", line: 3) { $0.count = 0; $0.records = 5; $0.bytes = 0 },
        ])
        let finding = try purposeFinding(outcome)
        #expect(finding.flows == 7)
        #expect(finding.records == 35)
        #expect(finding.bytes == 300)
        #expect(outcome.findings.count == 1)
    }

    @Test func firstAndLastSeenIgnoreOrderAndFlowsWithoutTimestamp() throws {
        let outcome = Fixture().run([
            Self.badPurpose("a", line: 1) { $0.ts = instant("2026-11-20T10:00:00Z") },
            Self.badPurpose("b", line: 2) { $0.ts = nil },
            Self.badPurpose("c", line: 3) { $0.ts = instant("2026-11-02T08:00:00Z") },
            Self.badPurpose("d", line: 4) { $0.ts = instant("2026-11-25T23:00:00Z") },
        ])
        let finding = try purposeFinding(outcome)
        #expect(finding.firstSeen == instant("2026-11-02T08:00:00Z"))
        #expect(finding.lastSeen == instant("2026-11-25T23:00:00Z"))
        #expect(finding.flows == 4)
    }

    @Test func withoutTimestampsThereIsNoPeriod() throws {
        let finding = try purposeFinding(Fixture().run([Self.badPurpose("a", line: 1) { $0.ts = nil }]))
        #expect(finding.firstSeen == nil)
        #expect(finding.lastSeen == nil)
    }

    @Test func atMostFiveSamplesAreKeptWithTheirLocations() throws {
        let flows = (1...7).map { Self.badPurpose("f-\($0)", line: $0 * 10) }
        let finding = try purposeFinding(Fixture().run(flows))
        #expect(finding.flows == 7)
        #expect(finding.samples.map(\.flow) == ["f-1", "f-2", "f-3", "f-4", "f-5"])
        #expect(finding.samples.map(\.location) == [10, 20, 30, 40, 50].map {
            SourceLocation(source: "exports/egress.ndjson", line: $0)
        })
    }

    @Test func flowsAreNeverDeduplicated() throws {
        let record = Self.badPurpose("f-17", line: 17)
        let sameInOtherSource = Self.badPurpose("f-17", line: 3, source: "exports/pipeline.xml")
        let finding = try purposeFinding(Fixture().run([record, record, sameInOtherSource]))
        #expect(finding.flows == 3)
        #expect(finding.records == 36)
        #expect(finding.bytes == 3 * 3456)
        #expect(finding.samples.map(\.location.source).contains("exports/pipeline.xml"))
    }

    @Test func invalidRecordsGiveOneFindingPerSource() throws {
        let egress = (1...7).map {
            (RejectedRecord(id: "r\($0)", location: SourceLocation(source: "exports/egress.ndjson", line: $0, column: 4),
                            reason: "count: not a non-negative integer"), "exports/egress.ndjson")
        }
        let xml = [(RejectedRecord(location: SourceLocation(source: "exports/pipeline.xml", line: 12), reason: "no destination"),
                    "exports/pipeline.xml")]
        let outcome = Fixture().run([Fixture.flow()], rejected: egress + xml)
        #expect(outcome.of(.invalidRecord).count == 2)
        let first = try #require(outcome[.invalidRecord, "", "", .record, "exports/egress.ndjson"])
        #expect(first.flows == 7)
        #expect(first.severity == .low)
        #expect(first.samples.count == 5)
        #expect(first.samples.first == Sample(
            flow: "r1", location: SourceLocation(source: "exports/egress.ndjson", line: 1, column: 4),
            reason: "count: not a non-negative integer"
        ))
        let second = try #require(outcome[.invalidRecord, "", "", .record, "exports/pipeline.xml"])
        #expect(second.flows == 1)
        #expect(second.samples.map(\.reason) == ["no destination"])
        #expect(second.samples.map(\.flow) == [nil])
    }

    @Test func reportedFindingsPassThroughWithTheirSample() throws {
        var reconciler = Reconciler(context: Fixture().context)
        reconciler.add(Fixture.flow())
        let sample = Sample(flow: nil, location: SourceLocation(source: "https://vendor.example/sp.xml"), reason: "HTTP 503")
        reconciler.report(key(.sourceUnavailable, "", "sp-mailer", .source, "https://vendor.example/sp.xml"), sample: sample)
        reconciler.report(key(.descriptionChanged, "", "sp-mailer", .description, "+purpose:service.support"))
        let outcome = Outcome(reconciler.finish())
        let unavailable = try #require(outcome[.sourceUnavailable, "", "sp-mailer", .source, "https://vendor.example/sp.xml"])
        #expect(unavailable.samples == [sample])
        #expect(unavailable.flows == 0)
        #expect(unavailable.severity == .medium)
        #expect(outcome.has(.descriptionChanged, "", "sp-mailer", .description, "+purpose:service.support"))
    }

    /// A description that adds a high-risk purpose or data category is raised to high, as a
    /// flow's finding on that key would be; a removal, or a low-risk addition, is not.
    @Test func describingHighRiskProcessingIsHigh() throws {
        var reconciler = Reconciler(context: Fixture().context)
        for value in ["+purpose:improve.ml_training", "+data_category:user.financial.card", "-purpose:improve.ml_training",
                      "+purpose:service.support", "+region:US"] {
            reconciler.report(key(.descriptionChanged, "", "sp-mailer", .description, value))
        }
        let outcome = Outcome(reconciler.finish())
        let severities = Dictionary(uniqueKeysWithValues: outcome.of(.descriptionChanged).map { ($0.key.value, $0.severity) })
        #expect(severities == ["+purpose:improve.ml_training": .high, "+data_category:user.financial.card": .high,
                               "-purpose:improve.ml_training": .medium, "+purpose:service.support": .medium, "+region:US": .medium])
    }

    @Test func observationsSumEveryFlowOfAPair() throws {
        let outcome = Fixture().run([
            Fixture.flow { $0.count = 2; $0.region = "de" },
            Fixture.flow { $0.system = "other-svc"; $0.operation = nil; $0.ts = instant("2026-10-01T00:00:00Z") },
        ])
        let observed = try #require(outcome.reconciliation.observations[Pair(customer: "cust-acme", subprocessor: "sp-mailer")])
        #expect(observed.flows == 3)
        #expect(observed.records == 24)
        #expect(observed.systems == ["notify-svc", "other-svc"])
        #expect(observed.regions == ["DE"])
        #expect(observed.operations == ["transfer"])
        #expect(observed.firstSeen == instant("2026-10-01T00:00:00Z"))
    }
}
