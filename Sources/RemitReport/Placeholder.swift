enum _RemitReportPlaceholder {}
