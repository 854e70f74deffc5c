import RemitCore

/// Inline SVG bar charts, drawn by remit (no library): geometry is computed here in tenths
/// of a pixel with integer arithmetic, so the output is the same on every machine.
enum Charts {
    /// One bar: a label and stacked parts (`cssClass` colors it, `name` is its tooltip).
    struct Series {
        var label: String
        var parts: [(cssClass: String, name: String, value: Int)]

        var total: Int { parts.reduce(0) { $0 + $1.value } }
    }

    /// The severities and `suppressed`, as the bar and line charts colour them.
    static let severityLegend: [LegendItem] = Severity.descending.map {
        LegendItem(cssClass: "sev-\($0.rawValue)", symbol: "", label: $0.rawValue)
    } + [LegendItem(cssClass: "suppressed", symbol: "", label: "suppressed")]

    private static let labelWidth = 250, barArea = 330, rowHeight = 22, barHeight = 14

    /// Horizontal bars, one row a series, labels on the left and totals on the right.
    static func horizontal(title: String, _ series: [Series]) -> BarChart {
        let largest = max(1, series.map(\.total).max() ?? 1)
        var bars: [ChartBar] = []
        for (row, item) in series.enumerated() {
            let top = 4 + row * rowHeight
            var x = labelWidth * 10
            var segments: [ChartSegment] = []
            for part in item.parts where part.value > 0 {
                let width = max(10, part.value * barArea * 10 / largest)
                segments.append(ChartSegment(
                    x: tenths(x), y: String(top + 4), width: tenths(width), height: String(barHeight),
                    cssClass: part.cssClass, title: "\(item.label): \(part.value) \(part.name)"
                ))
                x += width
            }
            bars.append(ChartBar(
                label: item.label, labelX: "0", labelY: String(top + 15), total: DisplayFormat.count(item.total),
                totalX: tenths(x + 60), totalY: String(top + 15), segments: segments
            ))
        }
        let height = 8 + series.count * rowHeight
        return BarChart(title: title, width: String(labelWidth + barArea + 60), height: String(height), bars: bars,
                        legend: severityLegend)
    }

    /// `123.4` from 1234 tenths; `123` when whole.
    static func tenths(_ value: Int) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        return sign + (magnitude % 10 == 0 ? String(magnitude / 10) : "\(magnitude / 10).\(magnitude % 10)")
    }

    /// A label cut to `limit` characters with an ellipsis, then made visible.
    static func label(_ text: String, limit: Int) -> String {
        VisibleText.of(text.count > limit ? String(text.prefix(limit - 1)) + "…" : text)
    }
}
