import Foundation
import RemitCore
import RemitIngest
import RemitState

/// `remit history`: past runs (date, exit, counts, new, resolved), as a table or JSON.
public enum HistoryListing {
    public static func text(configPath: String, state: String?, json: Bool) throws(RemitError) -> String {
        let config: JobConfig
        do { config = try JobConfigLoader.load(path: configPath) } catch { throw .input(error) }
        let directory = state ?? config.state.map(config.resolve) ?? config.resolve(".remit")
        // Before the first run there is no history file: no runs, and nothing is created.
        guard FileManager.default.fileExists(atPath: directory + "/" + HistoryStore.fileName) else {
            return json ? jsonText([]) : table([])
        }
        let runs: [RunRecord]
        do { runs = try HistoryStore(directory: directory).runs() } catch {
            throw .unreadable(source: directory + "/" + HistoryStore.fileName, reason: "cannot read the run history: \(error)")
        }
        return json ? jsonText(runs) : table(runs)
    }

    static func table(_ runs: [RunRecord]) -> String {
        guard !runs.isEmpty else { return "no runs recorded yet" }
        var lines = ["as_of                  exit  high  medium  low  info  suppressed  new  resolved"]
        for run in runs {
            let cells: [(String, Int)] = [
                ("\(run.exitCode)", 4), ("\(run.high)", 5), ("\(run.medium)", 7), ("\(run.low)", 4), ("\(run.info)", 5),
                ("\(run.suppressed)", 11), ("\(run.newCount)", 4), ("\(run.resolvedCount)", 9),
            ]
            lines.append(run.asOf.description.padding(22) + cells.map { " " + String(repeating: " ", count: max(0, $0.1 - $0.0.count)) + $0.0 }.joined())
        }
        return lines.joined(separator: "\n")
    }

    static func jsonText(_ runs: [RunRecord]) -> String {
        func quoted(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let items = runs.map { run in
            "    {\"as_of\": \(quoted(run.asOf.description)), \"started\": \(quoted(run.started.description)), "
                + "\"finished\": \(quoted(run.finished.description)), \"exit_code\": \(run.exitCode), "
                + "\"config_sha256\": \(quoted(run.configSHA256)), \"high\": \(run.high), \"medium\": \(run.medium), "
                + "\"low\": \(run.low), \"info\": \(run.info), \"suppressed\": \(run.suppressed), "
                + "\"new\": \(run.newCount), \"resolved\": \(run.resolvedCount)}"
        }
        return "{\"schema\": \"remit.history/1\", \"runs\": [\n" + items.joined(separator: ",\n") + (items.isEmpty ? "" : "\n") + "]}"
    }
}
