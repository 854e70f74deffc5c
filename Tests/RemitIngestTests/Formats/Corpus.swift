import Foundation
import RemitCore
@testable import RemitIngest

/// The shared corpus of real standard-format files, beside the package:
/// `<package root>/../shared/corpus` (CI keeps a copy of shared/ beside the clone).
enum Corpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The package's own files (fixtures, resources).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func packagePath(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path(folder)).sorted().map { "\(folder)/\($0)" }
    }

    /// The 1-based number of the first line of a corpus file containing `text`.
    static func line(of text: String, in relative: String, after: Int = 0) throws -> Int {
        let lines = try String(contentsOfFile: path(relative), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.indices.first(where: { $0 >= after && lines[$0].contains(text) }) else {
            throw CorpusError.notFound(text, relative)
        }
        return index + 1
    }

    enum CorpusError: Error { case notFound(String, String) }

    /// The adapter context a job with these mappings would give its sources.
    static func context(labels: [String: String] = [:], destinations: [(String, String)] = [], subprocessor: String? = nil,
                        catalog: Catalog = Catalog()) -> AdapterContext {
        let mappings = Mappings(destinations: destinations.map { Mappings.DestinationRule(pattern: $0.0, subprocessor: $0.1) }, labels: labels)
        return AdapterContext(catalog: catalog, mappings: mappings, subprocessor: subprocessor)
    }

    /// Every flow record and rejected record a flow source gives, with its stats.
    static func flows(_ relative: String, path: String? = nil, context: AdapterContext = context()) throws
        -> (records: [FlowRecord], rejected: [RejectedRecord], stats: FlowReadStats, format: SourceFormat) {
        let file = path ?? Self.path(relative)
        let format = try FlowReader.detect(path: file, source: relative)
        var records: [FlowRecord] = []
        var rejected: [RejectedRecord] = []
        let stats = try FlowReader.read(path: file, source: relative, format: format, context: context) { outcome in
            switch outcome {
            case .record(let record): records.append(record)
            case .rejected(let record): rejected.append(record)
            }
        }
        return (records, rejected, stats, format)
    }
}
