import FuzzSupport
import Glibc
import RemitCore
import RemitIngest

/// Differential: the fast flow paths that production runs (`ParallelNDJSON`: byte-level
/// scanners on several threads over chunks; `XMLFlowTally`: the SAX2 record reader) against
/// the reference path (`FlowReader` → `FlowRecordDecoder` → `Reconciler.add`) on the same
/// file. Any difference in findings, samples, observations, counts or the error thrown
/// stops the fuzzer with both transcripts. An input whose first non-blank byte is `<` is
/// read as XML, any other as NDJSON.
let input = FuzzInputFile("fast")
let path = input.path

/// A small world whose ids, systems and endpoints the dictionary (json.dict, xml.dict) and
/// the seeds name: explicit and general authorization, a window, wildcard endpoints, a
/// destination rule, systems with purposes.
let context: ReconciliationContext = {
    let taxonomy = try! TaxonomyLoader.builtIn()
    let catalog = Catalog([
        SubprocessorDescription(id: "sp-mailer", purposes: ["service.delivery.notifications"], dataCategories: ["user.contact.email"],
                                regions: ["IE"], endpoints: ["api.mailer.example", "*.mailer-cdn.example"],
                                listedSince: TimeBound.parse("2024-01-01"), location: SourceLocation(source: "catalog.json", line: 2)),
        SubprocessorDescription(id: "sp-cdn", purposes: ["improve.analytics"], dataCategories: ["user.behavior"], regions: ["US"],
                                endpoints: ["events.cdn.example"], location: SourceLocation(source: "catalog.json", line: 9)),
    ])
    let register = Register(customers: [
        Customer(id: "cust-acme", instructions: [Instruction(id: "dpa", kind: .dpa)], purposes: ["service"],
                 dataCategories: ["user.contact", "user.content"], regions: ["EEA"],
                 subprocessors: [
                    Authorization(id: "sp-mailer", instruction: "dpa", purposes: ["service.delivery"], dataCategories: ["user.contact.email"],
                                  operations: ["transfer"], from: TimeBound.parse("2026-11-21"), until: TimeBound.parse("2026-11-26")),
                 ]),
        Customer(id: "cust-beta", instructions: [Instruction(id: "dpa", kind: .dpa)], purposes: ["service", "improve"],
                 dataCategories: ["user"], regions: ["EEA", "US"],
                 generalAuthorization: GeneralAuthorization(instruction: "dpa", noticeDays: 30, objections: ["sp-cdn"])),
    ])
    let mappings = Mappings(systems: ["notify-svc": .init(purposes: ["service.delivery.notifications"]),
                                      "web-app": .init(purposes: ["service.delivery", "improve.analytics"])],
                            destinations: [.init(pattern: "*.amazonaws.com", subprocessor: "sp-mailer")])
    return ReconciliationContext(taxonomy: taxonomy, register: register, catalog: catalog, mappings: mappings,
                                 asOf: Instant.parse("2026-11-28T00:00:00Z")!)
}()

/// What one way of reading gave: its transcript and counts, or the error it threw.
func outcome(_ read: () throws(InputError) -> (Reconciliation, FlowReadStats)) -> [String] {
    do {
        let (reconciliation, stats) = try read()
        return reconciliation.transcript + ["records=\(stats.records) rejected=\(stats.rejected)"]
    } catch {
        // remit's own errors must agree exactly. For libxml2's own, both paths must refuse the
        // file: its pull parser and its reader word some errors differently ("Document is
        // empty" / "Start tag expected, '<' not found") and place an unterminated construct
        // differently (a CDATA section left open: where the reader stopped, or the end of input).
        guard error.reason.hasPrefix("invalid XML: ") else { return ["error: \(error)"] }
        return ["error: \(error.location.source): invalid XML"]
    }
}

func reference(_ format: FlowFileFormat, expansion: [String]?) -> [String] {
    outcome { () throws(InputError) in
        var reconciler = Reconciler(context: context)
        let stats = try FlowReader.read(path: path, source: "flows", format: format) { outcome in
            switch outcome {
            case .record(let flow): reconciler.add(flow, customersForUnattributed: expansion)
            case .rejected(let rejected): reconciler.reject(rejected, source: "flows")
            }
        }
        return (reconciler.finish(), stats)
    }
}

func fast(_ read: () throws(InputError) -> (FlowTally, FlowReadStats)) -> [String] {
    outcome { () throws(InputError) in
        let (tally, stats) = try read()
        var reconciler = Reconciler(context: context)
        reconciler.absorb(tally)
        return (reconciler.finish(), stats)
    }
}

/// Both paths refused the file, one for its root element: libxml2's reader reads ahead, so a
/// syntax error just past a wrong root's start tag can reach the reference path first.
func bothRefused(_ fast: [String], _ reference: [String]) -> Bool {
    guard fast.count == 1, reference.count == 1, fast[0].hasPrefix("error:"), reference[0].hasPrefix("error:") else { return false }
    return (fast[0] + reference[0]).contains("expected root element")
}

func expectSame(_ what: String, _ fast: [String], _ reference: [String]) {
    guard fast != reference, !bothRefused(fast, reference) else { return }
    // Standard error is unbuffered: the report is out before abort().
    let report = "fast path and reference differ (\(what)):\n--- fast\n\(fast.joined(separator: "\n"))\n"
        + "--- reference\n\(reference.joined(separator: "\n"))\n"
    _ = report.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFastPath(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    input.write(data, size)
    // Records without a customer count for every customer of the source half the time.
    let expansion = size % 2 == 0 ? nil : ["cust-acme", "cust-beta"]
    let isXML = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } == UInt8(ascii: "<")
    if isXML {
        expectSame("XML", fast { () throws(InputError) in
            try XMLFlowTally.read(path: path, source: "flows", context: context, expansion: expansion)
        }, reference(.xml, expansion: expansion))
    } else {
        let expected = reference(.ndjson, expansion: expansion)
        // One thread over the whole file, and two threads over chunks small enough that
        // lines cross chunk boundaries.
        for (workers, chunkBytes) in [(1, 1 << 20), (2, 61)] {
            expectSame("NDJSON, \(workers) thread(s), \(chunkBytes)-byte chunks", fast { () throws(InputError) in
                try ParallelNDJSON.read(path: path, source: "flows", context: context, expansion: expansion,
                                        workers: workers, chunkBytes: chunkBytes)
            }, expected)
        }
    }
    return 0
}

/// The process's entry point in a debug build: libFuzzer's driver (`runFuzzer`).
@_cdecl("FuzzFastPath_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzFastPath)
}
