/// The view models the HTML templates render, shared by the report and the evidence packets.
///
/// Rules that keep the templates safe (SPEC "The HTML report", "no input value can inject
/// markup or script"):
/// - every field is a `String`, `Bool` or an array of view models; there is no raw input;
/// - every input-derived `String` has passed through `VisibleText.of`, and the templates
///   print it with `{{ }}` (HTML-escaped), never `{{{ }}}`; the exceptions are
///   `ScopeView.renderedRow` and `EvidencePage.inputsTable`, HTML that swift-mustache rendered from
///   `scope.mustache` and `inputs.mustache` by these rules (`PageRenderer`);
/// - link targets are either built by remit (`#f-…`, `evidence/….html`) or passed
///   `SafeLink.href` (http/https only);
/// - optional parts are arrays of zero or one element, never `Optional`: swift-mustache
///   looks a missing value up in the enclosing contexts, which could print the wrong thing.

/// The document head: title and the Content-Security-Policy hashes of the inline assets.
struct PageHead {
    var title: String
    /// Base64 SHA-256 of the exact `<style>` content.
    var styleHash: String
    /// Base64 SHA-256 of the exact `<script>` content; empty when the page has no script.
    var scriptHash: [String]
}

/// One input of the run, for the run header and the provenance sections.
struct InputRow {
    var role: String
    var source: String
    var format: String
    var status: String
    var records: String
    var rejected: String
    var hasRejected: Bool
    var bytes: String
    var sha256: String
    /// The digest as the page shows it: shortened in the report (full in `title`), full in
    /// an evidence packet, which is printed and filed.
    var sha256Shown: String
    /// "fetched 2026-11-28T00:00:00Z, ETag …, from https://…" for fetched sources, else empty.
    var fetch: [String]
}

/// A link to another place: remit-built or checked by `SafeLink`.
struct LinkView {
    var href: String
    var text: String
}

/// A documented instruction (DPA, SOW, …) as an auditor reads it.
struct InstructionView {
    var id: String
    var kind: String
    var ref: String
    /// The URI as a link when it is http/https.
    var link: [LinkView]
    /// The URI as plain text otherwise.
    var uriText: [String]
    var effective: String
    var expires: String
    var inForce: Bool
    var sha256: String
}

/// An approved, time-bound exception that suppresses findings.
struct ExceptionView {
    var id: String
    var kind: String
    /// `customer=…, subprocessor=…, value=…` (absent fields match anything).
    var match: String
    var reason: String
    var approvedBy: String
    var expires: String
    var instructionRef: String
    var isExpired: Bool
}

/// Where a sample came from: `source:line[:column]`, the flow id when it has one, and for
/// rejected records why.
struct SampleView {
    var flow: [String]
    var location: String
    var reason: [String]
}

/// One row of a findings table.
struct FindingRow {
    var fingerprint: String
    var severity: String
    var severityRank: String
    var kind: String
    var customer: String
    var subprocessor: String
    var dimension: String
    var value: String
    var flows: String
    var flowsRaw: String
    var records: String
    var recordsRaw: String
    /// `3.4 MB`, with the exact count in `bytesExact`.
    var bytes: String
    var bytesExact: String
    var bytesRaw: String
    /// False for findings that rest on no flow (standing checks): the volume cells show a dash.
    var hasVolume: Bool
    /// The date; the full instant is in `lastSeen`.
    var lastSeenDate: String
    var lastSeen: String
    var status: String
    var suppressed: Bool
    var suppressedBy: String
    /// The report's table row as `findingRow.mustache` prints it, rendered apart from the page
    /// (`ShapedPartial`); empty in a card, and when `report.mustache` or `findingRow.mustache`
    /// is a template of one's own (`PageRenderer.rendersFindingRowsApart`).
    var renderedRow: String = ""
}

/// The evidence for one finding: what was authorized, what was observed, where it was seen.
struct FindingDetail {
    var row: FindingRow
    var message: String
    var customerName: [String]
    /// The finding names a customer (an unattributed flow names none) and a subprocessor (an
    /// unknown destination, or a finding on the customer as a whole, names none).
    var namesCustomer: Bool
    var namesSubprocessor: Bool
    /// `3 flows · 340 records · 81,234 bytes`; empty for findings that rest on no flow.
    var volume: [String]
    /// `2026-11-21T16:53:45Z – 2026-11-27T19:17:33Z`; empty without timestamps.
    var period: [String]
    /// The instruction references, resolved against the customer's instructions when possible.
    var instructions: [InstructionView]
    var unresolvedRefs: [String]
    /// The authorized values on the finding's dimension (`purposes: service.delivery`).
    var authorized: String
    /// The basis of the pair's approval, e.g. "explicit authorization, instruction acme-dpa".
    var basis: String
    /// The anchor of the row in the findings table (empty in an evidence packet).
    var tableLink: [LinkView]
    var samples: [SampleView]
    var exception: [ExceptionView]
    /// The card as `finding.mustache` prints it, rendered apart from its page (`ShapedPartial`);
    /// empty when a template of one's own decides how cards look
    /// (`PageRenderer.rendersFindingCardsApart`).
    var card: String = ""
}

/// A note shown when a list was cut short to keep the page usable.
struct CapNote {
    var text: String
}

/// Fragment ids inside the pages: built from digests, so any input is a safe anchor.
enum Anchor {
    /// `f-<fingerprint>`: a finding's row in the findings table.
    static func findingRow(_ fingerprint: String) -> String {
        "f-" + VisibleText.of(fingerprint)
    }

    /// `d-<fingerprint>`: a finding's evidence.
    static func findingDetail(_ fingerprint: String) -> String {
        "d-" + VisibleText.of(fingerprint)
    }

    /// `c-<16 hex digits of the id's SHA-256>`: a customer's section.
    static func customer(_ id: String) -> String {
        "c-" + Digests.sha256Hex(id).prefix(16)
    }
}
