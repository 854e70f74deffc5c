import RemitCore
import Testing

/// SPEC "Mappings" and "Flows": a missing purpose is taken from `mappings.systems` only when
/// the system names exactly one purpose.
@Suite struct MappingsTests {
    let mappings = Mappings(systems: [
        "notify-svc": .init(purposes: ["service.delivery.notifications"]),
        "multi-svc": .init(purposes: ["service.support", "improve.analytics"]),
        "empty-svc": .init(purposes: []),
        "twice-svc": .init(purposes: ["service.support", "service.support"]),
    ])

    @Test(arguments: [
        ("notify-svc", "service.delivery.notifications"),
        ("multi-svc", nil),
        ("empty-svc", nil),
        ("twice-svc", "service.support"),
        ("unknown-svc", nil),
    ] as [(String, String?)])
    func purposeOfSystem(system: String, purpose: String?) {
        #expect(mappings.purpose(ofSystem: system) == purpose)
    }

    @Test func mergeKeepsEarlierSourcesAndAppendsDestinations() {
        var merged = Mappings(
            systems: ["a": .init(purposes: ["service"])],
            destinations: [.init(pattern: "*.A.example", subprocessor: "sp-a")],
            labels: ["PII": "user"]
        )
        merged.merge(Mappings(
            systems: ["a": .init(purposes: ["improve"]), "b": .init(purposes: ["legal"])],
            destinations: [.init(pattern: "b.example", subprocessor: "sp-b")],
            labels: ["PII": "user.contact", "email": "user.contact.email"]
        ))
        #expect(merged.systems["a"]?.purposes == ["service"])
        #expect(merged.systems["b"]?.purposes == ["legal"])
        #expect(merged.destinations.map(\.pattern) == ["*.a.example", "b.example"])
        #expect(merged.labels == ["PII": "user", "email": "user.contact.email"])
    }
}
