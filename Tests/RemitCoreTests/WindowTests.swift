import RemitCore
import Testing

/// SPEC "Reconciliation" step 4 and "Times are UTC": `OUTSIDE_AUTHORIZATION_WINDOW`.
@Suite struct WindowTests {
    func windowValues(_ outcome: Outcome) -> [String] {
        outcome.of(.outsideAuthorizationWindow).map(\.key.value)
    }

    /// `from: 2025-03-01`, `until: 2026-12-31` (dates) on the fixture's explicit authorization.
    @Test(arguments: [
        ("2025-02-28T23:59:59.999999Z", "before"),
        ("2025-03-01T00:00:00Z", nil),
        ("2025-03-01T00:30:00+01:00", "before"), // = 2025-02-28T23:30:00Z
        ("2026-12-31T23:59:59Z", nil),
        ("2027-01-01T00:00:00Z", "after"),
        ("2027-01-01T00:30:00+01:00", nil), // = 2026-12-31T23:30:00Z
    ] as [(String, String?)])
    func dateBoundsCoverWholeDays(ts: String, expected: String?) throws {
        let outcome = Fixture().run([Fixture.flow { $0.ts = instant(ts) }])
        #expect(windowValues(outcome) == (expected.map { [$0] } ?? []))
        if let expected {
            let finding = try #require(outcome[.outsideAuthorizationWindow, "cust-acme", "sp-mailer", .window, expected])
            #expect(finding.severity == .high)
        }
    }

    @Test func timestampBoundsAreExactInstants() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors[0].from = bound("2026-01-01T12:00:00Z")
        fixture.customers[0].subprocessors[0].until = bound("2026-06-30T12:00:00Z")
        let outcome = fixture.run([
            Fixture.flow("a") { $0.ts = instant("2026-01-01T11:59:59Z") },
            Fixture.flow("b") { $0.ts = instant("2026-01-01T12:00:00Z") },
            Fixture.flow("c") { $0.ts = instant("2026-06-30T12:00:00Z") },
            Fixture.flow("d") { $0.ts = instant("2026-06-30T12:00:01Z") },
        ])
        #expect(outcome[.outsideAuthorizationWindow, "cust-acme", "sp-mailer", .window, "before"]?.samples.map(\.flow) == ["a"])
        #expect(outcome[.outsideAuthorizationWindow, "cust-acme", "sp-mailer", .window, "after"]?.samples.map(\.flow) == ["d"])
    }

    @Test func aFlowWithoutTimestampIsNotCheckedAgainstTheWindow() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors[0].from = bound("2099-01-01")
        let outcome = fixture.run([Fixture.flow { $0.ts = nil }])
        #expect(outcome.findings.isEmpty)
    }

    @Test func openEndedWindows() {
        var fixture = Fixture()
        fixture.customers[0].subprocessors[0].from = nil
        fixture.customers[0].subprocessors[0].until = nil
        let outcome = fixture.run([
            Fixture.flow { $0.ts = instant("1990-01-01T00:00:00Z") }, Fixture.flow { $0.ts = instant("2099-01-01T00:00:00Z") },
        ])
        #expect(windowValues(outcome).isEmpty)
    }

    /// Globex: general authorization with 30 notice days; `sp-analytics` listed since 2026-06-01,
    /// so it may be used from 2026-07-01T00:00:00Z on.
    @Test(arguments: [
        ("2026-06-30T23:59:59Z", "before"),
        ("2026-07-01T00:00:00Z", nil),
        ("2099-01-01T00:00:00Z", nil), // a general authorization has no end
    ] as [(String, String?)])
    func generalAuthorizationWindow(ts: String, expected: String?) {
        let outcome = Fixture().run([analyticsFlow(ts)])
        #expect(windowValues(outcome) == (expected.map { [$0] } ?? []))
    }

    @Test func generalWindowStartsAtMidnightOfATimestampedListedSince() {
        var fixture = Fixture()
        fixture.descriptions[1].listedSince = bound("2026-06-01T18:45:00Z")
        let outcome = fixture.run([analyticsFlow("2026-07-01T00:00:00Z"), analyticsFlow("2026-06-30T23:00:00Z")])
        #expect(outcome[.outsideAuthorizationWindow, "cust-globex", "sp-analytics", .window, "before"]?.flows == 1)
    }

    @Test func generalWindowUsesTheEarliestListedSinceAcrossSources() {
        var fixture = Fixture()
        fixture.descriptions.append(SubprocessorDescription(
            id: "sp-analytics", listedSince: bound("2026-05-01"), location: SourceLocation(source: "vendor.xml", line: 3)
        ))
        let outcome = fixture.run([analyticsFlow("2026-05-31T00:00:00Z"), analyticsFlow("2026-05-30T23:59:59Z")])
        #expect(outcome[.outsideAuthorizationWindow, "cust-globex", "sp-analytics", .window, "before"]?.flows == 1)
    }

    @Test func generalWithoutListedSinceHasNoWindow() {
        var fixture = Fixture()
        fixture.descriptions[1].listedSince = nil
        let outcome = fixture.run([analyticsFlow("1990-01-01T00:00:00Z")])
        #expect(windowValues(outcome).isEmpty)
    }

    func analyticsFlow(_ ts: String) -> FlowRecord {
        Fixture.flow {
            $0.customer = "cust-globex"
            $0.destination = "eu.analytics.example"
            $0.purpose = "improve.analytics"
            $0.region = "IE"
            $0.ts = instant(ts)
        }
    }
}
