/// Inline SVG bar charts, drawn by remit (no library): geometry is computed here in tenths
/// of a pixel with integer arithmetic, so the output is the same on every machine.
enum Charts {
    /// One bar: a label and stacked parts (`cssClass` colors it, `name` is its tooltip).
    struct Series {
        var label: String
        var parts: [(cssClass: String, name: String, value: Int)]

        var total: Int { parts.reduce(0) { $0 + $1.value } }
    }

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
        return BarChart(title: title, width: String(labelWidth + barArea + 60), height: String(height), bars: bars)
    }

    private static let columnPitch = 40, columnWidth = 26, plotHeight = 120, top = 16

    /// Vertical stacked columns, one a series (a run), oldest first, dates below.
    static func vertical(title: String, _ series: [Series]) -> BarChart {
        let largest = max(1, series.map(\.total).max() ?? 1)
        let base = top + plotHeight
        var bars: [ChartBar] = []
        for (column, item) in series.enumerated() {
            let x = 8 + column * columnPitch
            var y = base * 10
            var segments: [ChartSegment] = []
            for part in item.parts where part.value > 0 {
                let height = max(10, part.value * plotHeight * 10 / largest)
                y -= height
                segments.append(ChartSegment(
                    x: String(x), y: tenths(y), width: String(columnWidth), height: tenths(height),
                    cssClass: part.cssClass, title: "\(item.label): \(part.value) \(part.name)"
                ))
            }
            bars.append(ChartBar(
                label: item.label, labelX: String(x), labelY: String(base + 14), total: DisplayFormat.count(item.total),
                totalX: String(x), totalY: tenths(y - 30), segments: segments
            ))
        }
        let width = 16 + series.count * columnPitch
        return BarChart(title: title, width: String(width), height: String(base + 22), bars: bars)
    }

    /// `123.4` from 1234 tenths; `123` when whole.
    static func tenths(_ value: Int) -> String {
        value % 10 == 0 ? String(value / 10) : "\(value / 10).\(value % 10)"
    }
}
