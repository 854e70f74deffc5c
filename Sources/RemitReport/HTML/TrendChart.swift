import RemitCore

/// The trend of the last runs as an inline SVG line chart (SPEC "The HTML report": a trend
/// of the last runs when history exists): one line per severity of unsuppressed findings and
/// one for suppressed ones, each with a distinct dash pattern and labelled at its end, so no
/// line is told apart by colour alone.
enum TrendChart {
    /// One run: its date label and its counts.
    struct Run {
        var label: String
        var asOf: String
        var bySeverity: [Severity: Int]
        var suppressed: Int
    }

    private static let left = 44, top = 12, plotHeight = 150, minimumPlotWidth = 560, endLabelRoom = 110, bottomRoom = 34

    static func draw(title: String, _ runs: [Run]) -> LineChart {
        let series: [(cssClass: String, name: String, value: (Run) -> Int)] =
            Severity.descending.map { severity in ("sev-\(severity.rawValue)", severity.rawValue, { $0.bySeverity[severity] ?? 0 }) }
            + [("suppressed", "suppressed", { $0.suppressed })]
        let largest = runs.flatMap { run in series.map { $0.value(run) } }.max() ?? 0
        let step = niceStep(largest)
        let ceiling = step * 4
        // Columns at least 40 px apart, the plot at least `minimumPlotWidth` wide.
        let pitch = max(40, minimumPlotWidth / max(1, runs.count - 1))
        let plotWidth = max(1, runs.count - 1) * pitch
        func x(_ index: Int) -> Int { (left + index * pitch) * 10 }
        func y(_ value: Int) -> Int { (Self.top + plotHeight) * 10 - value * plotHeight * 10 / ceiling }

        let grid = (0...4).map { i in
            ChartTick(position: tenths(y(i * step)), labelPosition: tenths(y(i * step) + 35), label: DisplayFormat.count(i * step))
        }
        let labels = runs.enumerated().map { i, run in
            ChartTick(position: tenths(x(i)), labelPosition: String(Self.top + plotHeight + 18), label: run.label)
        }
        let points = series.map { item in runs.enumerated().map { i, run in (x: x(i), y: y(item.value(run))) } }
        let endYs = spread(points.map { ($0.last?.y ?? 0) + 35 }, gap: 120, limit: (Self.top + plotHeight) * 10 + 35)
        let lines = series.indices.map { s in
            let item = series[s]
            return ChartLine(
                cssClass: item.cssClass,
                points: points[s].map { "\(tenths($0.x)),\(tenths($0.y))" }.joined(separator: " "),
                markers: zip(runs, points[s]).map { run, point in
                    ChartMarker(x: tenths(point.x), y: tenths(point.y), title: "\(run.asOf): \(item.value(run)) \(item.name)")
                },
                endLabel: "\(item.name) \(runs.last.map(item.value) ?? 0)",
                endX: tenths((points[s].last?.x ?? 0) + 80),
                endY: tenths(endYs[s])
            )
        }
        let width = left + plotWidth + endLabelRoom
        return LineChart(
            title: title, width: String(width), height: String(Self.top + plotHeight + bottomRoom),
            plotLeft: String(left), plotRight: String(left + plotWidth), grid: grid, runs: labels, lines: lines
        )
    }

    /// The smallest 1, 2 or 5 × 10^k with four steps covering `largest` (at least 1).
    static func niceStep(_ largest: Int) -> Int {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] where factor * magnitude * 4 >= largest {
                return factor * magnitude
            }
            magnitude *= 10
        }
    }

    /// The values moved apart so that each is at least `gap` below the one above it, keeping
    /// their order (ties keep the series order), then moved up together if one passed `limit`.
    static func spread(_ values: [Int], gap: Int, limit: Int) -> [Int] {
        var out = values
        var previous: Int?
        for index in values.indices.sorted(by: { (values[$0], $0) < (values[$1], $1) }) {
            if let previous, out[index] < previous + gap { out[index] = previous + gap }
            previous = out[index]
        }
        let overshoot = (out.max() ?? limit) - limit
        return overshoot > 0 ? out.map { $0 - overshoot } : out
    }

    private static func tenths(_ value: Int) -> String { Charts.tenths(value) }

}
