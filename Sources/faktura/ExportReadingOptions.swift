import ArgumentParser
import Findings
import Foundation
import ERPAudit

/// How an ERP export is read and where its invoices are: one declaration for `faktura audit`
/// and `faktura mail scan --export`, so the two commands take the same options with the same help.
struct ExportReadingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.exportReading.attachments")))
    var attachments: String?

    @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.exportReading.mapping", ["presets": .data(ExportMappingPreset.allCases.map(\.rawValue).joined(separator: ", "))])))
    var mapping: String?

    @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.exportReading.encoding", ["encodings": .data(ExportEncoding.allCases.map(\.rawValue).joined(separator: ", "))])))
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.exportReading.sheet")))
    var sheet: String?

    @Option(name: .customLong("skip-status"), help: ArgumentHelp(LanguageChoice.help("cli.help.exportReading.skipStatus")))
    var skipStatus: [String] = []

    @Flag(name: .customLong("pdf-per-posting"), help: ArgumentHelp(LanguageChoice.help("cli.help.exportReading.pdfPerPosting")))
    var pdfPerPosting = false

    /// Whether any of these options was given (they mean nothing without an export).
    var anyGiven: Bool {
        attachments != nil || mapping != nil || encoding != nil || sheet != nil || !skipStatus.isEmpty || pdfPerPosting
    }

    func validate() throws {
        if let encoding, ExportEncoding(name: encoding) == nil {
            throw ValidationError(LanguageChoice.catalogue.text("cli.unknownEncoding", ["encoding": .data(encoding), "encodings": .data(ExportEncoding.allCases.map(\.rawValue).joined(separator: ", "))]))
        }
    }

    /// Sets these options on `options`.
    /// - Throws: ``ExportMappingError`` when `--mapping` names neither a preset nor a readable mapping file.
    func apply(to options: inout ExportAudit.Options) throws(ExportMappingError) {
        options.attachments = attachments.map { URL(fileURLWithPath: $0) }
        options.encoding = encoding.flatMap(ExportEncoding.init(name:))
        options.sheet = sheet
        options.extraSkippedStatuses = Set(skipStatus)
        options.pdfPerPosting = pdfPerPosting
        if let mapping { options.mapping = try ExportMapping(nameOrPath: mapping) }
    }
}
