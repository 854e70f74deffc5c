import RemitCore
@testable import RemitReport
import Testing

/// The key-path tables that spare swift-mustache a `Mirror` per lookup must name exactly the
/// stored properties of their view models, and read the same values.
@Suite("HTML: view-model field tables")
struct TemplateFieldsTests {
    @Test func everyTableNamesExactlyTheStoredPropertiesAndReadsTheirValues() throws {
        var met: Set<String> = []
        for page in try SampleRun.pageViews() { walk(page, &met) }
        // Only a large run caps a packet's findings.
        walk(CapNote(text: "and 10 more in findings.json"), &met)
        #expect(met == [
            "CapNote", "ChartMarker", "ChartSegment", "CustomerLimits", "CustomerSummary", "EvidencePage", "ExceptionView",
            "FindingDetail", "FindingRow", "GeneralAuthorizationView", "GlanceItem", "HeatCell", "HeatLabel", "InputRow",
            "InstructionView", "KindRow", "LinkView", "MatrixCell", "MatrixRow", "ObservationView", "PageHead", "ReportPage",
            "SampleView", "ScopeView", "TagView",
        ])
    }

    private func walk(_ value: Any, _ met: inout Set<String>) {
        let mirror = Mirror(reflecting: value)
        if let model = value as? any TemplateFields {
            let name = String(describing: type(of: value))
            met.insert(name)
            let labels = Set(mirror.children.compactMap(\.label))
            #expect(labels == Set(type(of: model).fieldNames), "\(name)")
            for child in mirror.children {
                guard let label = child.label, let read = model.child(named: label) else { continue }
                #expect(String(describing: read) == String(describing: child.value), "\(name).\(label)")
            }
        }
        for child in mirror.children { walk(child.value, &met) }
    }
}
