import Foundation
import RemitCore

/// The rows of the evidence packets' authorized-scope tables (`scope.mustache`), rendered
/// apart from their pages.
///
/// Under a general written authorization a customer approves every catalog subprocessor,
/// and such a row depends on the customer-wide limits, the notice period and the
/// subprocessor only, but for the instruction that grants it: thousands of customers share
/// each row, and rendering them tag by tag was about half of the HTML packets' time. Such a
/// row is rendered once, with a random marker as its instruction; every packet then gets
/// the row with its own instruction, escaped, where the marker was. Rows of explicit
/// authorizations are rendered once per shape (`ShapedPartial`).
///
/// Only with the built-in `evidence.mustache` and `scope.mustache` (`PageRenderer
/// .rendersScopeRowsApart`): the built-in row reads nothing but its own fields and prints the
/// instruction as `{{instruction}}`, so the copy is byte for byte the row rendered in its
/// page (`PartialsApartTests`). A template of your own is rendered in its page, row by row.
final class ScopeRows: @unchecked Sendable {
    static let template = "scope"
    /// Distinct general rows kept; rows past these are rendered one by one.
    let capacity: Int

    private let renderer: PageRenderer
    /// Renders the other rows.
    private let shaped: ShapedPartial?
    /// Numbers the customer-wide limits (`ScopeDisplayMemo.limits(of:)`).
    private let memo: ScopeDisplayMemo
    /// Stands for the instruction in a kept row. Random, so no input can spell it; letters
    /// and digits, so escaping leaves it as it is.
    private let marker: String
    private let lock = NSLock()
    private var rows: [ScopeDisplayMemo.GeneralScope: Kept] = [:]

    /// A general row kept: its view, and its HTML cut where the instruction goes.
    private final class Kept: Sendable {
        let view: ScopeView
        let parts: [String]

        init(view: ScopeView, parts: [String]) {
            self.view = view
            self.parts = parts
        }

        /// The row with `escapedInstruction` where the instruction goes, appended to `html`.
        func append(into html: inout String, escapedInstruction: String) {
            html += parts[0]
            for part in parts.dropFirst() {
                html += escapedInstruction
                html += part
            }
        }
    }

    init(renderer: PageRenderer, memo: ScopeDisplayMemo, capacity: Int = 4_096) {
        self.renderer = renderer
        self.memo = memo
        self.capacity = capacity
        shaped = ShapedPartial(renderer: renderer, partial: Self.template, capacity: capacity)
        marker = ShapedPartial.randomMarker()
    }

    /// `view` with its `row`.
    func rendered(_ view: ScopeView) throws(ReportError) -> ScopeView {
        var view = view
        if let shaped { view.renderedRow = try shaped.render(view) } else { view.renderedRow = try renderer.render(view) }
        return view
    }

    /// The number of `customer`'s customer-wide limits, for `general(_:limits:subprocessor:instruction:build:)`.
    func limits(of customer: Customer) -> Int {
        memo.limits(of: customer)
    }

    /// The view and row of a general authorization `general` for `subprocessor`, for a
    /// customer whose `limits(of:)` is `limits`: kept under the same key as its JSON entry
    /// (`ScopeDisplayMemo.GeneralScope`). `instruction` is `ScopeDescription.instruction`;
    /// `build` makes the view when the row is not kept.
    func general(
        _ general: GeneralAuthorization, limits: Int, subprocessor: String, instruction: String, build: () -> ScopeView
    ) throws(ReportError) -> ScopeView {
        var view: ScopeView
        if let kept = try kept(general, limits: limits, subprocessor: subprocessor, build: build) {
            view = kept.view
            view.renderedRow = kept.parts.joined(separator: HTMLEscape.escape(instruction))
        } else {
            view = try rendered(build())
        }
        view.instruction = instruction
        return view
    }

    /// `general(_:limits:subprocessor:instruction:build:)`'s row only, appended to `html`;
    /// `escapedInstruction` is the instruction escaped as `{{instruction}}` prints it (once
    /// for all of a packet's general rows), and no view is copied.
    func appendGeneral(
        _ general: GeneralAuthorization, limits: Int, subprocessor: String, escapedInstruction: String,
        into html: inout String, build: () -> ScopeView
    ) throws(ReportError) {
        if let kept = try kept(general, limits: limits, subprocessor: subprocessor, build: build) {
            kept.append(into: &html, escapedInstruction: escapedInstruction)
        } else {
            html += try rendered(build()).renderedRow
        }
    }

    /// The row kept for the key, rendered and kept first if there is room; nil past `capacity`.
    private func kept(
        _ general: GeneralAuthorization, limits: Int, subprocessor: String, build: () -> ScopeView
    ) throws(ReportError) -> Kept? {
        let key = ScopeDisplayMemo.GeneralScope(limits: limits, noticeDays: general.noticeDays, subprocessor: subprocessor)
        if let kept = lock.withLock({ rows[key] }) { return kept }
        guard lock.withLock({ rows.count }) < capacity else { return nil }
        var view = build()
        view.instruction = marker
        let kept = Kept(view: view, parts: try renderer.render(view).components(separatedBy: marker))
        lock.withLock { rows[key] = kept }
        return kept
    }
}
