import FakturaTestSupport
import Foundation
import Testing

/// The command line's own words in Chinese and Russian (docs/languages.md): every command's
/// `--help` — swift-argument-parser's headings and built-in lines, each option's help, each
/// command's discussion — and the parse errors the library writes (`LocalizedParserOutput`).
@Suite("Command line help and parse errors in the chosen language")
struct ParserLanguageTests {
    static let languages = ["zh-Hans", "ru"]

    /// Every command and subcommand whose help a user can ask for.
    static let commands: [[String]] = [
        [], ["render"], ["validate"], ["audit"], ["archive"], ["archive", "add"], ["archive", "verify"],
        ["archive", "show"], ["archive", "export"], ["archive", "timestamp"], ["archive", "head"], ["ozon"],
        ["ozon", "upload"], ["mail"], ["mail", "scan"], ["serve"], ["explain"], ["id"],
    ]

    static let helpCases: [(String, [String])] = languages.flatMap { tag in commands.map { (tag, $0) } }

    /// What a help screen or an error may hold in Latin letters besides codes and identifiers:
    /// option names, value names and option values (`--format <format>`, `text`, `json`), the
    /// subcommands' names, URLs, environment variables, and the names of formats and products.
    static func englishWords(in text: String) -> [String] {
        var rest = text
        for pattern in [#"--[a-z0-9-]+"#, #"<[^>\n]*>"#, #"\$[A-Z_]+"#, #"[a-z]+://\S+"#, #"'[^'\n]*'"#,
                        #"“[^”\n]*”"#, #"«[^»\n]*»"#, #"`[^`\n]*`"#, #"\{[^}\n]*\}"#] {
            rest = rest.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        let allowed: Set<String> = [
            // subcommands
            "render", "validate", "audit", "archive", "add", "verify", "show", "export", "timestamp", "head", "ozon",
            "upload", "payload", "mail", "scan", "serve", "explain", "id", "help",
            // option values and names the commands take as they are
            "text", "json", "junit", "html", "csv", "pdf", "upd", "create", "default", "schfdop", "schf", "zh", "ru", "en",
            "cancelled", "hscode", "code", "sku",
            // the ERP presets and the export's canonical columns (`faktura audit --mappings`)
            "dianxiaomi", "mabang", "tongtool", "lingxing", "status", "currency", "quantity", "invoice", "Lines",
            // formats and products
            "BagIt", "Maildir", "mbox", "PostgreSQL", "SQLite", "OpenAPI", "Authorization", "Unix", "unix", "Excel", "Ozon",
            "Windows", "Seller", "Bearer",
        ]
        return EnglishWords.words(in: rest).filter { !allowed.contains($0) }
    }

    @Test(arguments: helpCases)
    func theHelpScreenHoldsNoEnglishWords(_ tag: String, _ command: [String]) throws {
        let result = try CLI.run(command + ["--help", "--lang", tag], in: CLI.repositoryRoot, environment: ["COLUMNS": "100"])
        #expect(result.status == 0, "\(result.stderr)")
        let english = try CLI.run(command + ["--help", "--lang", "en"], in: CLI.repositoryRoot, environment: ["COLUMNS": "100"])
        #expect(english.stdout.contains("OPTIONS:") && Self.englishWords(in: english.stdout).count > 5,
                "the check finds English in the English help")
        #expect(!result.stdout.contains("OPTIONS:") && !result.stdout.contains("USAGE:"), "\(tag): \(result.stdout)")
        #expect(Self.englishWords(in: result.stdout).isEmpty, "\(tag) \(command): English words \(Self.englishWords(in: result.stdout)) in\n\(result.stdout)")
    }

    /// The help screen is wrapped to the terminal, Chinese between characters: no line is wider
    /// than the columns asked for (a Chinese character takes two).
    @Test(arguments: languages)
    func theHelpScreenFitsTheTerminal(_ tag: String) throws {
        let result = try CLI.run(["audit", "--help", "--lang", tag], in: CLI.repositoryRoot, environment: ["COLUMNS": "60"])
        for line in result.stdout.split(separator: "\n") {
            let columns = line.unicodeScalars.reduce(0) { $0 + (($1.value >= 0x2E80 && $1.value <= 0x9FFF) || ($1.value >= 0xFF00 && $1.value <= 0xFF60) ? 2 : 1) }
            // A word longer than the line (a long option with its value name) cannot be broken.
            let longestWord = line.split(separator: " ").map(\.count).max() ?? 0
            #expect(columns <= 60 || longestWord > 30, "\(tag): \(columns) columns: \(line)")
        }
    }

    struct ParseError: Sendable, CustomStringConvertible {
        var arguments: [String]
        /// What the English error says, so that each case shows the library's format it stands for.
        var english: String
        var description: String { arguments.joined(separator: " ") }
    }

    static let errors: [ParseError] = [
        ParseError(arguments: ["validate", "--bogus", "x.json"], english: "Unknown option '--bogus'"),
        ParseError(arguments: ["validate", "--formt", "json", "x.json"], english: "Did you mean '--format'?"),
        ParseError(arguments: ["archive", "show"], english: "Missing expected argument '<posting>'"),
        ParseError(arguments: ["validate", "--format", "xml", "x.json"], english: "The value 'xml' is invalid for '--format <format>'"),
        ParseError(arguments: ["explain", "A", "B"], english: "Unexpected argument 'B'"),
        ParseError(arguments: ["validate", "x.json", "--format"], english: "Missing value for '--format <format>'"),
        ParseError(arguments: ["validate", "--strict=yes", "x.json"], english: "does not take any value"),
    ]

    static let errorCases: [(String, ParseError)] = languages.flatMap { tag in errors.map { (tag, $0) } }

