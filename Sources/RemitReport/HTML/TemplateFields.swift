import Mustache

/// Lets swift-mustache read a view model's fields through key paths. Without it, every
/// `{{name}}` builds a `Mirror` of the object and decodes each of its fields' types to find
/// the one named, which made rendering a 100,000-finding run take a minute; with it, the
/// same run renders in seconds. The view models that are rendered many times a page (and
/// the page roots, which every lookup that climbs the context stack reaches) conform.
///
/// `TemplateFieldsTests` checks that each table names exactly the type's stored properties,
/// so a field added to a view model cannot silently render as nothing. The tables are
/// `nonisolated(unsafe)` only because key paths are not `Sendable`; they are immutable.
protocol TemplateFields: MustacheParent {
    static var fields: [String: PartialKeyPath<Self>] { get }
}

extension TemplateFields {
    func child(named name: String) -> Any? {
        Self.fields[name].map { self[keyPath: $0] }
    }

    static var fieldNames: Set<String> { Set(fields.keys) }
}

extension FindingRow: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<FindingRow>] = [
        "fingerprint": \FindingRow.fingerprint, "severity": \FindingRow.severity,
        "severityRank": \FindingRow.severityRank, "kind": \FindingRow.kind, "customer": \FindingRow.customer,
        "subprocessor": \FindingRow.subprocessor, "dimension": \FindingRow.dimension, "value": \FindingRow.value,
        "flows": \FindingRow.flows, "flowsRaw": \FindingRow.flowsRaw, "records": \FindingRow.records,
        "recordsRaw": \FindingRow.recordsRaw, "bytes": \FindingRow.bytes, "bytesExact": \FindingRow.bytesExact,
        "bytesRaw": \FindingRow.bytesRaw, "hasVolume": \FindingRow.hasVolume, "lastSeenDate": \FindingRow.lastSeenDate,
        "lastSeen": \FindingRow.lastSeen, "status": \FindingRow.status, "suppressed": \FindingRow.suppressed,
        "suppressedBy": \FindingRow.suppressedBy,
    ]
}

extension FindingDetail: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<FindingDetail>] = [
        "row": \FindingDetail.row, "message": \FindingDetail.message, "customerName": \FindingDetail.customerName,
        "volume": \FindingDetail.volume, "period": \FindingDetail.period, "instructions": \FindingDetail.instructions,
        "unresolvedRefs": \FindingDetail.unresolvedRefs, "authorized": \FindingDetail.authorized,
        "basis": \FindingDetail.basis, "tableLink": \FindingDetail.tableLink, "samples": \FindingDetail.samples,
        "exception": \FindingDetail.exception,
    ]
}

extension InstructionView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<InstructionView>] = [
        "id": \InstructionView.id, "kind": \InstructionView.kind, "ref": \InstructionView.ref,
        "link": \InstructionView.link, "uriText": \InstructionView.uriText, "effective": \InstructionView.effective,
        "expires": \InstructionView.expires, "inForce": \InstructionView.inForce, "sha256": \InstructionView.sha256,
    ]
}

extension SampleView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<SampleView>] = [
        "flow": \SampleView.flow, "location": \SampleView.location, "reason": \SampleView.reason,
    ]
}

extension ExceptionView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ExceptionView>] = [
        "id": \ExceptionView.id, "kind": \ExceptionView.kind, "match": \ExceptionView.match,
        "reason": \ExceptionView.reason, "approvedBy": \ExceptionView.approvedBy, "expires": \ExceptionView.expires,
        "instructionRef": \ExceptionView.instructionRef, "isExpired": \ExceptionView.isExpired,
    ]
}

extension LinkView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<LinkView>] = [
        "href": \LinkView.href, "text": \LinkView.text,
    ]
}

extension TagView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<TagView>] = [
        "text": \TagView.text, "outside": \TagView.outside,
    ]
}

extension HeatCell: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<HeatCell>] = [
        "x": \HeatCell.x, "y": \HeatCell.y, "width": \HeatCell.width, "height": \HeatCell.height,
        "textX": \HeatCell.textX, "textY": \HeatCell.textY, "cssClass": \HeatCell.cssClass, "text": \HeatCell.text,
        "title": \HeatCell.title, "href": \HeatCell.href,
    ]
}

extension HeatLabel: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<HeatLabel>] = [
        "x": \HeatLabel.x, "y": \HeatLabel.y, "text": \HeatLabel.text, "title": \HeatLabel.title,
        "link": \HeatLabel.link,
    ]
}

extension ChartSegment: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ChartSegment>] = [
        "x": \ChartSegment.x, "y": \ChartSegment.y, "width": \ChartSegment.width, "height": \ChartSegment.height,
        "cssClass": \ChartSegment.cssClass, "title": \ChartSegment.title,
    ]
}

