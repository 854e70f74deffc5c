import RemitCore
import Testing

/// SPEC "Reconciliation": default severities, overrides, then the raise to high of any
/// finding whose value a `risk: high` key covers; `fail_on` and the exit code.
@Suite struct SeverityTests {
    static let defaults: [FindingKind: Severity] = [
        .unauthorizedSubprocessor: .high, .purposeNotAuthorized: .high, .dataCategoryNotAuthorized: .high,
        .regionNotAuthorized: .high, .outsideAuthorizationWindow: .high, .unknownDestination: .high,
        .unattributedFlow: .medium, .unknownCustomer: .medium, .operationNotAuthorized: .medium,
        .descriptionExceedsAuthorization: .medium, .authorizationWithoutInstruction: .medium,
        .unknownSubprocessor: .medium, .sourceUnavailable: .medium, .descriptionChanged: .medium,
        .exceptionExpired: .medium,
        .invalidRecord: .low, .unknownTaxonomyKey: .low,
        .unusedAuthorization: .info,
    ]

    /// Severity of a finding of `kind` with `value`, as the reconciler describes it.
    static func severity(_ kind: FindingKind, value: String = "v", overrides: [FindingKind: Severity] = [:]) -> Severity? {
        var fixture = Fixture()
        fixture.severityOverrides = overrides
        var reconciler = Reconciler(context: fixture.context)
        let key = FindingKey(kind, customer: "c", subprocessor: "s", dimension: .record, value: value)
        reconciler.report(key)
        return reconciler.finish().findings.first { $0.key == key }?.severity
    }

    @Test func everyKindHasADefault() {
        #expect(Set(FindingKind.allCases) == Set(Self.defaults.keys))
        #expect(FindingKind.allCases.count == 18)
    }

    @Test(arguments: FindingKind.allCases)
    func defaultSeverity(kind: FindingKind) {
        #expect(kind.defaultSeverity == Self.defaults[kind])
        #expect(Self.severity(kind) == Self.defaults[kind])
    }

    @Test(arguments: [
        (FindingKind.unusedAuthorization, Severity.high),
        (.purposeNotAuthorized, .info),
        (.unknownTaxonomyKey, .medium),
    ])
    func overridesReplaceTheDefault(kind: FindingKind, override: Severity) {
        #expect(Self.severity(kind, overrides: [kind: override]) == override)
        // An override of another kind changes nothing.
        #expect(Self.severity(kind, overrides: [.exceptionExpired: .info]) == Self.defaults[kind])
    }

    @Test(arguments: [
        (FindingKind.unknownTaxonomyKey, "user.financial.card", nil, Severity.high),
        (.unknownTaxonomyKey, "user.financial", nil, .high),
        (.unknownTaxonomyKey, "user", nil, .low), // a key is not covered by its descendants
        (.unknownTaxonomyKey, "user.financialx", nil, .low),
        (.purposeNotAuthorized, "improve.ml_training", .info, .high), // the raise comes after overrides
        (.purposeNotAuthorized, "improve", .info, .info),
        (.descriptionExceedsAuthorization, "marketing.advertising", nil, .high),
        (.unusedAuthorization, "", nil, .info),
        (.regionNotAuthorized, "US", .low, .low),
    ] as [(FindingKind, String, Severity?, Severity)])
    func riskRaise(kind: FindingKind, value: String, override: Severity?, expected: Severity) {
        let overrides = override.map { [kind: $0] } ?? [:]
        #expect(Self.severity(kind, value: value, overrides: overrides) == expected)
    }

    @Test func highRiskCategoryInAFlowIsHighEvenWhenOverridden() throws {
        var fixture = Fixture()
        fixture.severityOverrides = [.dataCategoryNotAuthorized: .low]
        let outcome = fixture.run([Fixture.flow { $0.dataCategories = ["user.financial.card", "user"] }])
        #expect(try #require(outcome[.dataCategoryNotAuthorized, "cust-acme", "sp-mailer", .dataCategory, "user.financial.card"]).severity == .high)
        #expect(try #require(outcome[.dataCategoryNotAuthorized, "cust-acme", "sp-mailer", .dataCategory, "user"]).severity == .low)
    }

    @Test(arguments: [
        ("none", FailThreshold.none), ("info", .atLeast(.info)), ("low", .atLeast(.low)),
        ("medium", .atLeast(.medium)), ("high", .atLeast(.high)),
    ])
    func failThresholdParses(text: String, threshold: FailThreshold) {
        #expect(FailThreshold(text) == threshold)
        #expect(threshold.name == text)
    }

    @Test(arguments: ["", "critical", "None", "HIGH"])
    func failThresholdRejects(text: String) {
        #expect(FailThreshold(text) == nil)
    }

    static func finding(_ severity: Severity, suppressedBy: String? = nil) -> Finding {
        let key = FindingKey(.purposeNotAuthorized, customer: "c", subprocessor: "s", dimension: .purpose, value: "p")
        return Finding(key: key, fingerprint: key.fingerprint, severity: severity, suppressedBy: suppressedBy)
    }

    @Test(arguments: [
        ([finding(.medium)], FailThreshold.atLeast(.high), Int32(0)),
        ([finding(.medium)], .atLeast(.medium), 1),
        ([finding(.info)], .atLeast(.info), 1),
        ([finding(.high, suppressedBy: "EXC-1")], .atLeast(.info), 0), // suppressed findings don't fail
        ([finding(.high, suppressedBy: "EXC-1"), finding(.low)], .atLeast(.low), 1),
        ([finding(.high)], FailThreshold.none, 0), // none never fails
        ([], .atLeast(.info), 0),
    ] as [([Finding], FailThreshold, Int32)])
    func exitCode(findings: [Finding], failOn: FailThreshold, expected: Int32) {
        #expect(Verdict.exitCode(findings, failOn: failOn) == expected)
    }

    @Test func severityOrder() {
        #expect(Severity.info < .low && Severity.low < .medium && Severity.medium < .high)
    }
}
