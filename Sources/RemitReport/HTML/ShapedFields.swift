/// The field walks of the views rendered by shape by the hundred thousand (`ShapedPartial`):
/// each field added directly, in `fieldNames` order, instead of read by name and cast.
/// `ShapedFieldsTests` checks each against `visitFieldsByName`.

extension FindingRow {
    func visitFields(_ shape: inout PartialShape) -> Bool {
        fingerprint.visit(&shape)
            && severity.visit(&shape)
            && severityRank.visit(&shape)
            && kind.visit(&shape)
            && customer.visit(&shape)
            && subprocessor.visit(&shape)
            && dimension.visit(&shape)
            && value.visit(&shape)
            && flows.visit(&shape)
            && flowsRaw.visit(&shape)
            && records.visit(&shape)
            && recordsRaw.visit(&shape)
            && bytes.visit(&shape)
            && bytesExact.visit(&shape)
            && bytesRaw.visit(&shape)
            && hasVolume.visit(&shape)
            && lastSeenDate.visit(&shape)
            && lastSeen.visit(&shape)
            && status.visit(&shape)
            && suppressed.visit(&shape)
            && suppressedBy.visit(&shape)
            && renderedRow.visit(&shape)
    }
}

extension CustomerSummary {
    func visitFields(_ shape: inout PartialShape) -> Bool {
        anchor.visit(&shape)
            && id.visit(&shape)
            && name.visit(&shape)
            && evidence.visit(&shape)
            && approved.visit(&shape)
            && used.visit(&shape)
            && findings.visit(&shape)
            && worst.visit(&shape)
            && renderedRow.visit(&shape)
    }
}

extension FindingDetail {
    func visitFields(_ shape: inout PartialShape) -> Bool {
        row.visit(&shape)
            && message.visit(&shape)
            && customerName.visit(&shape)
            && namesCustomer.visit(&shape)
            && namesSubprocessor.visit(&shape)
            && volume.visit(&shape)
            && period.visit(&shape)
            && instructions.visit(&shape)
            && unresolvedRefs.visit(&shape)
            && authorized.visit(&shape)
            && basis.visit(&shape)
            && tableLink.visit(&shape)
            && samples.visit(&shape)
            && exception.visit(&shape)
            && card.visit(&shape)
    }
}

extension InstructionView {
    func visitFields(_ shape: inout PartialShape) -> Bool {
        id.visit(&shape)
            && kind.visit(&shape)
            && ref.visit(&shape)
            && link.visit(&shape)
            && uriText.visit(&shape)
            && effective.visit(&shape)
            && expires.visit(&shape)
            && inForce.visit(&shape)
            && sha256.visit(&shape)
    }
}

extension SampleView {
    func visitFields(_ shape: inout PartialShape) -> Bool {
        flow.visit(&shape)
            && location.visit(&shape)
            && reason.visit(&shape)
    }
}

extension ExceptionView {
    func visitFields(_ shape: inout PartialShape) -> Bool {
        id.visit(&shape)
            && kind.visit(&shape)
            && match.visit(&shape)
            && reason.visit(&shape)
            && approvedBy.visit(&shape)
            && expires.visit(&shape)
            && instructionRef.visit(&shape)
            && isExpired.visit(&shape)
    }
}

extension LinkView {
    func visitFields(_ shape: inout PartialShape) -> Bool {
        href.visit(&shape)
            && text.visit(&shape)
    }
}

extension TagView {
    func visitFields(_ shape: inout PartialShape) -> Bool {
        text.visit(&shape)
            && outside.visit(&shape)
    }
}

extension ObservationView {
    func visitFields(_ shape: inout PartialShape) -> Bool {
        subprocessor.visit(&shape)
            && approval.visit(&shape)
            && isApproved.visit(&shape)
            && systems.visit(&shape)
            && purposes.visit(&shape)
            && dataCategories.visit(&shape)
            && regions.visit(&shape)
            && operations.visit(&shape)
            && hasOutside.visit(&shape)
            && flows.visit(&shape)
            && records.visit(&shape)
            && bytes.visit(&shape)
            && period.visit(&shape)
            && periodExact.visit(&shape)
            && outsideWindow.visit(&shape)
            && renderedRow.visit(&shape)
    }
}

extension ScopeView {
    func visitFields(_ shape: inout PartialShape) -> Bool {
        subprocessor.visit(&shape)
            && name.visit(&shape)
            && service.visit(&shape)
            && basis.visit(&shape)
            && isGeneral.visit(&shape)
            && instruction.visit(&shape)
            && purposes.visit(&shape)
            && dataCategories.visit(&shape)
            && regions.visit(&shape)
            && operations.visit(&shape)
            && window.visit(&shape)
            && windowFrom.visit(&shape)
            && windowUntil.visit(&shape)
            && describedBy.visit(&shape)
            && renderedRow.visit(&shape)
    }
}
