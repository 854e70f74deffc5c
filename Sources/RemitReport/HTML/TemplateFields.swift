import Mustache

/// Lets swift-mustache read a view model's fields by name without reflection. Without it,
/// every `{{name}}` builds a `Mirror` of the object and decodes each of its fields' types to
/// find the one named, which made rendering a 100,000-finding run take a minute. The view
/// models rendered many times a page conform, and so do the page roots, which every lookup
/// that climbs the context stack reaches.
///
/// `TemplateFieldsTests` checks that each type's `fieldNames` are exactly its stored
/// properties and that `child(named:)` reads each of them, so a field added to a view model
/// cannot silently render as nothing.
protocol TemplateFields: MustacheParent, Shaped {
    static var fieldNames: [String] { get }
    /// The field called `name`, or nil (swift-mustache then looks in the enclosing contexts).
    func child(named name: String) -> Any?
    /// Adds every field, in `fieldNames` order, to a shape (`ShapedPartial`). By default
    /// each is read by name and cast; the views of the cards and rows rendered by the
    /// hundred thousand add theirs directly (`ShapedFields.swift`).
    func visitFields(_ shape: inout PartialShape) -> Bool
}

extension FindingRow: TemplateFields {
    static let fieldNames = [
        "fingerprint", "severity", "severityRank", "kind", "customer", "subprocessor", "dimension", "value", "flows",
        "flowsRaw", "records", "recordsRaw", "bytes", "bytesExact", "bytesRaw", "hasVolume", "lastSeenDate",
        "lastSeen", "status", "suppressed", "suppressedBy", "renderedRow",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "fingerprint": self.fingerprint
        case "severity": self.severity
        case "severityRank": self.severityRank
        case "kind": self.kind
        case "customer": self.customer
        case "subprocessor": self.subprocessor
        case "dimension": self.dimension
        case "value": self.value
        case "flows": self.flows
        case "flowsRaw": self.flowsRaw
        case "records": self.records
        case "recordsRaw": self.recordsRaw
        case "bytes": self.bytes
        case "bytesExact": self.bytesExact
        case "bytesRaw": self.bytesRaw
        case "hasVolume": self.hasVolume
        case "lastSeenDate": self.lastSeenDate
        case "lastSeen": self.lastSeen
        case "status": self.status
        case "suppressed": self.suppressed
        case "suppressedBy": self.suppressedBy
        case "renderedRow": self.renderedRow
        default: nil
        }
    }
}

extension FindingDetail: TemplateFields {
    static let fieldNames = [
        "row", "message", "customerName", "namesCustomer", "namesSubprocessor", "volume", "period", "instructions", "unresolvedRefs", "authorized",
        "basis", "tableLink", "samples", "exception", "card",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "row": self.row
        case "message": self.message
        case "customerName": self.customerName
        case "namesCustomer": self.namesCustomer
        case "namesSubprocessor": self.namesSubprocessor
        case "volume": self.volume
        case "period": self.period
        case "instructions": self.instructions
        case "unresolvedRefs": self.unresolvedRefs
        case "authorized": self.authorized
        case "basis": self.basis
        case "tableLink": self.tableLink
        case "samples": self.samples
        case "exception": self.exception
        case "card": self.card
        default: nil
        }
    }
}

extension InstructionView: TemplateFields {
    static let fieldNames = [
        "id", "kind", "ref", "link", "uriText", "effective", "expires", "inForce", "sha256",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "id": self.id
        case "kind": self.kind
        case "ref": self.ref
        case "link": self.link
        case "uriText": self.uriText
        case "effective": self.effective
        case "expires": self.expires
        case "inForce": self.inForce
        case "sha256": self.sha256
        default: nil
        }
    }
}

extension SampleView: TemplateFields {
    static let fieldNames = [
        "flow", "location", "reason",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "flow": self.flow
        case "location": self.location
        case "reason": self.reason
        default: nil
        }
    }
}

extension ExceptionView: TemplateFields {
    static let fieldNames = [
        "id", "kind", "match", "reason", "approvedBy", "expires", "instructionRef", "isExpired",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "id": self.id
        case "kind": self.kind
        case "match": self.match
        case "reason": self.reason
        case "approvedBy": self.approvedBy
        case "expires": self.expires
        case "instructionRef": self.instructionRef
        case "isExpired": self.isExpired
        default: nil
        }
    }
}

extension LinkView: TemplateFields {
    static let fieldNames = [
        "href", "text",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "href": self.href
        case "text": self.text
        default: nil
        }
    }
}

extension InputRow: TemplateFields {
    static let fieldNames = [
        "role", "source", "format", "status", "records", "rejected", "hasRejected", "bytes", "sha256", "sha256Shown",
        "fetch",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "role": self.role
        case "source": self.source
        case "format": self.format
        case "status": self.status
        case "records": self.records
        case "rejected": self.rejected
        case "hasRejected": self.hasRejected
        case "bytes": self.bytes
        case "sha256": self.sha256
        case "sha256Shown": self.sha256Shown
        case "fetch": self.fetch
        default: nil
        }
    }
}

extension KindRow: TemplateFields {
    static let fieldNames = [
        "kind", "high", "medium", "low", "info", "suppressed", "total",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "kind": self.kind
        case "high": self.high
        case "medium": self.medium
        case "low": self.low
        case "info": self.info
        case "suppressed": self.suppressed
        case "total": self.total
        default: nil
        }
    }
}

extension CustomerSummary: TemplateFields {
    static let fieldNames = [
        "anchor", "id", "name", "evidence", "approved", "used", "findings", "worst", "renderedRow",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "anchor": self.anchor
        case "id": self.id
        case "name": self.name
        case "evidence": self.evidence
        case "approved": self.approved
        case "used": self.used
        case "findings": self.findings
        case "worst": self.worst
        case "renderedRow": self.renderedRow
        default: nil
        }
    }
}

extension ReportPage: TemplateFields {
    static let fieldNames = [
        "head", "header", "verdict", "comparison", "summary", "matrix", "customers", "filters", "table",
        "hasFindings", "tableCap", "details", "resolved",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "head": self.head
        case "header": self.header
        case "verdict": self.verdict
        case "comparison": self.comparison
        case "summary": self.summary
        case "matrix": self.matrix
        case "customers": self.customers
        case "filters": self.filters
        case "table": self.table
        case "hasFindings": self.hasFindings
        case "tableCap": self.tableCap
        case "details": self.details
        case "resolved": self.resolved
        default: nil
        }
    }
}
