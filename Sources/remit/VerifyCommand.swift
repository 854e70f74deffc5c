import ArgumentParser
import RemitPipeline
import RemitReport

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-check an output folder against its manifest.json hashes and manifest.sig signature.",
        discussion: "Exit 0 when every file matches (and the signature is valid), 1 when a file changed, is missing or is extra, or the signature fails, 2 on usage errors."
    )

    @Argument(help: "The output folder of a run (the one holding manifest.json).") var directory: String
    @Option(name: .customLong("public-key"), help: "Ed25519 public key: PEM (SubjectPublicKeyInfo) or the raw 32 bytes.")
    var publicKey: String?

    func run() throws {
        let result: OutputVerification
        do {
            result = try OutputVerifier.verify(directory: directory, publicKeyFile: publicKey)
        } catch {
            CLI.fail(RemitError(error))
        }
        CLI.printLines(result.lines)
        throw ExitCode(result.isIntact ? 0 : 1)
    }
}
