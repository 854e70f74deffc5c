/// The view model of `report.html` (SPEC "The HTML report"). See `PageViews.swift` for the
/// rules every view model follows, and `Docs/templates.md` for the documented fields.
struct ReportPage {
    var head: PageHead
    var header: RunHeader
    var verdict: VerdictView
    var comparison: ComparisonView
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
    /// `7 inputs · 691 flow records read, 3 rejected · all fresh`.
    var inputsSummary: String
}

/// The verdict against `fail_on`, in words.
struct VerdictView {
    /// `pass`, `fail` or `none` (no gate): also the CSS class.
    var state: String
    var headline: String
    var text: String
}

/// How this run relates to history: no earlier run, or a comparison with the previous run.
struct ComparisonView {
    /// `first` or `compared`.
    var state: String
    var text: String
}

struct SummaryView {
    var severities: [SeverityTile]
    var suppressed: String
    var total: String
    /// Empty on a first run (every finding is new then, and nothing can be resolved).
    var changes: [ChangeTiles]
    var kinds: [KindRow]
    var chart: [BarChart]
    var trend: [LineChart]
}

/// New and resolved findings since the previous run.
struct ChangeTiles {
    var new: String
    var persisting: String
    var resolved: String
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
    var used: String
    var findings: String
    /// `high`, … or empty: the CSS class and text of the worst unsuppressed severity.
    var worst: [String]
    /// The row as `customerRow.mustache` prints it, rendered apart from the page
    /// (`ShapedPartial`); empty when `report.mustache` or `customerRow.mustache` is a template
    /// of one's own (`PageRenderer.rendersCustomerRowsApart`).
    var renderedRow: String = ""
}

/// The distinct values the findings table can be filtered on.
struct FilterOptions {
    var severities: [String]
    var kinds: [String]
    var customers: [String]
    var subprocessors: [String]
}

/// The customer × subprocessor matrix: a heat map, and the same as a table.
struct MatrixView {
    var heatMap: [HeatMap]
    var legend: [LegendItem]
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

/// One pair in the table form of the matrix.
struct MatrixCell {
    /// `clean`, `findings sev-high`, `unauthorized`, `unused` or `none`: CSS classes.
    var state: String
    var title: String
    /// The symbol (and open findings), linked to the pair's first finding or the customer's
    /// section; empty when no state applies.
    var link: [LinkView]
}
