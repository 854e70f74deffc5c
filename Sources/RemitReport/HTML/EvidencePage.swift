/// The view model of `evidence/<customer>.html`: one customer's audit trail, top-down
/// (SPEC "The evidence packet"): documented instructions → effective authorized scope per
/// subprocessor → observed processing → findings and exceptions → input provenance.
/// See `PageViews.swift` for the rules every view model follows, and `Docs/templates.md`.
struct EvidencePage {
    var head: PageHead
    var customerID: String
    var customerName: [String]
    var asOf: String
    var toolVersion: String
    var configSource: String
    var configSHA256: String
    /// The reconciliation report and this packet's JSON twin, when written.
    var links: [LinkView]
    /// The packet at a glance: one label and value a line.
    var glance: [GlanceItem]
    var instructions: [InstructionView]
    var general: [GeneralAuthorizationView]
    var limits: CustomerLimits
    var scopes: [ScopeView]
    var observations: [ObservationView]
    var findings: [FindingDetail]
    var findingsSummary: String
    var findingsCap: [CapNote]
    var exceptions: [ExceptionView]
    var inputs: [InputRow]
    /// The inputs table as `inputs.mustache` renders it, the same in every packet and rendered
    /// once, which the built-in `evidence.mustache` prints (`PageRenderer.rendersInputsApart`);
    /// empty when `evidence.mustache` or `inputs.mustache` is a template of your own.
    var inputsTable: String = ""
    /// The `row` of every scope, observation and the `card` of every finding, one after the
    /// other, which the built-in `evidence.mustache` prints through `scopeRows.mustache`,
    /// `observedRows.mustache` and `findingCards.mustache` when the rows or cards are rendered
    /// apart (`PageRenderer.joinsScopeRows` and the others); empty otherwise.
    var scopeRows: String = ""
    var observedRows: String = ""
    var findingCards: String = ""
}

/// One line of the packet's summary.
struct GlanceItem {
    var label: String
    var value: String
}

/// A taxonomy key, region, operation or system; `outside` when it falls outside the
/// authorized scope (shown with ✗, not by colour alone).
struct TagView {
    var text: String
    var outside: Bool
}

/// The customer's general written authorization (GDPR Art. 28(2)).
struct GeneralAuthorizationView {
    var instruction: String
    var noticeDays: String
    var objections: [String]
}

/// Customer-wide limits; "not set" where the register gives none.
struct CustomerLimits {
    var purposes: [String]
    var dataCategories: [String]
    var regions: [String]
}

/// What the customer authorized one subprocessor to do, and on what basis.
struct ScopeView {
    var subprocessor: String
    var name: String
    var service: String
    var basis: String
    var isGeneral: Bool
    var instruction: String
    var purposes: [String]
    var dataCategories: [String]
    var regions: [String]
    var operations: [String]
    var window: String
    var windowFrom: String
    var windowUntil: String
    /// The catalog sources that describe it; empty when no catalog source does.
    var describedBy: [String]
    /// This row as `scope.mustache` renders it, which the built-in `evidence.mustache` prints
    /// (`ScopeRows`); empty when `evidence.mustache` or `scope.mustache` is a template of your own.
    var renderedRow: String = ""

    /// Stands for a scope whose row is in the page's `scopeRows` already
    /// (`EvidencePageBuilder.writesScopeRows`).
    static let withoutTexts = ScopeView(
        subprocessor: "", name: "", service: "", basis: "", isGeneral: false, instruction: "", purposes: [], dataCategories: [],
        regions: [], operations: [], window: "", windowFrom: "", windowUntil: "", describedBy: [])
}

/// What was observed for one subprocessor (`Reconciliation.observations`).
struct ObservationView {
    var subprocessor: String
    var approval: String
    var isApproved: Bool
    var systems: [TagView]
    var purposes: [TagView]
    var dataCategories: [TagView]
    var regions: [TagView]
    var operations: [TagView]
    /// True when any observed value falls outside the authorized scope.
    var hasOutside: Bool
    var flows: String
    var records: String
    var bytes: String
    /// Dates only; `periodExact` has the instants.
    var period: String
    var periodExact: String
    /// Flows seen before or after the authorization window.
    var outsideWindow: Bool
    /// The row as `observed.mustache` prints it, rendered apart from the page
    /// (`ShapedPartial`); empty when `evidence.mustache` or `observed.mustache` is a template
    /// of one's own (`PageRenderer.rendersObservedRowsApart`).
    var renderedRow: String = ""
}
