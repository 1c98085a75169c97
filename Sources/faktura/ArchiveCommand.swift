import ArgumentParser

extension Faktura {
    // Placeholder while the command is being built in its own issue.
    struct ArchiveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "archive", abstract: "(in progress)")
        func run() throws { throw ExitStatus.couldNotRun }
    }
}
