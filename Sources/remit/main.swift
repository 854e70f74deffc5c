import ArgumentParser
import CPlatform
import Foundation

// Peak memory of a large run: 20 MiB less with the allocator's adaptive threshold off.
remit_tune_allocator()

// The executable only parses arguments and wires them to the pipeline; usage errors exit 2.
do {
    var command = try RemitCommand.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = RemitCommand.exitCode(for: error)
    if code == .success {
        CLI.printOut(RemitCommand.fullMessage(for: error))
        Foundation.exit(0)
    }
    CLI.printError(RemitCommand.fullMessage(for: error))
    Foundation.exit(2)
}
