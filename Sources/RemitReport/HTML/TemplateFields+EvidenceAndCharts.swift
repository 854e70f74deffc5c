// `TemplateFields` for the evidence page and the charts (see TemplateFields.swift).

extension TagView: TemplateFields {
    static let fieldNames = [
        "text", "outside",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "text": self.text
        case "outside": self.outside
        default: nil
        }
    }
}

extension HeatCell: TemplateFields {
    static let fieldNames = [
        "x", "y", "width", "height", "textX", "textY", "cssClass", "text", "title", "href",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "x": self.x
        case "y": self.y
        case "width": self.width
        case "height": self.height
        case "textX": self.textX
        case "textY": self.textY
        case "cssClass": self.cssClass
        case "text": self.text
        case "title": self.title
        case "href": self.href
        default: nil
        }
    }
}

extension HeatLabel: TemplateFields {
    static let fieldNames = [
        "x", "y", "text", "title", "link",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "x": self.x
        case "y": self.y
        case "text": self.text
        case "title": self.title
        case "link": self.link
        default: nil
        }
    }
}

extension ChartSegment: TemplateFields {
    static let fieldNames = [
        "x", "y", "width", "height", "cssClass", "title",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "x": self.x
        case "y": self.y
        case "width": self.width
        case "height": self.height
        case "cssClass": self.cssClass
        case "title": self.title
        default: nil
        }
    }
}

extension ChartMarker: TemplateFields {
    static let fieldNames = [
        "x", "y", "title",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "x": self.x
        case "y": self.y
        case "title": self.title
        default: nil
        }
    }
}

extension MatrixCell: TemplateFields {
    static let fieldNames = [
        "state", "title", "link",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "state": self.state
        case "title": self.title
        case "link": self.link
        default: nil
        }
    }
}

extension MatrixRow: TemplateFields {
    static let fieldNames = [
        "customer", "anchor", "cells",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "customer": self.customer
        case "anchor": self.anchor
        case "cells": self.cells
        default: nil
        }
    }
}

extension ObservationView: TemplateFields {
    static let fieldNames = [
        "subprocessor", "approval", "isApproved", "systems", "purposes", "dataCategories", "regions", "operations",
        "hasOutside", "flows", "records", "bytes", "period", "periodExact", "outsideWindow", "renderedRow",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "subprocessor": self.subprocessor
        case "approval": self.approval
        case "isApproved": self.isApproved
        case "systems": self.systems
        case "purposes": self.purposes
        case "dataCategories": self.dataCategories
        case "regions": self.regions
        case "operations": self.operations
        case "hasOutside": self.hasOutside
        case "flows": self.flows
        case "records": self.records
        case "bytes": self.bytes
        case "period": self.period
        case "periodExact": self.periodExact
        case "outsideWindow": self.outsideWindow
        case "renderedRow": self.renderedRow
        default: nil
        }
    }
}

extension ScopeView: TemplateFields {
    static let fieldNames = [
        "subprocessor", "name", "service", "basis", "isGeneral", "instruction", "purposes", "dataCategories",
        "regions", "operations", "window", "windowFrom", "windowUntil", "describedBy", "renderedRow",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "subprocessor": self.subprocessor
        case "name": self.name
        case "service": self.service
        case "basis": self.basis
        case "isGeneral": self.isGeneral
        case "instruction": self.instruction
        case "purposes": self.purposes
        case "dataCategories": self.dataCategories
        case "regions": self.regions
        case "operations": self.operations
        case "window": self.window
        case "windowFrom": self.windowFrom
        case "windowUntil": self.windowUntil
        case "describedBy": self.describedBy
        case "renderedRow": self.renderedRow
        default: nil
        }
    }
}

extension EvidencePage: TemplateFields {
    static let fieldNames = [
        "head", "customerID", "customerName", "asOf", "toolVersion", "configSource", "configSHA256", "links",
        "glance", "instructions", "general", "limits", "scopes", "observations", "findings", "findingsSummary",
        "findingsCap", "exceptions", "inputs", "inputsTable", "scopeRows", "observedRows", "findingCards",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "head": self.head
        case "customerID": self.customerID
        case "customerName": self.customerName
        case "asOf": self.asOf
        case "toolVersion": self.toolVersion
        case "configSource": self.configSource
        case "configSHA256": self.configSHA256
        case "links": self.links
        case "glance": self.glance
        case "instructions": self.instructions
        case "general": self.general
        case "limits": self.limits
        case "scopes": self.scopes
        case "observations": self.observations
        case "findings": self.findings
        case "findingsSummary": self.findingsSummary
        case "findingsCap": self.findingsCap
        case "exceptions": self.exceptions
        case "inputs": self.inputs
        case "inputsTable": self.inputsTable
        case "scopeRows": self.scopeRows
        case "observedRows": self.observedRows
        case "findingCards": self.findingCards
        default: nil
        }
    }
}

extension PageHead: TemplateFields {
    static let fieldNames = [
        "title", "styleHash", "scriptHash",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "styleHash": self.styleHash
        case "scriptHash": self.scriptHash
        default: nil
        }
    }
}

extension GlanceItem: TemplateFields {
    static let fieldNames = [
        "label", "value",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "value": self.value
        default: nil
        }
    }
}

extension CustomerLimits: TemplateFields {
    static let fieldNames = [
        "purposes", "dataCategories", "regions",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "purposes": self.purposes
        case "dataCategories": self.dataCategories
        case "regions": self.regions
        default: nil
        }
    }
}

extension GeneralAuthorizationView: TemplateFields {
    static let fieldNames = [
        "instruction", "noticeDays", "objections",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "instruction": self.instruction
        case "noticeDays": self.noticeDays
        case "objections": self.objections
        default: nil
        }
    }
}

extension CapNote: TemplateFields {
    static let fieldNames = [
        "text",
    ]

    func child(named name: String) -> Any? {
        switch name {
        case "text": self.text
        default: nil
        }
    }
}
