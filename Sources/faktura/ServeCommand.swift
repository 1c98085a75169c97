import Archive
import ArgumentParser
import Findings
import Foundation
import Server

extension Faktura {
    /// `faktura serve`: the same engine over HTTP, for ERPs that check orders as they sync them.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: LanguageChoice.catalogue.text("cli.abstract.serve"),
            discussion: LanguageChoice.help("cli.discussion.serve"))

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.serve.host")))
        var host = "127.0.0.1"

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.serve.port")))
        var port = 8080

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.serve.store")))
        var store: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.serve.database")))
        var database: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.serve.tokens")))
        var tokens: String?

        @Option(name: .customLong("max-body"), help: ArgumentHelp(LanguageChoice.help("cli.help.serve.maxBody")))
        var maxBody = "20MB"

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.serve.timeout")))
        var timeout = 60

        @Option(name: .customLong("max-audit-body"), help: ArgumentHelp(LanguageChoice.help("cli.help.serve.maxAuditBody")))
        var maxAuditBody = "1GB"

        @Option(name: .customLong("audit-timeout"), help: ArgumentHelp(LanguageChoice.help("cli.help.serve.auditTimeout")))
        var auditTimeout = 1800

        @Option(name: .customLong("tsa-url"), help: ArgumentHelp(LanguageChoice.help("cli.help.serve.tsaURL"), valueName: "url"))
        var tsaURL: String?

        @Option(name: .customLong("tsa-ca"), help: ArgumentHelp(LanguageChoice.help("cli.help.serve.tsaCA"), valueName: "file"))
        var tsaCA: String?

        @Option(name: .customLong("timestamp-every"), help: ArgumentHelp(LanguageChoice.help("cli.help.serve.timestampEvery"), valueName: "minutes"))
        var timestampEvery: Double?

        func validate() throws {
            if store != nil, database != nil { throw ValidationError(LanguageChoice.catalogue.text("cli.storeOrDatabaseShort")) }
            guard (0...65535).contains(port) else { throw ValidationError(LanguageChoice.catalogue.text("cli.port")) }
            guard Self.bytes(maxBody) != nil else {
                throw ValidationError(LanguageChoice.catalogue.text("cli.maxBody", ["value": .data(maxBody)]))
            }
            guard timeout >= 1 else { throw ValidationError(LanguageChoice.catalogue.text("cli.timeout")) }
            guard Self.bytes(maxAuditBody) != nil else {
                throw ValidationError(LanguageChoice.catalogue.text("cli.maxAuditBody", ["value": .data(maxAuditBody)]))
            }
            guard auditTimeout >= 1 else { throw ValidationError(LanguageChoice.catalogue.text("cli.auditTimeout")) }
            if let timestampEvery, !(timestampEvery >= 0.05 && timestampEvery <= 10_080) {
                throw ValidationError(LanguageChoice.catalogue.text("cli.timestampEvery"))
            }
        }

        func run() async throws {
            var table: TokenTable?
            if let tokens {
                do {
                    table = try TokenTable(contentsOf: URL(fileURLWithPath: tokens))
                } catch {
                    printError("faktura serve: \(error.description)")
                    throw ExitStatus.couldNotRun
                }
            }
            let archive: ArchiveLocation
            if let database {
                do {
                    archive = try ArchiveLocation.database(database)
                } catch {
                    printError("faktura serve: \(error.description)")
                    throw ExitStatus.couldNotRun
                }
            } else {
                archive = .folder(store.map { URL(fileURLWithPath: $0) } ?? EvidenceStore.defaultLocation())
            }
            let environment = ProcessInfo.processInfo.environment
            let tsaURL = self.tsaURL ?? environment["FAKTURA_TSA_URL"].flatMap { $0.isEmpty ? nil : $0 }
            let tsaCA = self.tsaCA ?? environment["FAKTURA_TSA_CA"].flatMap { $0.isEmpty ? nil : $0 }
            var authority: TimestampAuthority?
            if let tsaCA {
                do {
                    authority = try TimestampAuthority(url: tsaURL.flatMap(URL.init(string:)), caPath: tsaCA)
                } catch {
                    printError("faktura serve: \(error.description)")
                    throw ExitStatus.couldNotRun
                }
            }
            if timestampEvery != nil && authority?.url == nil {
                printError("faktura serve: --timestamp-every needs --tsa-url and --tsa-ca (or $FAKTURA_TSA_URL and $FAKTURA_TSA_CA)")
                throw ExitStatus.couldNotRun
            }
            var configuration = ServerConfiguration(
                host: host, port: port, maximumBodyBytes: Self.bytes(maxBody)!, requestTimeout: .seconds(timeout),
                tokens: table, archive: archive, toolVersion: FakturaVersion.tool)
            configuration.maximumAuditBodyBytes = Self.bytes(maxAuditBody)!
            configuration.auditTimeout = .seconds(auditTimeout)
            configuration.timestampAuthority = authority
            configuration.timestampInterval = timestampEvery.map { .milliseconds(Int64($0 * 60_000)) }
            let server: FakturaServer
            do {
                server = try FakturaServer(configuration: configuration)
            } catch {
                printError("faktura serve: \(error)")
                throw ExitStatus.couldNotRun
            }
            do {
                try await server.run()
            } catch {
                printError("faktura serve: \(error)")
                throw ExitStatus.couldNotRun
            }
        }

        /// `20MB`, `512KB`, `1GB` (powers of 1024) or a plain byte count.
        static func bytes(_ text: String) -> Int? {
            let units: [(String, Int)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]
            let upper = text.uppercased().trimmingCharacters(in: .whitespaces)
            for (suffix, factor) in units where upper.hasSuffix(suffix) {
                guard let value = Int(upper.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0 else { return nil }
                return value.multipliedReportingOverflow(by: factor).overflow ? nil : value * factor
            }
            return Int(upper).flatMap { $0 > 0 ? $0 : nil }
        }
    }
}
