import ArgumentParser

extension Faktura {
    // Placeholder while the command is being built in its own issue.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "audit", abstract: "(in progress)")
        func run() throws { throw ExitStatus.couldNotRun }
    }
}
