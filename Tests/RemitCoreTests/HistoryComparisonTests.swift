import RemitCore
import Testing

@Suite struct HistoryComparisonTests {
    let day27 = Instant.parse("2026-11-27T00:00:00Z")!
    let day28 = Instant.parse("2026-11-28T00:00:00Z")!

    func finding(_ value: String, _ severity: Severity = .high) -> Finding {
        let key = FindingKey(.regionNotAuthorized, customer: "c", subprocessor: "s", dimension: .region, value: value)
        return Finding(key: key, fingerprint: key.fingerprint, severity: severity)
    }

    @Test func withoutHistoryEverythingIsNewAndNothingResolved() {
        var findings = [finding("SG")]
        let resolved = HistoryComparison.apply(to: &findings, previous: nil, asOf: day28)
        #expect(findings.map(\.status) == [.new])
        #expect(findings.first?.firstSeenRun == day28)
        #expect(resolved.isEmpty)
    }

    @Test func persistingKeepsWhenItWasFirstSeenAndGoneOnesAreResolved() {
        var old = finding("SG")
        old.firstSeenRun = Instant.parse("2026-11-01T00:00:00Z")
        let gone = finding("US", .medium)
        let previous = PreviousRun(asOf: day27, findings: [old.fingerprint: old, gone.fingerprint: gone], descriptions: [:])
        var findings = [finding("SG"), finding("BR")]
        let resolved = HistoryComparison.apply(to: &findings, previous: previous, asOf: day28)
        #expect(findings.map(\.status) == [.persisting, .new])
        #expect(findings[0].firstSeenRun == Instant.parse("2026-11-01T00:00:00Z"))
        #expect(findings[1].firstSeenRun == day28)
        #expect(resolved.map(\.key.value) == ["US"])
    }

    @Test func descriptionChangesListEachAddedAndRemovedValue() {
        let before = DescribedScope(purposes: ["service"], dataCategories: ["user.contact"], regions: ["DE", "IE"])
        let after = DescribedScope(purposes: ["service", "improve.ml_training"], dataCategories: ["user.contact"], regions: ["DE", "SG"])
        let keys = HistoryComparison.descriptionChanges(previous: ["sp": before, "gone": before], current: ["sp": after, "new": after])
        #expect(keys.map(\.value) == ["+purpose:improve.ml_training", "+region:SG", "-region:IE"])
        #expect(keys.allSatisfy { $0.kind == .descriptionChanged && $0.subprocessor == "sp" && $0.customer.isEmpty && $0.dimension == .description })
        #expect(HistoryComparison.descriptionChanges(previous: [:], current: ["sp": after]).isEmpty)
    }
}