    @Test(arguments: errorCases)
    func aParseErrorHoldsNoEnglishWords(_ tag: String, _ error: ParseError) throws {
        let english = try CLI.run(error.arguments + ["--lang", "en"], in: CLI.repositoryRoot)
        #expect(english.status == 2)
        #expect(english.stderr.contains(error.english), "the library's English changed: \(english.stderr)")
        let result = try CLI.run(error.arguments + ["--lang", tag], in: CLI.repositoryRoot)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains("Error:") && !result.stderr.contains("Usage:"), "\(tag): \(result.stderr)")
        #expect(!result.stderr.contains("cannot be read") && !result.stderr.contains("无法读取命令行")
                    && !result.stderr.contains("не удалось разобрать"), "no pattern matched: \(result.stderr)")
        #expect(Self.englishWords(in: result.stderr).isEmpty, "\(tag): English words \(Self.englishWords(in: result.stderr)) in\n\(result.stderr)")
    }

    /// A command's own usage error (its `validate()`) is the catalogue's already: kept as it is.
    @Test(arguments: languages)
    func aCommandsOwnUsageErrorIsNotTakenForTheLibrarys(_ tag: String) throws {
        let result = try CLI.run(["validate", "--lang", tag], in: CLI.repositoryRoot)
        #expect(result.status == 2)
        #expect(!result.stderr.contains("无法读取命令行") && !result.stderr.contains("не удалось разобрать"), "\(result.stderr)")
        #expect(result.stderr.contains(tag == "ru" ? "стандартного ввода" : "标准输入"), "\(result.stderr)")
    }

    /// A command that could not run (here: a template that does not exist) says why in the
    /// chosen language, the name it was given quoted as it was typed.
    @Test(arguments: languages)
    func aRenderErrorIsInTheChosenLanguage(_ tag: String) throws {
        let scratch = ScratchFolder()
        let result = try CLI.run(["render", "examples/invoices/cn-seller-ozon.json", "--template", "no-such-template",
                                  "--out", scratch.url.path, "--lang", tag], in: CLI.repositoryRoot)
        #expect(result.status == 2, "\(result.stderr)")
        let expected = tag == "ru" ? "faktura render: шаблона с именем «no-such-template» нет" : "faktura render: 没有名为“no-such-template”的模板"
        #expect(result.stderr.hasPrefix(expected), "\(result.stderr)")
        let withoutPaths = result.stderr.replacingOccurrences(of: #"/\S*"#, with: " ", options: .regularExpression)
        #expect(Self.englishWords(in: withoutPaths).isEmpty, "\(tag): English words \(Self.englishWords(in: withoutPaths)) in\n\(result.stderr)")
        // A command's own error from its run (an --out folder that cannot be made): the library's
        // "Usage:" and "See … for more information" lines after it are translated too.
        let unwritable = try CLI.run(["render", "examples/invoices/cn-seller-ozon.json", "--out", "/proc/no-such-folder/x.pdf",
                                      "--lang", tag], in: CLI.repositoryRoot)
        #expect(unwritable.status == 2, "\(unwritable.stderr)")
        #expect(unwritable.stderr.hasPrefix(tag == "ru" ? "Ошибка: " : "错误："), "\(unwritable.stderr)")
        #expect(!unwritable.stderr.contains("Usage:") && !unwritable.stderr.contains("for more information"), "\(unwritable.stderr)")
    }

    /// The values a parse error names are the user's, as they were typed.
    @Test func anInvalidValueIsNamedWithTheValuesTheOptionTakes() throws {
        let result = try CLI.run(["validate", "--format", "xml", "x.json", "--lang", "ru"], in: CLI.repositoryRoot)
        #expect(result.stderr.contains("Ошибка: Значение «xml» недопустимо для «--format <format>». Укажите text или json."), "\(result.stderr)")
        let chinese = try CLI.run(["validate", "--bogus", "x.json", "--lang", "zh"], in: CLI.repositoryRoot)
        #expect(chinese.stderr.hasPrefix("错误：未知选项“--bogus”\n"), "\(chinese.stderr)")
        #expect(chinese.stderr.contains("用法：faktura validate [<files> ...]"), "\(chinese.stderr)")
    }

    /// English runs print what swift-argument-parser prints, unchanged.
    @Test func englishIsTheLibrarysOwn() throws {
        let help = try CLI.run(["validate", "--help"], in: CLI.repositoryRoot, environment: ["LC_ALL": "C", "COLUMNS": "80"])
        #expect(help.stdout.hasPrefix("OVERVIEW: "), "\(help.stdout)")
        #expect(help.stdout.contains("\nUSAGE: faktura validate [<files> ...]"))
        #expect(help.stdout.contains("  -h, --help              Show help information."))
        let error = try CLI.run(["validate", "--bogus", "x.json"], in: CLI.repositoryRoot, environment: ["LC_ALL": "C"])
        #expect(error.stderr.hasPrefix("Error: Unknown option '--bogus'\nUsage: faktura validate"), "\(error.stderr)")
    }

    /// `faktura help SUBCOMMAND` asks for the same screen as `SUBCOMMAND --help`.
    @Test func theHelpSubcommandIsTranslatedToo() throws {
        let result = try CLI.run(["help", "audit", "--lang", "ru"], in: CLI.repositoryRoot, environment: ["COLUMNS": "100"])
        let direct = try CLI.run(["audit", "--help", "--lang", "ru"], in: CLI.repositoryRoot, environment: ["COLUMNS": "100"])
        #expect(result.status == 0)
        #expect(result.stdout == direct.stdout, "\(result.stdout)")
        #expect(result.stdout.contains("ПАРАМЕТРЫ:"))
    }
}
