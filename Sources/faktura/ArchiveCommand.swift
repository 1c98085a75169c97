import ArgumentParser
import Archive
import Findings
import Foundation
import InvoiceModel
import Validate

/// `--store DIR` or `--database URL`, and `--tenant NAME`, accepted before the subcommand
/// (`faktura archive --store D add`) and after it.
struct ArchiveStoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archive.store"),
                                            valueName: "dir"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archive.database"),
                                            valueName: "url"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archive.tenant"), valueName: "name"))
    var tenant: String?

    @Option(name: .customLong("tsa-url"), help: ArgumentHelp(LanguageChoice.help("cli.help.archive.tsaURL"),
                                                           valueName: "url"))
    var tsaURL: String?

    @Option(name: .customLong("tsa-ca"), help: ArgumentHelp(LanguageChoice.help("cli.help.archive.tsaCA"), valueName: "file"))
    var tsaCA: String?
}

extension Faktura {
    /// `faktura archive`: the tamper-evident evidence store (docs/archive.md).
    struct ArchiveCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive",
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive"),
            discussion: LanguageChoice.help("cli.discussion.archive"),
            subcommands: [Add.self, Verify.self, Show.self, Export.self, Head.self, Timestamp.self])

        @OptionGroup var storeOptions: ArchiveStoreOptions
    }
}

extension Faktura.ArchiveCommand {
    /// Runs `body` on the archive a subcommand works on (its own options, else the parent's:
    /// --store or --database, else the default folder; --tenant, else `default`) and closes it.
    static func withArchive<T>(_ own: ArchiveStoreOptions, _ parent: Faktura.ArchiveCommand, create: Bool = false,
                               _ body: (any EvidenceArchive) async throws -> T) async throws -> T {
        let store = own.store ?? parent.storeOptions.store
        let database = own.database ?? parent.storeOptions.database
        let location: ArchiveLocation
        switch (store, database) {
        case (.some, .some):
            throw ValidationError(LanguageChoice.catalogue.text("cli.storeOrDatabase"))
        case (let path?, nil): location = .folder(URL(fileURLWithPath: path))
        case (nil, let url?): location = try ArchiveLocation.database(url)
        case (nil, nil): location = .folder(EvidenceStore.defaultLocation())
        }
        let tenant = try (own.tenant ?? parent.storeOptions.tenant).map { name throws(ArchiveError) in try TenantName(name) }
            ?? .default
        let archive = try await location.open(tenant: tenant, create: create)
        do {
            let result = try await body(archive)
            await archive.close()
            return result
        } catch {
            await archive.close()
            throw error
        }
    }

