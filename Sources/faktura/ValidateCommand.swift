import ArgumentParser

extension Faktura {
    // Placeholder while the command is being built in its own issue.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "validate", abstract: "(in progress)")
        func run() throws { throw ExitStatus.couldNotRun }
    }
}
