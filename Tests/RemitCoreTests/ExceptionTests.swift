import RemitCore
import Testing

/// SPEC "Exceptions": a matching, unexpired exception suppresses a finding (which stays);
/// an expired one suppresses nothing and yields `EXCEPTION_EXPIRED`.
@Suite struct ExceptionTests {
    static func rule(
        _ id: String = "EXC-12", kind: FindingKind = .purposeNotAuthorized, customer: String? = "cust-acme",
        subprocessor: String? = "sp-mailer", dimension: String? = nil, value: String? = "improve.analytics",
        expires: String? = "2027-01-31"
    ) -> ExceptionRule {
        ExceptionRule(
            id: id, kind: kind, customer: customer, subprocessor: subprocessor, dimension: dimension, value: value,
            reason: "Pilot approved by change order CO-77", instructionRef: "CO-77", approvedBy: "privacy-office",
            expires: expires.map(bound), location: SourceLocation(source: "exceptions.yml", line: 2)
        )
    }

    func run(_ rules: [ExceptionRule], asOf: String = "2026-11-28T00:00:00Z", _ flows: [FlowRecord]) -> Outcome {
        var fixture = Fixture()
        fixture.exceptions = rules
        fixture.asOf = instant(asOf)
        return fixture.run(flows)
    }

    let analytics = Fixture.flow { $0.purpose = "improve.analytics" }

    @Test func anUnexpiredMatchingExceptionSuppressesAndTheFindingStays() throws {
        let outcome = run([Self.rule()], [analytics])
        let finding = try #require(outcome[.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "improve.analytics"])
        #expect(finding.suppressedBy == "EXC-12")
        #expect(finding.isSuppressed)
        #expect(outcome.of(.exceptionExpired).isEmpty)
    }

    @Test(arguments: [
        (rule(customer: nil, subprocessor: nil, value: nil), true), // absent fields = any
        (rule(dimension: "purpose"), true),
        (rule(dimension: "data_category"), false),
        (rule(kind: .dataCategoryNotAuthorized), false),
        (rule(customer: "cust-globex"), false),
        (rule(subprocessor: "sp-analytics"), false),
        (rule(value: "improve"), false), // exact, not by key coverage
        (rule(value: "improve.analytics.extra"), false),
    ])
    func matchesExactFieldsAbsentMeansAny(rule: ExceptionRule, suppresses: Bool) throws {
        let finding = try #require(run([rule], [analytics])[.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "improve.analytics"])
        #expect(finding.isSuppressed == suppresses)
    }

    @Test func matchesNormalizedRegionsAndHosts() {
        let outcome = run([
            Self.rule("EXC-R", kind: .regionNotAuthorized, value: "US"),
            Self.rule("EXC-H", kind: .unknownDestination, subprocessor: "", value: "unknown.example"),
        ], [Fixture.flow { $0.region = "us" }, Fixture.flow { $0.destination = "HTTPS://Unknown.EXAMPLE:443/p" }])
        #expect(outcome[.regionNotAuthorized, "cust-acme", "sp-mailer", .region, "US"]?.suppressedBy == "EXC-R")
        #expect(outcome[.unknownDestination, "cust-acme", "", .destination, "unknown.example"]?.suppressedBy == "EXC-H")
    }

    /// Written in any case, a region or host matches as the finding's dimension spells it,
    /// whatever the kind (a described region exceeding a scope, a region not authorized).
    @Test func valuesMatchAsTheFindingsDimensionNormalizesThem() {
        var fixture = Fixture()
        fixture.descriptions.append(SubprocessorDescription(id: "sp-mailer", regions: ["us"], location: SourceLocation(source: "x.json", line: 1)))
        fixture.exceptions = [
            Self.rule("EXC-D", kind: .descriptionExceedsAuthorization, customer: "cust-acme", value: "us"),
            Self.rule("EXC-R", kind: .regionNotAuthorized, value: "sg"),
            Self.rule("EXC-P", kind: .purposeNotAuthorized, value: "MARKETING.EMAIL"),
        ]
        let outcome = fixture.run([Fixture.flow { $0.region = "SG" }, Fixture.flow { $0.purpose = "marketing.email" }])
        #expect(outcome[.descriptionExceedsAuthorization, "cust-acme", "sp-mailer", .region, "US"]?.suppressedBy == "EXC-D")
        #expect(outcome[.regionNotAuthorized, "cust-acme", "sp-mailer", .region, "SG"]?.suppressedBy == "EXC-R")
        // Taxonomy keys are case-sensitive: not normalized.
        #expect(outcome[.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "marketing.email"]?.suppressedBy == nil)
    }

