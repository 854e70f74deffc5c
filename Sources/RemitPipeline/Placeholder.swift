enum _RemitPipelinePlaceholder {}
