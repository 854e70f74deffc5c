enum _RemitFetchPlaceholder {}