    /// A `DESCRIPTION_CHANGED` value names a region as a region finding spells it
    /// (`+region:US`): an exception that writes the code in another case still matches it;
    /// taxonomy keys in such a value stay case-sensitive.
    @Test(arguments: [
        ("+region:us", "+region:US", true),
        ("-region:Us", "-region:US", true),
        ("+region:US", "-region:US", false),
        ("+purpose:Improve.analytics", "+purpose:improve.analytics", false),
        ("+purpose:improve.analytics", "+purpose:improve.analytics", true),
        ("+REGION:us", "+region:US", false),
    ])
    func describedRegionsMatchUppercased(written: String, findingValue: String, matches: Bool) {
        let rule = Self.rule(kind: .descriptionChanged, customer: nil, value: written)
        let key = FindingKey(.descriptionChanged, customer: "", subprocessor: "sp-mailer", dimension: .description, value: findingValue)
        #expect(rule.matches(key) == matches)
    }

    @Test func aKindOnlyRuleSuppressesEveryFindingOfThatKind() {
        let outcome = run([Self.rule(customer: nil, subprocessor: nil, value: nil)], [
            analytics, Fixture.flow { $0.customer = "cust-globex"; $0.purpose = "marketing.email" },
        ])
        let findings = outcome.of(.purposeNotAuthorized)
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.suppressedBy == "EXC-12" })
        #expect(outcome.findings.filter { $0.key.kind != .purposeNotAuthorized }.allSatisfy { !$0.isSuppressed })
    }

    @Test func anExpiredExceptionSuppressesNothingAndIsReported() throws {
        let outcome = run([Self.rule(expires: "2026-11-27")], [analytics])
        #expect(outcome[.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "improve.analytics"]?.isSuppressed == false)
        let expired = try #require(outcome[.exceptionExpired, "cust-acme", "sp-mailer", .exception, "EXC-12"])
        #expect(expired.severity == .medium)
        #expect(expired.instructionRefs == ["CO-77"])
        #expect(expired.samples.map(\.location) == [SourceLocation(source: "exceptions.yml", line: 2)])
    }

    @Test func anExpiredExceptionIsReportedEvenWhenNothingMatches() {
        let outcome = run([Self.rule(customer: nil, subprocessor: nil, expires: "2026-01-01")], [Fixture.flow()])
        #expect(outcome.keys == [key(.exceptionExpired, "", "", .exception, "EXC-12")])
    }

    @Test(arguments: [
        ("2026-11-28T00:00:00Z", false),
        ("2026-11-28T23:59:59Z", false),
        ("2026-11-29T00:00:00Z", true),
    ])
    func aDateExpiryIncludesTheWholeDay(asOf: String, expired: Bool) {
        let outcome = run([Self.rule(expires: "2026-11-28")], asOf: asOf, [analytics])
        #expect(outcome[.purposeNotAuthorized, "cust-acme", "sp-mailer", .purpose, "improve.analytics"]?.isSuppressed == !expired)
        #expect(outcome.has(.exceptionExpired, "cust-acme", "sp-mailer", .exception, "EXC-12") == expired)
    }

    @Test func withoutExpiryAnExceptionNeverExpires() {
        let outcome = run([Self.rule(expires: nil)], asOf: "2999-01-01T00:00:00Z", [analytics])
        #expect(outcome.of(.purposeNotAuthorized).first?.suppressedBy == "EXC-12")
        #expect(outcome.of(.exceptionExpired).isEmpty)
    }

    @Test func anUnexpiredRuleSuppressesWhenAnEarlierOneHasExpired() {
        let outcome = run([Self.rule("EXC-OLD", expires: "2026-01-01"), Self.rule("EXC-NEW")], [analytics])
        #expect(outcome.of(.purposeNotAuthorized).first?.suppressedBy == "EXC-NEW")
        #expect(outcome.has(.exceptionExpired, "cust-acme", "sp-mailer", .exception, "EXC-OLD"))
    }

    @Test func matchesChecksEveryField() {
        let key = FindingKey(.regionNotAuthorized, customer: "c", subprocessor: "s", dimension: .region, value: "US")
        #expect(Self.rule(kind: .regionNotAuthorized, customer: "c", subprocessor: "s", dimension: "region", value: "US").matches(key))
        #expect(Self.rule(kind: .regionNotAuthorized, customer: "c", subprocessor: "s", value: "us").matches(key), "regions match in any case")
        #expect(!Self.rule(kind: .regionNotAuthorized, customer: "c", subprocessor: "s", value: "usa").matches(key))
        #expect(!Self.rule(kind: .regionNotAuthorized, customer: "C", subprocessor: "s", value: "US").matches(key))
    }
}
