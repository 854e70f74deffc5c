/// The view model of `report.html` (SPEC "The HTML report"). See `PageViews.swift` for the
/// rules every view model follows.
struct ReportPage {
    var head: PageHead
    var header: RunHeader
    var verdict: VerdictView
    var summary: SummaryView
    var matrix: MatrixView
    var customers: [CustomerSummary]
    var filters: FilterOptions
    /// The findings table: at most `ReportPageBuilder.tableLimit` rows, most severe first.
    var table: [FindingRow]
    var hasFindings: Bool
    var tableCap: [CapNote]
    var details: [FindingDetail]
    var resolved: [FindingRow]
}

/// The run header: when, with what, from which inputs.
struct RunHeader {
    var asOf: String
    var toolVersion: String
    var configSource: String
    var configSHA256: String
    var configSHA256Short: String
    var failOn: String
    var inputs: [InputRow]
}

/// The verdict against `fail_on`, in words.
struct VerdictView {
    /// `pass`, `fail` or `none` (no gate): also the CSS class.
    var state: String
    var headline: String
    var text: String
}

struct SummaryView {
    var severities: [SeverityTile]
    var suppressed: String
    var total: String
    var new: String
    var persisting: String
    var resolved: String
    var kinds: [KindRow]
    var chart: [BarChart]
    var trend: [BarChart]
}

/// Unsuppressed findings of one severity.
struct SeverityTile {
    var severity: String
    var count: String
}

/// Findings of one kind: unsuppressed per severity, and suppressed.
struct KindRow {
    var kind: String
    var high: String
    var medium: String
    var low: String
    var info: String
    var suppressed: String
    var total: String
}

/// A register customer: where its section is, its evidence packet, and how it fares.
struct CustomerSummary {
    var anchor: String
    var id: String
    var name: String
    var evidence: [LinkView]
    var approved: String
    var findings: String
    var worst: String
}

/// The distinct values the findings table can be filtered on.
struct FilterOptions {
    var severities: [String]
    var kinds: [String]
    var customers: [String]
    var subprocessors: [String]
}

/// The customer × subprocessor matrix.
struct MatrixView {
    var columns: [String]
    var rows: [MatrixRow]
    var hasRows: Bool
    var cap: [CapNote]
}

struct MatrixRow {
    var customer: String
    var anchor: String
    var cells: [MatrixCell]
}

/// One pair: ✓ approved and clean, ▲ approved with findings, ✗ used but not approved,
/// ○ approved but unused; empty when none applies.
struct MatrixCell {
    /// `clean`, `findings sev-high`, `unauthorized`, `unused` or `none`: CSS classes.
    var state: String
    var title: String
    /// The symbol, linked to the pair's first finding or the customer's section; empty
    /// when no state applies.
    var link: [LinkView]
}

/// A stacked bar chart drawn as inline SVG; every coordinate is computed by remit.
struct BarChart {
    var title: String
    var width: String
    var height: String
    var bars: [ChartBar]
}

struct ChartBar {
    var label: String
    var labelX: String
    var labelY: String
    var total: String
    var totalX: String
    var totalY: String
    var segments: [ChartSegment]
}

struct ChartSegment {
    var x: String
    var y: String
    var width: String
    var height: String
    /// `sev-high` … `sev-info`, `suppressed`.
    var cssClass: String
    var title: String
}