extension ChartMarker: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ChartMarker>] = [
        "x": \ChartMarker.x, "y": \ChartMarker.y, "title": \ChartMarker.title,
    ]
}

extension MatrixCell: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<MatrixCell>] = [
        "state": \MatrixCell.state, "title": \MatrixCell.title, "link": \MatrixCell.link,
    ]
}

extension MatrixRow: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<MatrixRow>] = [
        "customer": \MatrixRow.customer, "anchor": \MatrixRow.anchor, "cells": \MatrixRow.cells,
    ]
}

extension InputRow: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<InputRow>] = [
        "role": \InputRow.role, "source": \InputRow.source, "format": \InputRow.format, "status": \InputRow.status,
        "records": \InputRow.records, "rejected": \InputRow.rejected, "hasRejected": \InputRow.hasRejected,
        "bytes": \InputRow.bytes, "sha256": \InputRow.sha256, "sha256Shown": \InputRow.sha256Shown,
        "fetch": \InputRow.fetch,
    ]
}

extension KindRow: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<KindRow>] = [
        "kind": \KindRow.kind, "high": \KindRow.high, "medium": \KindRow.medium, "low": \KindRow.low,
        "info": \KindRow.info, "suppressed": \KindRow.suppressed, "total": \KindRow.total,
    ]
}

extension ObservationView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ObservationView>] = [
        "subprocessor": \ObservationView.subprocessor, "approval": \ObservationView.approval,
        "isApproved": \ObservationView.isApproved, "systems": \ObservationView.systems,
        "purposes": \ObservationView.purposes, "dataCategories": \ObservationView.dataCategories,
        "regions": \ObservationView.regions, "operations": \ObservationView.operations,
        "hasOutside": \ObservationView.hasOutside, "flows": \ObservationView.flows,
        "records": \ObservationView.records, "bytes": \ObservationView.bytes, "period": \ObservationView.period,
        "periodExact": \ObservationView.periodExact, "outsideWindow": \ObservationView.outsideWindow,
    ]
}

extension ScopeView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ScopeView>] = [
        "subprocessor": \ScopeView.subprocessor, "name": \ScopeView.name, "service": \ScopeView.service,
        "basis": \ScopeView.basis, "isGeneral": \ScopeView.isGeneral, "instruction": \ScopeView.instruction,
        "purposes": \ScopeView.purposes, "dataCategories": \ScopeView.dataCategories, "regions": \ScopeView.regions,
        "operations": \ScopeView.operations, "window": \ScopeView.window, "windowFrom": \ScopeView.windowFrom,
        "windowUntil": \ScopeView.windowUntil, "describedBy": \ScopeView.describedBy,
    ]
}

extension CustomerSummary: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<CustomerSummary>] = [
        "anchor": \CustomerSummary.anchor, "id": \CustomerSummary.id, "name": \CustomerSummary.name,
        "evidence": \CustomerSummary.evidence, "approved": \CustomerSummary.approved, "used": \CustomerSummary.used,
        "findings": \CustomerSummary.findings, "worst": \CustomerSummary.worst,
    ]
}

extension ReportPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ReportPage>] = [
        "head": \ReportPage.head, "header": \ReportPage.header, "verdict": \ReportPage.verdict,
        "comparison": \ReportPage.comparison, "summary": \ReportPage.summary, "matrix": \ReportPage.matrix,
        "customers": \ReportPage.customers, "filters": \ReportPage.filters, "table": \ReportPage.table,
        "hasFindings": \ReportPage.hasFindings, "tableCap": \ReportPage.tableCap, "details": \ReportPage.details,
        "resolved": \ReportPage.resolved,
    ]
}

extension EvidencePage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<EvidencePage>] = [
        "head": \EvidencePage.head, "customerID": \EvidencePage.customerID, "customerName": \EvidencePage.customerName,
        "asOf": \EvidencePage.asOf, "toolVersion": \EvidencePage.toolVersion,
        "configSource": \EvidencePage.configSource, "configSHA256": \EvidencePage.configSHA256,
        "links": \EvidencePage.links, "glance": \EvidencePage.glance, "instructions": \EvidencePage.instructions,
        "general": \EvidencePage.general, "limits": \EvidencePage.limits, "scopes": \EvidencePage.scopes,
        "observations": \EvidencePage.observations, "findings": \EvidencePage.findings,
        "findingsSummary": \EvidencePage.findingsSummary, "findingsCap": \EvidencePage.findingsCap,
        "exceptions": \EvidencePage.exceptions, "inputs": \EvidencePage.inputs,
    ]
}