    /// The time-stamping authority of the options (the subcommand's, else the parent's, else
    /// `$FAKTURA_TSA_URL` / `$FAKTURA_TSA_CA`); nil when no CA is configured.
    static func timestampAuthority(_ own: ArchiveStoreOptions, _ parent: Faktura.ArchiveCommand,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TimestampAuthority? {
        let url = own.tsaURL ?? parent.storeOptions.tsaURL ?? environment["FAKTURA_TSA_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let ca = own.tsaCA ?? parent.storeOptions.tsaCA ?? environment["FAKTURA_TSA_CA"].flatMap { $0.isEmpty ? nil : $0 }
        guard let ca else {
            if url != nil { throw ValidationError(LanguageChoice.catalogue.text("cli.tsaUrlNeedsCA")) }
            return nil
        }
        var address: URL?
        if let url {
            guard let parsed = URL(string: url), parsed.host != nil else {
                throw ValidationError(LanguageChoice.catalogue.text("cli.tsaUrlInvalid", ["url": .data(url)]))
            }
            address = parsed
        }
        return try TimestampAuthority(url: address, caPath: ca)
    }

    static func printStamps(_ report: StoreVerification) {
        for stamp in report.timestamps.stamps {
            print(TerminalText.escaped(LanguageChoice.catalogue.text("archiveReport.stamp", [
                "head": .data(String(stamp.headSequence)), "hash": .data(short(stamp.headHash)), "time": .data("\(stamp.check.time)"),
                "signer": .data(stamp.check.signer), "serial": .data("\(stamp.check.serial)"), "entry": .data(String(stamp.entry.sequence)),
            ])))
        }
        if report.timestamps.unchecked > 0 {
            print(LanguageChoice.catalogue.text("archiveReport.unchecked", ["count": .data(String(report.timestamps.unchecked))]))
        }
    }

    static func toolJSON(rules: String = EntryEncoding.header) -> JSONText {
        .object([("name", .string("faktura")), ("version", .string(FakturaVersion.tool)), ("rules", .string(rules))])
    }

    static func printJSON(_ json: JSONText) {
        print(json.rendered())
    }

    static func short(_ hash: String) -> String { String(hash.prefix(16)) }

    // MARK: add

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive.add"),
            discussion: LanguageChoice.help("cli.discussion.archive.add"))

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archiveAdd.posting")))
        var posting: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archiveAdd.data"), valueName: "invoice.json"))
        var data: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archiveAdd.receipt"),
                                                valueName: "file"))
        var receipt: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.common.format")))
        var format: OutputFormat = .text

        @Flag(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archiveAdd.timestamp")))
        var timestamp = false

        @Argument(help: ArgumentHelp(LanguageChoice.help("cli.help.archiveAdd.files")))
        var files: [String] = []

        func validate() throws {
            if files.isEmpty { throw ValidationError(LanguageChoice.catalogue.text("cli.noPDFToArchive")) }
            if files.count > 1 && (data != nil || receipt != nil) {
                throw ValidationError(LanguageChoice.catalogue.text("cli.dataForOnePDF"))
            }
        }

        func run() async throws {
            let authority = try Faktura.ArchiveCommand.timestampAuthority(storeOptions, archive)
            if timestamp && authority?.url == nil {
                throw ValidationError(LanguageChoice.catalogue.text("cli.timestampNeedsTSA"))
            }
            try await Faktura.ArchiveCommand.withArchive(storeOptions, archive, create: true) { store in
                let intake = ArchiveIntake(toolVersion: FakturaVersion.tool)
                var results: [(file: String, outcome: AppendOutcome, validation: MessageText)] = []
                // Batches keep memory flat for thousands of files; each batch is one transaction.
                let batchSize = 64
                var failure: (any Error)?
                batches: for start in stride(from: 0, to: files.count, by: batchSize) {
                    let batch = Array(files[start..<min(files.count, start + batchSize)])
                    var submissions: [EntrySubmission] = []
                    let requests = batch.map { file in
                        ArchiveIntake.Request(pdf: URL(fileURLWithPath: file), posting: posting,
                                              data: data.map { URL(fileURLWithPath: $0) },
                                              receipt: receipt.map { URL(fileURLWithPath: $0) })
                    }
                    for result in intake.submissions(requests) {
                        switch result {
                        case .success(let submission): submissions.append(submission)
                        case .failure(let error):
                            failure = error
                            break batches
                        }
                    }
                    let outcomes = try await store.append(submissions)
                    for (index, outcome) in outcomes.enumerated() {
                        results.append((batch[index], outcome, Self.validationStatus(submissions[index])))
                    }
                    if format == .text {
                        for result in results.suffix(outcomes.count) {
                            print(TerminalText.escaped(Self.line(result.file, result.outcome, result.validation).rendered(in: LanguageChoice.language)))
                        }
                    }
                }
                // Only when something was added: a failed batch leaves the earlier files archived, and those are stamped too.
                var stamp: ChainTimestamps.Stamp?
                if timestamp, let authority, results.contains(where: { $0.outcome.isNew }) {
                    stamp = try await ChainTimestamps.stamp(store, authority: authority, agent: "faktura \(FakturaVersion.tool)")
                }
                let head = try await store.head()
                switch format {
                case .text:
                    let catalogue = LanguageChoice.catalogue
                    if let stamp {
                        print(TerminalText.escaped(catalogue.text("archiveReport.stamped", [
                            "entry": .data(String(stamp.entry.sequence)), "head": .data(String(stamp.headSequence)),
                            "time": .data("\(stamp.check.time)"), "signer": .data(stamp.check.signer), "serial": .data("\(stamp.check.serial)"),
                        ])))
                    }
                    if let head {
                        print(catalogue.text("archiveReport.head", ["hash": .data(head.entryHash), "entry": .data(String(head.sequence))]))
                    }
                case .json:
                    Faktura.ArchiveCommand.printJSON(.object([
                        ("tool", Faktura.ArchiveCommand.toolJSON()),
                        ("store", .string(store.locationDescription)),
                        ("results", .array(results.map { result in
                            let status: String = if case .appended = result.outcome { "added" } else { "already-archived" }
                            return .object([("file", .string(result.file)), ("status", .string(status)),
                                            ("validation", .string(result.validation.english)), ("entry", result.outcome.entry.json)])
                        })),
                        ("head", head?.json ?? .null),
                        ("timestamp", stamp.map { stamp in
                            .object([("entry", .integer(stamp.entry.sequence)), ("headSequence", .integer(stamp.headSequence)),
                                     ("headHash", .string(stamp.headHash)), ("time", .string(stamp.check.time)),
                                     ("tsa", .string(stamp.check.signer)), ("serial", .string(stamp.check.serial))])
                        } ?? .null),
                    ]))
                }
                if let failure {
                    let catalogue = LanguageChoice.catalogue
                    printError(catalogue.text("archiveReport.addFailed", ["englishDetail": .data("\(failure)")]))
                    if !results.isEmpty { printError(catalogue.text("archiveReport.earlierArchived", ["count": .data(String(results.count))])) }
                    throw ExitStatus.couldNotRun
                }
            }
        }

        /// `ok` or `failed (2 errors)`: the verdict the stored report holds (English in the JSON).
        static func validationStatus(_ submission: EntrySubmission) -> MessageText {
            guard let document = submission.validation else { return MessageText("archiveReport.validation.none") }
            let errors = document.findings.count { $0.severity == .error }
            if document.status == .ok { return MessageText("archiveReport.validation.ok") }
            return MessageText(errors == 1 ? "archiveReport.validation.failedOne" : "archiveReport.validation.failed",
                               ["count": .data(String(errors))])
        }

        static func line(_ file: String, _ outcome: AppendOutcome, _ validation: MessageText) -> MessageText {
            let entry = outcome.entry
            let pdf = entry.document(.pdf).map { Faktura.ArchiveCommand.short($0.sha256) } ?? "-"
            switch outcome {
            case .appended(_, let reused):
                let stored = entry.documents.count - reused
                let note = reused > 0
                    ? MessageText("archiveReport.filesStoredReused", ["stored": .data(String(stored)), "reused": .data(String(reused))])
                    : MessageText("archiveReport.filesStored", ["stored": .data(String(stored))])
                return MessageText("archiveReport.added", [
                    "file": .data(file), "posting": .data(entry.posting), "entry": .data(String(entry.sequence)), "pdf": .data(pdf),
                    "stored": .text(note), "validation": .text(validation),
                ])
            case .alreadyArchived:
                return MessageText("archiveReport.alreadyArchived", [
                    "file": .data(file), "posting": .data(entry.posting), "entry": .data(String(entry.sequence)), "pdf": .data(pdf),
                ])
            }
        }
    }

    // MARK: verify

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive.verify"),
            discussion: LanguageChoice.help("cli.discussion.archive.verify"))

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archiveVerify.head"), valueName: "hash"))
        var head: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.common.format")))
        var format: OutputFormat = .text

        func run() async throws {
            let started = Date()
            let authority = try Faktura.ArchiveCommand.timestampAuthority(storeOptions, archive)
            try await Faktura.ArchiveCommand.withArchive(storeOptions, archive) { store in
                let report = try await store.verify(expectedHead: head, posting: nil, timestampAuthority: authority)
                let seconds = Date().timeIntervalSince(started)
                let findings = report.problems.map(\.finding)
                switch format {
                case .json:
                    Faktura.ArchiveCommand.printJSON(report.json(store: store.locationDescription, expectedHead: head,
                                                                 toolVersion: FakturaVersion.tool, language: LanguageChoice.chosen))
                case .text:
                    let language = LanguageChoice.language
                    let catalogue = LanguageChoice.catalogue
                    for finding in findings { print(TerminalText.escaped(finding.description(in: language))) }
                    let megabytes = Double(report.bytesHashed) / 1_048_576
                    let rate = seconds > 0 ? catalogue.text("archiveReport.rate", ["rate": .data(String(format: "%.0f", megabytes / seconds))]) : ""
                    print(TerminalText.escaped(catalogue.text("archiveReport.verified", [
                        "store": .data(store.locationDescription), "entries": .data(String(report.entries)),
                        "files": .data(String(report.objectsChecked)), "megabytes": .data(String(format: "%.1f", megabytes)),
                        "seconds": .data(String(format: "%.2f", seconds)), "rate": .data(rate),
                    ])))
                    if report.orphanObjects > 0 {
                        print(catalogue.text("archiveReport.orphans", ["count": .data(String(report.orphanObjects))]))
                    }
                    if let head, let entry = report.expectedHeadEntry {
                        print(catalogue.text("archiveReport.headInChain", ["head": .data(head), "entry": .data(String(entry))]))
                    }
                    Faktura.ArchiveCommand.printStamps(report)
                    if let current = report.head {
                        print(catalogue.text("archiveReport.head", ["hash": .data(current.entryHash), "entry": .data(String(current.sequence))]))
                    }
                    print(report.isIntact ? catalogue.text("archiveReport.ok")
                          : catalogue.text("archiveReport.failed", ["count": .data(String(report.problems.count))]))
                }
                if !report.isIntact { throw ExitStatus.findings }
            }
        }
    }

    // MARK: show

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: LanguageChoice.catalogue.text("cli.abstract.archive.show"))

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.common.format")))
        var format: OutputFormat = .text

        @Argument(help: ArgumentHelp(LanguageChoice.help("cli.help.common.posting")))
        var posting: String

        func run() async throws {
            try await Faktura.ArchiveCommand.withArchive(storeOptions, archive) { store in
                let entries = try await store.entries(posting: posting)
                guard !entries.isEmpty else { throw ArchiveError.unknownPosting(posting) }
                switch format {
                case .json:
                    Faktura.ArchiveCommand.printJSON(.object([
                        ("tool", Faktura.ArchiveCommand.toolJSON()), ("posting", .string(posting)),
                        ("entries", .array(entries.map(\.json))),
                    ]))
                case .text:
                    let catalogue = LanguageChoice.catalogue
                    print(TerminalText.escaped(catalogue.text(entries.count == 1 ? "archiveShow.postingOne" : "archiveShow.posting",
                                                              ["posting": .data(posting), "count": .data(String(entries.count))])))
                    for entry in entries {
                        var line = catalogue.text("archiveShow.entry", ["entry": .data(String(entry.sequence)), "time": .data(entry.recordedAt)])
                        if let invoice = entry.invoice {
                            line += catalogue.text("archiveShow.invoice", [
                                "number": .data(invoice.number), "date": .data(invoice.date),
                                "amount": .data(invoice.amountWithVatText), "currency": .data(invoice.currency),
                            ])
                        }
                        if let marketplace = entry.marketplace { line += "  \(marketplace)" }
                        if let order = entry.orderNumber { line += catalogue.text("archiveShow.order", ["order": .data(order)]) }
                        print(TerminalText.escaped(line))
                        for document in entry.documents {
                            print(TerminalText.escaped("  \(document.kind.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) "
                                + catalogue.text("archiveShow.document", ["hash": .data(document.sha256), "size": .data(String(document.size)),
                                                                          "name": .data(document.name)])))
                        }
                        print(catalogue.text("archiveShow.entryHash", ["hash": .data(entry.entryHash),
                                                                      "previous": .data(Faktura.ArchiveCommand.short(entry.previousHash))]))
                    }
                }
            }
        }
    }

    // MARK: export

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive.export"),
            discussion: LanguageChoice.help("cli.discussion.archive.export"))

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archiveExport.out"), valueName: "file.zip"))
        var out: String

        @Flag(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archiveExport.force")))
        var force = false

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.archiveExport.head"), valueName: "hash"))
        var head: String?

        @Option(name: .customLong("sign-cert"), help: ArgumentHelp(LanguageChoice.help("cli.help.archiveExport.signCertificate"), valueName: "file"))
        var signCertificate: String?

        @Option(name: .customLong("sign-key"), help: ArgumentHelp(LanguageChoice.help("cli.help.archiveExport.signKey"), valueName: "file"))
        var signKey: String?

        @Argument(help: ArgumentHelp(LanguageChoice.help("cli.help.common.posting")))
        var posting: String

        func run() async throws {
            let authority = try Faktura.ArchiveCommand.timestampAuthority(storeOptions, archive)
            if (signCertificate == nil) != (signKey == nil) { throw ValidationError(LanguageChoice.catalogue.text("cli.signTogether")) }
            let signer = try signCertificate.map { certificate throws(ArchiveError) in
                try BundleSigner(certificatePath: certificate, keyPath: signKey ?? "")
            }
            try await Faktura.ArchiveCommand.withArchive(storeOptions, archive) { store in
                let summary: BundleSummary
                do {
                    summary = try await DisputeBundle.export(posting: posting, from: store, to: URL(fileURLWithPath: out),
                                                             overwrite: force, agent: "faktura \(FakturaVersion.tool)",
                                                             expectedHead: head, timestampAuthority: authority, signer: signer)
                } catch ArchiveError.damagedEvidence(_, let problems) {
                    for problem in problems { print(TerminalText.escaped(problem.finding.description(in: LanguageChoice.language))) }
                    printError(TerminalText.escaped(LanguageChoice.catalogue.text("archiveExport.damaged", ["posting": .data(posting)])))
                    throw ExitStatus.findings
                }
                let catalogue = LanguageChoice.catalogue
                print(TerminalText.escaped(catalogue.text(summary.entries == 1 ? "archiveExport.wroteOne" : "archiveExport.wrote", [
                    "path": .data(summary.output.path), "bag": .data(summary.bagName), "entries": .data(String(summary.entries)),
                    "files": .data(String(summary.files.count)),
                ])))
                for file in summary.files { print(TerminalText.escaped("  \(file.sha256)  \(file.path)")) }
                let check = summary.verification
                Faktura.ArchiveCommand.printStamps(check)
                for problem in check.problems { print(TerminalText.escaped(problem.finding.description(in: LanguageChoice.language))) }
                for claim in summary.notChecked {
                    print(TerminalText.escaped(catalogue.text("archiveExport.notChecked", ["claim": .text(claim.text)])))
                }
                if let head, let entry = check.expectedHeadEntry {
                    print(catalogue.text("archiveReport.headInChain", ["head": .data(head), "entry": .data(String(entry))]))
                }
                let verdict = check.isIntact ? MessageText("archiveExport.checkOK")
                    : MessageText("archiveExport.checkFailed", ["count": .data(String(check.problems.count))])
                print(catalogue.text("archiveExport.check", ["entries": .data(String(check.entries)),
                                                            "files": .data(String(check.objectsChecked)), "verdict": .text(verdict)]))
                if !check.isIntact { throw ExitStatus.findings }
            }
        }
    }

    // MARK: timestamp

    struct Timestamp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive.stamp"),
            discussion: LanguageChoice.help("cli.discussion.archive.stamp"))

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        func run() async throws {
            guard let authority = try Faktura.ArchiveCommand.timestampAuthority(storeOptions, archive), authority.url != nil else {
                throw ValidationError(LanguageChoice.catalogue.text("cli.giveTSA"))
            }
            try await Faktura.ArchiveCommand.withArchive(storeOptions, archive) { store in
                guard let stamp = try await ChainTimestamps.stamp(store, authority: authority, agent: "faktura \(FakturaVersion.tool)") else {
                    print(LanguageChoice.catalogue.text("archiveStamp.nothingNew"))
                    return
                }
                print(TerminalText.escaped(LanguageChoice.catalogue.text("archiveStamp.stamped", [
                    "entry": .data(String(stamp.entry.sequence)), "head": .data(String(stamp.headSequence)), "hash": .data(stamp.headHash),
                    "time": .data("\(stamp.check.time)"), "signer": .data(stamp.check.signer), "serial": .data("\(stamp.check.serial)"),
                ])))
            }
        }
    }

    // MARK: head

    struct Head: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive.head"),
            discussion: LanguageChoice.help("cli.discussion.archive.head"))

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.common.format")))
        var format: OutputFormat = .text

        func run() async throws {
            try await Faktura.ArchiveCommand.withArchive(storeOptions, archive) { store in
                guard let head = try await store.head() else {
                    printError(TerminalText.escaped(LanguageChoice.catalogue.text("archiveHead.empty", ["store": .data(store.locationDescription)])))
                    throw ExitStatus.couldNotRun
                }
                switch format {
                case .text: print("\(head.entryHash) entry \(head.sequence) \(head.recordedAt)")
                case .json: Faktura.ArchiveCommand.printJSON(head.json)
                }
            }
        }
    }
}
