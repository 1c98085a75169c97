import FakturaTestSupport
import Findings
import Foundation
import Testing

/// The texts of the surfaces translated last (docs/languages.md): the command line's help and
/// swift-argument-parser's words, the ERP export's row errors (`ROW_MALFORMED`), the archive
/// commands' lines, the server's error bodies and the PDF text route's reasons. In Chinese and
/// Russian each is its own text (not the English fallback) and holds no English words outside
/// its placeholders, what it quotes (option and part names, the PDF's own cells) and the names
/// of formats, protocols and products.
@Suite("Translated surfaces hold no English words")
struct TranslatedSurfaceTests {
    static let prefixes = [
        "cli.help.", "cli.discussion.", "cli.parser.", "cli.profile.", "row.", "archiveReport.", "archiveShow.",
        "archiveExport.", "archiveStamp.", "archiveHead.", "archive.unchecked.", "archive.error.", "server.", "pdfText.",
        "render.error.",
    ]
    static let languages = ["zh-Hans", "ru"]

    static func keys() -> [String] {
        MessageCatalogue.english.texts.keys.filter { key in prefixes.contains { key.hasPrefix($0) } }.sorted()
    }

    /// Words a translation writes as they are: protocol and format names and the identifiers of
    /// requests, options and exports that are typed as they are.
    static let allowed: Set<String> = [
        "multipart", "form", "data", "boundary", "attachment", "attachments", "export", "mapping", "posting", "invoice",
        "head", "done", "strict", "value", "date", "lang", "profile", "amount", "code", "sku", "products", "price", "hs", "codes",
        "csv", "html", "json", "junit", "pdf", "upd", "text", "upload", "create", "or", "update", "only", "default",
        "true", "false", "null", "cancelled", "hscode", "schfdop", "schf", "verify", "timestamp", "serve", "audit", "scan",
        "validate", "chain", "tsr", "zh", "ru", "en", "help", "options", "subcommand", "url", "number", "base", "content",
        "currency", "file", "get", "create-or-update", "Bearer", "Authorization", "Content", "Type", "Disposition", "Length",
        "BagIt", "Maildir", "mbox", "PostgreSQL", "Unix", "unix", "Excel", "Ozon", "Seller", "Lines", "Windows",
        "add", "archive", "ozon", "SQLite", "OpenAPI", "MiB", "KiB", "chunked",
        "faktura", "Faktura", "libharu", "selector", "domainkey", "domain", "cur", "new", "rsa", "result", "postings",
    ]

    /// What is left of a text to read once its placeholders and quoted spans are taken out.
    static func words(in text: String) -> [String] {
        var rest = text
        for pattern in [#"\{[A-Za-z0-9]+\}"#, #"'[^']*'"#, #"“[^”]*”"#, #"«[^»]*»"#, #"`[^`]*`"#, #"<[^>]*>"#, #"--[a-z0-9-]+"#,
                        #"\$[A-Z_]+"#, #"[a-z]+://\S+"#, #"\{"[^\n]*\}\}"#] {
            rest = rest.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return EnglishWords.words(in: rest).filter { !allowed.contains($0) }
    }

    @Test func theSurfacesAreInTheCatalogue() {
        let keys = Self.keys()
        #expect(keys.count > 300, "\(keys.count)")
        for prefix in Self.prefixes {
            #expect(keys.contains { $0.hasPrefix(prefix) }, "no key starts with \(prefix)")
        }
        // The check itself finds English in the English texts.
        let english = keys.flatMap { Self.words(in: MessageCatalogue.english.texts[$0] ?? "") }
        #expect(english.count > 500, "\(english.count)")
    }

    @Test(arguments: languages)
    func eachTextIsTranslated(_ tag: String) throws {
        let catalogue = MessageCatalogue.of(try #require(Language(matching: tag)))
        for key in Self.keys() {
            let text = try #require(catalogue.texts[key], "\(tag) lacks \(key)")
            let english = MessageCatalogue.english.texts[key] ?? ""
            if !Self.words(in: english).isEmpty {
                #expect(text != english, "\(tag) \(key) is the English text")
            }
            #expect(Self.words(in: text).isEmpty, "\(tag) \(key): English words \(Self.words(in: text)) in \(text)")
        }
    }
}
