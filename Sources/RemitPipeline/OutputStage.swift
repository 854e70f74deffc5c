import RemitIngest
public import RemitReport

/// What the render stage needs besides the report, prepared before any flow is read so that
/// a bad template folder or signing key fails the run at once (exit 2) and leaves the
/// previous outputs in place.
enum OutputStage {
    static func prepare(_ options: RunOptions, config: JobConfig) throws(RemitError) -> OutputSettings {
        let signer = try signer(config)
        do {
            let templates = try PageTemplates.load(overlay: options.templateDirectory)
            return OutputSettings(formats: options.formats, templates: templates, signer: signer)
        } catch {
            throw RemitError(error)
        }
    }

    /// The job's signing key (`signing.key_file`), read before any input, by `remit run` and
    /// `remit check` alike: a key that cannot be used is a usage error naming the job's field.
    static func signer(_ config: JobConfig) throws(RemitError) -> ManifestSigner? {
        guard let file = config.signingKeyFile else { return nil }
        do { return try ManifestSigner(keyFile: config.resolve(file)) } catch {
            guard error.isUsageError else { throw RemitError(error) }
            throw .usage("\(config.file): signing.key_file: \(error.description)")
        }
    }

    /// Writes the outputs into `directory`, mapping a writer's error to the exit code it deserves;
    /// `beforeSwap` runs between writing them and putting them in place (`OutputCommit`).
    /// Returns the removal of the previous outputs, under way.
    static func write(
        _ report: RunReport, settings: OutputSettings, to directory: String, beforeSwap: () throws(RemitError) -> Void
    ) throws(RemitError) -> FolderRemoval.Pending? {
        try OutputCommit.write(to: directory, beforeSwap: beforeSwap) { folder in
            do throws(ReportError) { _ = try OutputWriter.write(report, settings: settings, to: folder) } catch { throw RemitError(error) }
        }
    }
}

extension RemitError {
    /// A user's own template or key is a usage error (2); anything else from the writer is internal (4).
    public init(_ error: ReportError) {
        self = error.isUsageError ? .usage(error.description) : .internal(error.description)
    }
}
