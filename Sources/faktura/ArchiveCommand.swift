import ArgumentParser
import Archive
import Findings
import Foundation
import InvoiceModel
import Validate

/// `--store DIR` or `--database URL`, and `--tenant NAME`, accepted before the subcommand
/// (`faktura archive --store D add`) and after it.
struct ArchiveStoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The archive folder. Default: $FAKTURA_HOME/archive, else ~/.local/share/faktura/archive.",
                                            valueName: "dir"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("A PostgreSQL archive instead of a folder: postgres://USER:PASSWORD@HOST:PORT/DB "
                                            + "(or postgres://USER@localhost/DB?host=/run/postgresql for a unix socket).",
                                            valueName: "url"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("Whose archive: letters, digits, '_' and '-'. Default: default (in a folder, "
                                            + "the folder itself; other tenants live in DIR/tenants/NAME).", valueName: "name"))
    var tenant: String?

    @Option(name: .customLong("tsa-url"), help: ArgumentHelp("The RFC 3161 time-stamping authority 'timestamp' asks "
                                                           + "(POST application/timestamp-query). Default: $FAKTURA_TSA_URL.",
                                                           valueName: "url"))
    var tsaURL: String?

    @Option(name: .customLong("tsa-ca"), help: ArgumentHelp("The PEM certificate of the CA the authority's certificate must chain "
                                                          + "to; 'verify' and 'export' check every stored time-stamp token against "
                                                          + "it. Default: $FAKTURA_TSA_CA.", valueName: "file"))
    var tsaCA: String?
}

