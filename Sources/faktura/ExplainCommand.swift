import ArgumentParser

extension Faktura {
    // Placeholder while the command is being built in its own issue.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "explain", abstract: "(in progress)")
        func run() throws { throw ExitStatus.couldNotRun }
    }
}
