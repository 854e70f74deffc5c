import ArgumentParser

struct RemitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remit",
        abstract: "Proves that customers' personal data goes only where each customer authorized.",
        version: "0.1.0",
        subcommands: [RunCommand.self, CheckCommand.self, FetchCommand.self, HistoryCommand.self, InitCommand.self, VerifyCommand.self]
    )
}
