/// The view model of `evidence/<customer>.html`: one customer's audit trail, top-down
/// (SPEC "The evidence packet"): documented instructions → effective authorized scope per
/// subprocessor → observed processing → findings and exceptions → input provenance.
/// See `PageViews.swift` for the rules every view model follows.
struct EvidencePage {
    var head: PageHead
    var customerID: String
    var customerName: [String]
    var asOf: String
    var toolVersion: String
    var configSource: String
    var configSHA256: String
    var reportLink: [LinkView]
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
    /// The catalog sources that describe it; empty when no catalog source does.
    var describedBy: [String]
}

/// What was observed for one subprocessor (`Reconciliation.observations`).
struct ObservationView {
    var subprocessor: String
    var approval: String
    var isApproved: Bool
    var systems: [String]
    var purposes: [String]
    var dataCategories: [String]
    var regions: [String]
    var operations: [String]
    var flows: String
    var records: String
    var bytes: String
    var period: String
}
