import ArgumentParser

extension Faktura {
    // Placeholder while the command is being built in its own issue.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "render", abstract: "(in progress)")
        func run() throws { throw ExitStatus.couldNotRun }
    }
}
