import RemitCore
@testable import RemitReport
import Testing

/// The views rendered by shape walk their fields directly (`ShapedFields.swift`); the walk
/// must add the same shape and texts, in the same order, as reading each field by name.
@Suite("HTML: direct field walks")
struct ShapedFieldsTests {
    @Test func everyViewOfASampleRunWalksAsByName() throws {
        var checked: Set<String> = []
        for page in try SampleRun.pageViews() { check(page, &checked) }
        #expect(checked.isSuperset(of: ["FindingDetail", "FindingRow", "InstructionView", "LinkView", "ObservationView", "SampleView",
                                        "ScopeView", "TagView", "CustomerSummary"]))
    }

    /// Every text distinct and not empty, flags alternating: a field left out, added twice or
    /// out of order changes the texts or the shape.
    @Test func viewsWithDistinctTextsWalkAsByName() {
        var number = 0
        func t() -> String { number += 1; return "text\(number)" }
        func b() -> Bool { number += 1; return number % 2 == 0 }
        let row = FindingRow(
            fingerprint: t(), severity: t(), severityRank: t(), kind: t(), customer: t(), subprocessor: t(), dimension: t(),
            value: t(), flows: t(), flowsRaw: t(), records: t(), recordsRaw: t(), bytes: t(), bytesExact: t(), bytesRaw: t(),
            hasVolume: b(), lastSeenDate: t(), lastSeen: t(), status: t(), suppressed: b(), suppressedBy: t(), renderedRow: t())
        let link = LinkView(href: t(), text: t())
        let instruction = InstructionView(id: t(), kind: t(), ref: t(), link: [link], uriText: [t()], effective: t(), expires: t(),
                                          inForce: b(), sha256: t())
        let sample = SampleView(flow: [t()], location: t(), reason: [t(), t()])
        let exception = ExceptionView(id: t(), kind: t(), match: t(), reason: t(), approvedBy: t(), expires: t(), instructionRef: t(),
                                      isExpired: b())
        let detail = FindingDetail(row: row, message: t(), customerName: [t()], namesCustomer: b(), namesSubprocessor: b(), volume: [t()], period: [t()], instructions: [instruction],
                                   unresolvedRefs: [t()], authorized: t(), basis: t(), tableLink: [LinkView(href: t(), text: t())],
                                   samples: [sample, sample], exception: [exception], card: t())
        let tag = TagView(text: t(), outside: b())
        let observation = ObservationView(
            subprocessor: t(), approval: t(), isApproved: b(), systems: [tag], purposes: [TagView(text: t(), outside: b())],
            dataCategories: [tag, tag], regions: [], operations: [TagView(text: t(), outside: b())], hasOutside: b(), flows: t(),
            records: t(), bytes: t(), period: t(), periodExact: t(), outsideWindow: b(), renderedRow: t())
        let scope = ScopeView(
            subprocessor: t(), name: t(), service: t(), basis: t(), isGeneral: b(), instruction: t(), purposes: [t(), t()],
            dataCategories: [t()], regions: [t()], operations: [], window: t(), windowFrom: t(), windowUntil: t(), describedBy: [t()],
            renderedRow: t())
        let customer = CustomerSummary(anchor: t(), id: t(), name: t(), evidence: [LinkView(href: t(), text: t()), link], approved: t(),
                                       used: t(), findings: t(), worst: [t()], renderedRow: t())
        var checked: Set<String> = []
        for view in [row, link, instruction, sample, exception, detail, tag, observation, scope, customer] as [any TemplateFields] {
            check(view, &checked)
        }
        #expect(checked.count == 10)
        // The check can fail: two texts swapped give other leaves.
        var swapped = row
        swap(&swapped.customer, &swapped.subprocessor)
        #expect(walk(swapped, direct: true).leaves != walk(row, direct: true).leaves)
    }

    private func walk(_ model: any TemplateFields, direct: Bool) -> PartialShape {
        var shape = PartialShape()
        _ = direct ? model.visitFields(&shape) : model.visitFieldsByName(&shape)
        return shape
    }

    private func check(_ value: Any, _ checked: inout Set<String>) {
        if let model = value as? any TemplateFields {
            let direct = walk(model, direct: true), byName = walk(model, direct: false)
            #expect(direct.key == byName.key, "\(type(of: model))")
            #expect(direct.leaves == byName.leaves, "\(type(of: model))")
            checked.insert(String(describing: type(of: model)))
        }
        for child in Mirror(reflecting: value).children { check(child.value, &checked) }
    }
}