extension Faktura {
    /// `faktura archive`: the tamper-evident evidence store (docs/archive.md).
    struct ArchiveCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive",
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive"),
            discussion: """
                Files are stored once by SHA-256 (read-only, under objects/), indexed in SQLite \
                (index.sqlite), and every entry is chained to the one before by its hash. 'verify' \
                re-hashes everything and walks the chain; keep the hash 'head' prints somewhere else \
                (a ticket, an e-mail) and 'verify --head HASH' proves nothing after it was cut off.

                With --database the same archive lives in PostgreSQL (one hash chain per --tenant), so that \
                several 'faktura serve' processes can share it.

                Exit status: 0 when the archive is intact, 1 when verify finds a problem, 2 when the \
                command could not run.
                """,
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
            discussion: """
                A Faktura PDF names its posting in its embedded invoice.xml; any other PDF needs --posting. \
                The invoice data is the embedded XML, or the file given with --data. Each PDF is validated and \
                the report is stored with it. Adding the same PDF (with the same data and receipt) again \
                stores nothing and says which entry already holds it.
                """)

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        @Option(name: .long, help: "The posting number (required for PDFs that do not name theirs).")
        var posting: String?

        @Option(name: .long, help: ArgumentHelp("Invoice JSON or XML the PDF was made from (one PDF only).", valueName: "invoice.json"))
        var data: String?

        @Option(name: .long, help: ArgumentHelp("The marketplace's answer to the upload, e.g. Ozon's JSON (one PDF only).",
                                                valueName: "file"))
        var receipt: String?

        @Option(name: .long, help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Flag(name: .long, help: "Then time-stamp the new head (RFC 3161, as 'timestamp' does; needs --tsa-url and --tsa-ca).")
        var timestamp = false

        @Argument(help: "PDF files to archive.")
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
                var results: [(file: String, outcome: AppendOutcome, validation: String)] = []
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
                        for result in results.suffix(outcomes.count) { print(TerminalText.escaped(Self.line(result.file, result.outcome, result.validation))) }
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
                    if let stamp {
                        print(TerminalText.escaped("stamped entry \(stamp.entry.sequence): time stamp of head entry \(stamp.headSequence) "
                            + "at \(stamp.check.time) by \(stamp.check.signer), serial \(stamp.check.serial)"))
                    }
                    if let head { print("head    \(head.entryHash)  entry \(head.sequence)") }
                case .json:
                    Faktura.ArchiveCommand.printJSON(.object([
                        ("tool", Faktura.ArchiveCommand.toolJSON()),
                        ("store", .string(store.locationDescription)),
                        ("results", .array(results.map { result in
                            let status: String = if case .appended = result.outcome { "added" } else { "already-archived" }
                            return .object([("file", .string(result.file)), ("status", .string(status)),
                                            ("validation", .string(result.validation)), ("entry", result.outcome.entry.json)])
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
                    printError("faktura archive add: \(failure)")
                    if !results.isEmpty { printError("(the \(results.count) file(s) before it were archived)") }
                    throw ExitStatus.couldNotRun
                }
            }
        }

        /// `ok` or `failed (2 errors)`: the verdict the stored report holds.
        static func validationStatus(_ submission: EntrySubmission) -> String {
            guard let document = submission.validation else { return "not validated" }
            let errors = document.findings.count { $0.severity == .error }
            return document.status == .ok ? "ok" : "failed (\(errors) error\(errors == 1 ? "" : "s"))"
        }

        static func line(_ file: String, _ outcome: AppendOutcome, _ validation: String) -> String {
            let entry = outcome.entry
            let pdf = entry.document(.pdf).map { Faktura.ArchiveCommand.short($0.sha256) } ?? "-"
            switch outcome {
            case .appended(_, let reused):
                let stored = entry.documents.count - reused
                let note = reused > 0 ? "\(stored) file(s) stored, \(reused) already in the store" : "\(stored) file(s) stored"
                return "added   \(file): posting \(entry.posting), entry \(entry.sequence), pdf \(pdf)…; \(note); validation \(validation)"
            case .alreadyArchived:
                return "already \(file): posting \(entry.posting) already holds this PDF in entry \(entry.sequence) "
                    + "(pdf \(pdf)…); nothing added"
            }
        }
    }

    // MARK: verify

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive.verify"),
            discussion: """
                Reports ARCHIVE_TAMPERED (a file's content differs from its hash), ARCHIVE_MISSING (a stored \
                file is gone) and ARCHIVE_CHAIN_BROKEN (an entry was changed or removed). With --head, also \
                proves that the entry with that hash (kept elsewhere) is still in the chain.
                """)

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        @Option(name: .long, help: ArgumentHelp("A head hash printed earlier by 'faktura archive head'.", valueName: "hash"))
        var head: String?

        @Option(name: .long, help: "Output format: text or json.")
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
                                                                 toolVersion: FakturaVersion.tool))
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

        @Option(name: .long, help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Argument(help: "The posting number.")
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
                    print(TerminalText.escaped("posting \(posting): \(entries.count) entr\(entries.count == 1 ? "y" : "ies")"))
                    for entry in entries {
                        var line = "entry \(entry.sequence)  \(entry.recordedAt)"
                        if let invoice = entry.invoice {
                            line += "  invoice \(invoice.number) of \(invoice.date), \(invoice.amountWithVatText) \(invoice.currency)"
                        }
                        if let marketplace = entry.marketplace { line += "  \(marketplace)" }
                        if let order = entry.orderNumber { line += " order \(order)" }
                        print(TerminalText.escaped(line))
                        for document in entry.documents {
                            print(TerminalText.escaped("  \(document.kind.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) "
                                + "\(document.sha256)  \(document.size) bytes  \(document.name)"))
                        }
                        print("  entry hash \(entry.entryHash)  (previous \(Faktura.ArchiveCommand.short(entry.previousHash))…)")
                    }
                }
            }
        }
    }

    // MARK: export

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive.export"),
            discussion: """
                The ZIP holds one folder, a BagIt bag (RFC 8493): bagit.txt, bag-info.txt, manifest-sha256.txt, \
                tagmanifest-sha256.txt and data/ with every archived file byte for byte, manifest.json (entries, \
                hashes, times) and cover.pdf (contents, hashes and timeline in Russian and English).

                The whole archive is verified first, as 'verify' does; the bundle states that verdict and what \
                it could not check. Damage to this posting's evidence writes no bundle; problems elsewhere are \
                listed in it. Exit status: 0 when the archive is intact, 1 when the check found a problem (the \
                bundle, if written, lists it), 2 when the command could not run.
                """)

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        @Option(name: .long, help: ArgumentHelp("The ZIP file to write.", valueName: "file.zip"))
        var out: String

        @Flag(name: .long, help: "Replace --out if it exists.")
        var force = false

        @Option(name: .long, help: ArgumentHelp("A head hash kept elsewhere ('faktura archive head'): the check also proves it "
                                                + "is still in the chain.", valueName: "hash"))
        var head: String?

        @Option(name: .customLong("sign-cert"), help: ArgumentHelp("Sign the bag's tag manifest (CMS) with this PEM certificate "
                                                                 + "and --sign-key.", valueName: "file"))
        var signCertificate: String?

        @Option(name: .customLong("sign-key"), help: ArgumentHelp("The unencrypted PEM private key of --sign-cert.", valueName: "file"))
        var signKey: String?

        @Argument(help: "The posting number.")
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
                    printError("faktura archive export: the evidence of posting \(posting) is damaged; no bundle was written")
                    throw ExitStatus.findings
                }
                print("wrote \(summary.output.path): bag \(summary.bagName), \(summary.entries) entr\(summary.entries == 1 ? "y" : "ies"), "
                    + "\(summary.files.count) files")
                for file in summary.files { print(TerminalText.escaped("  \(file.sha256)  \(file.path)")) }
                let check = summary.verification
                Faktura.ArchiveCommand.printStamps(check)
                for problem in check.problems { print(TerminalText.escaped(problem.finding.description(in: LanguageChoice.language))) }
                for claim in summary.notChecked { print(TerminalText.escaped("not checked: \(claim.english)")) }
                if let head, let entry = check.expectedHeadEntry { print("head \(head) is entry \(entry) and still in the chain") }
                print("archive check: \(check.entries) entries, \(check.objectsChecked) files re-hashed: "
                    + (check.isIntact ? "ok" : "FAILED: \(check.problems.count) problem(s) elsewhere in the archive, listed in the bundle"))
                if !check.isIntact { throw ExitStatus.findings }
            }
        }
    }

    // MARK: timestamp

    struct Timestamp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive.stamp"),
            discussion: """
                The token proves, on the authority's clock and signature, that the head (and so every entry \
                before it) existed by the time it names. It is checked before it is stored (granted, over the \
                head, signed by a TSA that chains to --tsa-ca) and kept as an entry of posting chain-timestamp \
                (document head-N-HASH.tsr). Nothing is asked when the head is itself a time-stamp entry. \
                'verify' and 'export' check every stored token against --tsa-ca.
                """)

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        func run() async throws {
            guard let authority = try Faktura.ArchiveCommand.timestampAuthority(storeOptions, archive), authority.url != nil else {
                throw ValidationError(LanguageChoice.catalogue.text("cli.giveTSA"))
            }
            try await Faktura.ArchiveCommand.withArchive(storeOptions, archive) { store in
                guard let stamp = try await ChainTimestamps.stamp(store, authority: authority, agent: "faktura \(FakturaVersion.tool)") else {
                    print("the head is already a time stamp: nothing new to stamp")
                    return
                }
                print(TerminalText.escaped("entry \(stamp.entry.sequence): time stamp of head entry \(stamp.headSequence) "
                    + "(\(stamp.headHash)) at \(stamp.check.time) by \(stamp.check.signer), serial \(stamp.check.serial)"))
            }
        }
    }

    // MARK: head

    struct Head: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.archive.head"),
            discussion: "Text output: the hash, then the entry number and time. The store must hold an entry.")

        @ParentCommand var archive: Faktura.ArchiveCommand
        @OptionGroup var storeOptions: ArchiveStoreOptions

        @Option(name: .long, help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() async throws {
            try await Faktura.ArchiveCommand.withArchive(storeOptions, archive) { store in
                guard let head = try await store.head() else {
                    printError("faktura archive head: the archive at \(store.locationDescription) has no entries yet")
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
