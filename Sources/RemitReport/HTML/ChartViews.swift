/// View models of the inline SVG charts. Every coordinate is a decimal string computed by
/// remit with integer arithmetic (see `Charts.tenths`), so charts are byte-identical on every
/// machine; labels have passed `VisibleText`; links are remit-built fragments.

/// A key to a chart's colours, spelled out in words (never colour alone).
struct LegendItem {
    /// `sev-high` … `sev-info`, `suppressed`, or a heat-map state.
    var cssClass: String
    var symbol: String
    var label: String
}

/// Horizontal stacked bars: findings by kind, stacked by severity.
struct BarChart {
    var title: String
    var width: String
    var height: String
    var bars: [ChartBar]
    var legend: [LegendItem]
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
    var cssClass: String
    var title: String
}

/// Lines over the last runs, one per severity, labelled at their ends.
struct LineChart {
    var title: String
    var width: String
    var height: String
    var plotLeft: String
    var plotRight: String
    var grid: [ChartTick]
    var runs: [ChartTick]
    var lines: [ChartLine]
}

/// A gridline or axis label: `position` is y for gridlines, x for run labels.
struct ChartTick {
    var position: String
    var labelPosition: String
    var label: String
}

struct ChartLine {
    var cssClass: String
    var points: String
    var markers: [ChartMarker]
    var endLabel: String
    var endX: String
    var endY: String
}

struct ChartMarker {
    var x: String
    var y: String
    var title: String
}

/// The customer × subprocessor matrix as a heat map: one linked cell a pair.
struct HeatMap {
    var title: String
    var width: String
    var height: String
    var columns: [HeatLabel]
    var rows: [HeatLabel]
    var cells: [HeatCell]
    var legend: [LegendItem]
}

struct HeatLabel {
    var x: String
    var y: String
    var text: String
    var title: String
    /// Where the label leads (a customer's section); empty for none.
    var link: [LinkView]
}

struct HeatCell {
    var x: String
    var y: String
    var width: String
    var height: String
    var textX: String
    var textY: String
    /// `hm-clean`, `hm-high` … `hm-info`, `hm-unauthorized`, `hm-unused`, `hm-none`.
    var cssClass: String
    var text: String
    var title: String
    /// The pair's first finding, or the customer's section.
    var href: String
}
