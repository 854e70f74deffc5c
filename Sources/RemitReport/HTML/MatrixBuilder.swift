import RemitCore

/// Builds the customer × subprocessor matrix (SPEC "The HTML report"): one row per register
/// customer, one column per subprocessor that any of them approved, used or has findings for.
///
/// A cell is ✓ approved and clean, ▲ approved with unsuppressed findings (classed by the
/// worst severity), ✗ used but not approved, ○ approved but unused. It links to the pair's
/// first (most severe) finding when the findings table shows it, else to the customer's section.
struct MatrixBuilder {
    /// More rows than this are left out, with a note; the evidence packets have them all.
    static let rowLimit = 300

    let report: RunReport

    func build() -> MatrixView {
        let context = report.context
        var seenCustomers: Set<String> = []
        let customers = context.register.customers.filter { seenCustomers.insert($0.id).inserted }
        let shownRows = Array(customers.prefix(Self.rowLimit))

        var pairFindings: [Pair: [Finding]] = [:]
        for finding in report.findings where !finding.key.customer.isEmpty && !finding.key.subprocessor.isEmpty {
            pairFindings[Pair(customer: finding.key.customer, subprocessor: finding.key.subprocessor), default: []].append(finding)
        }
        let linkable = Set(report.findings.prefix(ReportPageBuilder.tableLimit).map(\.fingerprint))
        var approved: [String: Set<String>] = [:]
        var used: Set<String> = []
        for customer in shownRows {
            let ids = Approval.approvedSubprocessors(of: customer, catalog: context.catalog)
            approved[customer.id] = Set(ids)
            used.formUnion(ids)
        }
        let rowIDs = Set(shownRows.map(\.id))
        for pair in report.reconciliation.observations.keys where rowIDs.contains(pair.customer) { used.insert(pair.subprocessor) }
        for pair in pairFindings.keys where rowIDs.contains(pair.customer) { used.insert(pair.subprocessor) }
        let catalogOrder = context.catalog.order.filter(used.contains)
        let columns = catalogOrder + used.subtracting(catalogOrder).sorted(by: byteOrder)

        let rows = shownRows.map { customer in
            MatrixRow(
                customer: VisibleText.of(customer.id),
                anchor: Anchor.customer(customer.id),
                cells: columns.map { id in
                    let pair = Pair(customer: customer.id, subprocessor: id)
                    return cell(pair, approved: approved[customer.id]?.contains(id) ?? false,
                                findings: pairFindings[pair] ?? [], linkable: linkable)
                }
            )
        }
        let cap = customers.count > Self.rowLimit
            ? [CapNote(text: "The matrix shows the first \(DisplayFormat.count(Self.rowLimit)) of \(DisplayFormat.count(customers.count)) customers; every customer has an evidence packet.")]
            : []
        return MatrixView(columns: VisibleText.list(columns), rows: rows, hasRows: !rows.isEmpty && !columns.isEmpty, cap: cap)
    }

    private func cell(_ pair: Pair, approved: Bool, findings: [Finding], linkable: Set<String>) -> MatrixCell {
        let observed = report.reconciliation.observations[pair] != nil
        let seen = report.reconciliation.seen.contains(pair)
        let open = findings.filter { !$0.isSuppressed }
        let worst = open.map(\.severity).max()
        let counted = findings.isEmpty ? "" : ", \(DisplayFormat.plural(findings.count, "finding"))"
        let state: String, symbol: String, meaning: String
        if !approved && observed {
            (state, symbol, meaning) = ("unauthorized", "✗", "used but not approved")
        } else if approved && !seen {
            (state, symbol, meaning) = ("unused", "○", "approved but unused")
        } else if let worst {
            (state, symbol, meaning) = ("findings sev-\(worst.rawValue)", "▲", "approved, with findings (worst: \(worst.rawValue))")
        } else if approved {
            (state, symbol, meaning) = ("clean", "✓", "approved and clean")
        } else {
            return MatrixCell(state: "none", title: "", link: [])
        }
        let target = findings.first { linkable.contains($0.fingerprint) }
        let href = "#" + (target.map { Anchor.findingRow($0.fingerprint) } ?? Anchor.customer(pair.customer))
        return MatrixCell(
            state: state,
            title: VisibleText.of("\(pair.customer) × \(pair.subprocessor): \(meaning)\(counted)"),
            link: [LinkView(href: href, text: symbol)]
        )
    }
}
