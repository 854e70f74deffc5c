import RemitCore

/// Builds the customer × subprocessor matrix (SPEC "The HTML report"): one row per register
/// customer, one column per subprocessor that any of them approved, used or has findings for.
///
/// A pair is ✗ used but not approved, ▲ approved with unsuppressed findings (classed by the
/// worst severity, with their number), ○ approved but unused, or ✓ approved and clean,
/// the first that applies. It links to the pair's
/// first (most severe) finding when the findings table shows it, else to the customer's
/// section. The matrix is drawn as an SVG heat map and repeated as a table for screen readers.
struct MatrixBuilder {
    /// Beyond these, the rows with the most open findings and the busiest columns are shown.
    static let rowLimit = 100
    static let columnLimit = 60

    static let legend = [
        LegendItem(cssClass: "hm-clean", symbol: "✓", label: "approved and clean"),
        LegendItem(cssClass: "hm-high", symbol: "▲", label: "approved, with findings (colour and number: worst severity, count)"),
        LegendItem(cssClass: "hm-unauthorized", symbol: "✗", label: "used but not approved"),
        LegendItem(cssClass: "hm-unused", symbol: "○", label: "approved but unused"),
    ]

    /// One pair's state.
    struct Cell {
        var state: String
        var symbol: String
        var count: Int
        var title: String
        var href: String?
    }

    let report: RunReport

    func build() -> MatrixView {
        let context = report.context
        var seenCustomers: Set<String> = []
        let customers = context.register.customers.filter { seenCustomers.insert($0.id).inserted }
        // Each pair's findings, by their place in `report.findings` (most severe first).
        let findings = report.findings
        var pairFindings: [Pair: [Int]] = [:]
        for index in findings.indices where !findings[index].key.customer.isEmpty && !findings[index].key.subprocessor.isEmpty {
            pairFindings[Pair(customer: findings[index].key.customer, subprocessor: findings[index].key.subprocessor), default: []].append(index)
        }
        let shownRows = pickRows(customers, pairFindings)
        var approved: [String: Set<String>] = [:]
        var activity: [String: Int] = [:]
        for customer in shownRows {
            let ids = Approval.approvedSubprocessors(of: customer, catalog: context.catalog)
            approved[customer.id] = Set(ids)
            for id in ids { activity[id, default: 0] += 1 }
        }
        let rowIDs = Set(shownRows.map(\.id))
        for pair in report.reconciliation.observations.keys where rowIDs.contains(pair.customer) { activity[pair.subprocessor, default: 0] += 1 }
        for (pair, findings) in pairFindings where rowIDs.contains(pair.customer) { activity[pair.subprocessor, default: 0] += findings.count }
        let catalogOrder = context.catalog.order.filter { activity[$0] != nil }
        let allColumns = catalogOrder + Set(activity.keys).subtracting(catalogOrder).sorted(by: byteOrder)
        let kept = Set(allColumns.sorted { (activity[$0]!, $1) > (activity[$1]!, $0) }.prefix(Self.columnLimit))
        let columns = allColumns.filter(kept.contains)

        let linkable = Set(report.findings.prefix(ReportPageBuilder.tableLimit).map(\.fingerprint))
        let grid = shownRows.map { customer in
            columns.map { id in
                let pair = Pair(customer: customer.id, subprocessor: id)
                return cell(pair, approved: approved[customer.id]?.contains(id) ?? false, findings: pairFindings[pair] ?? [], linkable: linkable)
            }
        }
        var cap: [CapNote] = []
        if customers.count > shownRows.count || allColumns.count > columns.count {
            cap.append(CapNote(text: "The matrix shows \(DisplayFormat.count(shownRows.count)) of \(DisplayFormat.count(customers.count)) customers "
                + "(those with the most open findings) and \(DisplayFormat.count(columns.count)) of \(DisplayFormat.count(allColumns.count)) "
                + "subprocessors (the busiest); every customer has an evidence packet."))
        }
        let hasRows = !shownRows.isEmpty && !columns.isEmpty
        return MatrixView(
            heatMap: hasRows ? [HeatMapDrawing.draw(customers: shownRows.map(\.id), columns: columns, grid: grid)] : [],
            legend: Self.legend,
            columns: VisibleText.list(columns),
            rows: zip(shownRows, grid).map { customer, cells in
                MatrixRow(customer: VisibleText.of(customer.id), anchor: Anchor.customer(customer.id), cells: cells.map(Self.tableCell))
            },
            hasRows: hasRows,
            cap: cap
        )
    }

    /// All customers when they fit; else those with the most open findings, in register order.
    private func pickRows(_ customers: [Customer], _ pairFindings: [Pair: [Int]]) -> [Customer] {
        guard customers.count > Self.rowLimit else { return customers }
        var open: [String: Int] = [:]
        for (pair, indices) in pairFindings { open[pair.customer, default: 0] += indices.count { !report.findings[$0].isSuppressed } }
        let ranked = customers.indices.sorted { (-(open[customers[$0].id] ?? 0), $0) < (-(open[customers[$1].id] ?? 0), $1) }
        let kept = Set(ranked.prefix(Self.rowLimit))
        return customers.indices.filter(kept.contains).map { customers[$0] }
    }

    /// `findings`: the pair's, by their place in `report.findings`.
    private func cell(_ pair: Pair, approved: Bool, findings: [Int], linkable: Set<String>) -> Cell {
        let all = report.findings
        let observed = report.reconciliation.observations[pair] != nil
        let seen = report.reconciliation.seen.contains(pair)
        // The UNUSED_AUTHORIZATION finding is what ○ already says; other open findings outrank it.
        let open = findings.filter { !all[$0].isSuppressed && all[$0].key.kind != .unusedAuthorization }
        let counted = findings.isEmpty ? "" : ", \(DisplayFormat.plural(findings.count, "finding"))"
        let unused = approved && !seen ? ", unused" : ""
        let state: String, symbol: String, meaning: String
        if !approved && observed {
            (state, symbol, meaning) = ("unauthorized", "✗", "used but not approved")
        } else if approved, let worst = open.map({ all[$0].severity }).max() {
            (state, symbol, meaning) = ("findings sev-\(worst.rawValue)", "▲", "approved\(unused), with findings (worst: \(worst.rawValue))")
        } else if approved && !seen {
            (state, symbol, meaning) = ("unused", "○", "approved but unused")
        } else if approved {
            (state, symbol, meaning) = ("clean", "✓", "approved and clean")
        } else {
            return Cell(state: "none", symbol: "", count: 0, title: "", href: nil)
        }
        let target = findings.first { linkable.contains(all[$0].fingerprint) }
        return Cell(
            state: state, symbol: symbol, count: state.hasPrefix("findings") ? open.count : 0,
            title: VisibleText.of("\(pair.customer) × \(pair.subprocessor): \(meaning)\(counted)"),
            href: "#" + (target.map { Anchor.findingRow(all[$0].fingerprint) } ?? Anchor.customer(pair.customer))
        )
    }

    private static func tableCell(_ cell: Cell) -> MatrixCell {
        MatrixCell(
            state: cell.state, title: cell.title,
            link: cell.href.map { [LinkView(href: $0, text: cell.symbol + (cell.count > 0 ? String(cell.count) : ""))] } ?? []
        )
    }
}
