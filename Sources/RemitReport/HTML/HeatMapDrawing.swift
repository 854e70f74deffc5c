/// The customer × subprocessor matrix drawn as an inline SVG heat map: customers down the
/// left, subprocessors slanted along the top, one linked cell a pair with its symbol (and the
/// number of open findings), so the state never rests on colour alone.
enum HeatMapDrawing {
    private static let cellWidth = 34, cellHeight = 26, gap = 2, charWidth = 7, rowLabelLimit = 24, columnLabelLimit = 22

    static func draw(customers: [String], columns: [String], grid: [[MatrixBuilder.Cell]]) -> HeatMap {
        let rowLabelWidth = 12 + charWidth * min(rowLabelLimit, customers.map(\.count).max() ?? 0)
        // A label slanted at 45° rises (and runs right) about 5 px a character.
        let slant = 5 * min(columnLabelLimit, columns.map(\.count).max() ?? 0)
        let top = 14 + slant
        let pitchX = cellWidth + gap, pitchY = cellHeight + gap

        let columnLabels = columns.enumerated().map { i, id in
            HeatLabel(x: String(rowLabelWidth + i * pitchX + cellWidth / 2), y: String(top - 6),
                      text: Charts.label(id, limit: columnLabelLimit), title: VisibleText.of(id), link: [])
        }
        let rowLabels = customers.enumerated().map { r, id in
            HeatLabel(x: String(rowLabelWidth - 8), y: String(top + r * pitchY + cellHeight / 2 + 4),
                      text: Charts.label(id, limit: rowLabelLimit), title: VisibleText.of(id),
                      link: [LinkView(href: "#" + Anchor.customer(id), text: "")])
        }
        var cells: [HeatCell] = []
        for (r, row) in grid.enumerated() {
            for (c, cell) in row.enumerated() {
                guard let href = cell.href else { continue }
                let x = rowLabelWidth + c * pitchX, y = top + r * pitchY
                cells.append(HeatCell(
                    x: String(x), y: String(y), width: String(cellWidth), height: String(cellHeight),
                    textX: String(x + cellWidth / 2), textY: String(y + cellHeight / 2 + 5),
                    cssClass: cssClass(cell.state), text: cell.symbol + (cell.count > 0 ? String(cell.count) : ""),
                    title: cell.title, href: href
                ))
            }
        }
        return HeatMap(
            title: "Customers × subprocessors: \(customers.count) customers, \(columns.count) subprocessors",
            width: String(rowLabelWidth + columns.count * pitchX + slant + 8),
            height: String(top + customers.count * pitchY + 4),
            columns: columnLabels, rows: rowLabels, cells: cells, legend: MatrixBuilder.legend
        )
    }

    /// `findings sev-high` → `hm-high`; `clean` → `hm-clean`.
    private static func cssClass(_ state: String) -> String {
        "hm-" + (state.split(separator: " ").last.map { $0.hasPrefix("sev-") ? String($0.dropFirst(4)) : String($0) } ?? state)
    }
}
