enum _RemitIngestPlaceholder {}
