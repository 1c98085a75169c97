// swift-tools-version:6.0
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Faktura",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "faktura", targets: ["faktura"]),
        .library(name: "InvoiceModel", targets: ["InvoiceModel"]),
        .library(name: "PDFRender", targets: ["PDFRender"]),
        .library(name: "Findings", targets: ["Findings"]),
        .library(name: "PDFReading", targets: ["PDFReading"]),
        .library(name: "UPD", targets: ["UPD"]),
        .library(name: "Validate", targets: ["Validate"]),
        .library(name: "ERPAudit", targets: ["ERPAudit"]),
        .library(name: "Archive", targets: ["Archive"]),
        .library(name: "Mail", targets: ["Mail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/multipart-kit", exact: "4.7.1"),
    ],
    targets: [
        // C libraries from Debian, each behind one Swift owner type.
        .systemLibrary(name: "CHaru", path: "Sources/CHaru"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CPoppler", path: "Sources/CPoppler", pkgConfig: "poppler-glib",
                       providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(name: "CTesseract", path: "Sources/CTesseract", pkgConfig: "tesseract",
                       providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]),
        .systemLibrary(name: "CFlate", path: "Sources/CFlate"),
        .systemLibrary(name: "CDeflate", path: "Sources/CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CHyphen", path: "Sources/CHyphen", providers: [.apt(["libhyphen-dev"])]),
        // RFC 3161 time stamps through OpenSSL's TS API (system libcrypto; swift-crypto's and
        // swift-nio-ssl's BoringSSL symbols are prefixed, so the two link side by side).
        .target(name: "CTimestamp", path: "Sources/CTimestamp", linkerSettings: [.linkedLibrary("crypto")]),
        .systemLibrary(name: "CGMime", path: "Sources/CGMime", pkgConfig: "gmime-3.0",
                       providers: [.apt(["libgmime-3.0-dev"])]),
        .systemLibrary(name: "COpenDKIM", path: "Sources/COpenDKIM", pkgConfig: "opendkim",
                       providers: [.apt(["libopendkim-dev"])]),

        // Reading and writing file descriptors whole (EINTR retried), and glibc's posix_spawn extras.
        .target(name: "SystemIO", swiftSettings: swiftSettings),
        // Pure Swift: the invoice, money, VAT, identifiers, code tables.
        .target(name: "InvoiceModel", dependencies: ["SystemIO"], swiftSettings: swiftSettings),
        // libxml2 wrapper shared by PDFRender (templates), Validate (invoice XML) and ERPAudit (XML and XLSX exports).
        .target(name: "FakturaXML", dependencies: ["CLibXML2", "InvoiceModel"], swiftSettings: swiftSettings),
        // Findings for the message catalogue: a template's labels are the glossary's terms (docs/glossary.md).
        .target(name: "PDFRender", dependencies: ["SystemIO", "InvoiceModel", "FakturaXML", "Findings", "CHaru", "CHyphen", "CDeflate"],
                swiftSettings: swiftSettings),
        // The names every module's reports share: findings, severities, the code catalogue, the tool stamp.
        .target(name: "Findings", dependencies: ["InvoiceModel", "CMessageCatalogue"], swiftSettings: swiftSettings),
        // messages/*.json (one message catalogue per language) compiled into the binary (C23 #embed).
        .target(name: "CMessageCatalogue", path: "Sources/CMessageCatalogue"),
        // The tax service's UPD 5.03 schema compiled into the binary (C23 #embed), byte for byte.
        .target(name: "CUPDSchema", path: "Sources/CUPDSchema"),
        // The UPD (format 5.03): XSD, the schema's Schematron rules as data, reading and writing.
        .target(name: "UPD", dependencies: ["SystemIO", "InvoiceModel", "FakturaXML", "Findings", "CUPDSchema"],
                swiftSettings: swiftSettings),
        // Words and embedded files out of PDFs (content streams, poppler, Tesseract), untrusted ones
        // in a reader process under a budget. The C libraries only: the sandboxed faktura-pdf-reader
        // links this and nothing else.
        .target(name: "PDFReading", dependencies: ["SystemIO", "CPoppler", "CTesseract", "CFlate"],
                swiftSettings: swiftSettings),
        // The invoice rules, the validator and its report, and what an invoice's PDF text says.
        .target(name: "Validate", dependencies: ["InvoiceModel", "FakturaXML", "Findings", "UPD", "PDFReading"],
                swiftSettings: swiftSettings),
        // ERP exports audited posting by posting: readers, mappings and presets, grouping, checks, reports.
        .target(name: "ERPAudit", dependencies: ["SystemIO", "InvoiceModel", "FakturaXML", "Findings", "PDFReading", "Validate",
                                                .product(name: "Crypto", package: "swift-crypto"),
                                                .product(name: "Yams", package: "Yams"),
                                                .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: swiftSettings),
        .target(name: "Archive",
                dependencies: ["SystemIO", "InvoiceModel", "FakturaXML", "PDFRender", "Findings", "PDFReading", "Validate", "CTimestamp",
                               .product(name: "GRDB", package: "GRDB.swift"),
                               .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                               .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "PostgresNIO", package: "postgres-nio"),
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: swiftSettings),
        // Order e-mails (GMime, libopendkim): messages, PDF attachments, DKIM, export recovery.
        .target(name: "Mail",
                dependencies: ["InvoiceModel", "Findings", "PDFReading", "Validate", "ERPAudit", "Archive", "CGMime", "COpenDKIM",
                               .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: swiftSettings),
        // docs/openapi.json compiled into the server binary (C23 #embed): served byte for byte.
        .target(name: "COpenAPIDocument", path: "Sources/COpenAPIDocument"),
        // The web console's files (HTML, CSS, JavaScript modules, its UI texts) compiled in the same way.
        .target(name: "CConsoleAssets", path: "Sources/CConsoleAssets", exclude: ["console"]),
        // HTTP server (Hummingbird 2): the same engine as the CLI, for ERPs that check orders as they sync.
        .target(name: "Server",
                dependencies: ["SystemIO", "InvoiceModel", "FakturaXML", "PDFRender", "Findings", "UPD", "PDFReading", "Validate", "ERPAudit", "Archive",
                               "COpenAPIDocument", "CConsoleAssets",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "HummingbirdCore", package: "hummingbird"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOHTTP1", package: "swift-nio"),
                               .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                               .product(name: "Prometheus", package: "swift-prometheus"),
                               .product(name: "MultipartKit", package: "multipart-kit"),
                               .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                               .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: swiftSettings),
        .executableTarget(name: "faktura",
                          dependencies: ["SystemIO", "InvoiceModel", "FakturaXML", "PDFRender", "Findings", "UPD", "PDFReading", "Validate", "ERPAudit",
                                         "Archive", "Mail", "Server",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: swiftSettings),
        // Reads untrusted PDFs in a separate process, under a memory and time budget.
        .executableTarget(name: "faktura-pdf-reader", dependencies: ["PDFReading"], swiftSettings: swiftSettings),
        .executableTarget(name: "faktura-bench",
                          dependencies: ["InvoiceModel", "PDFRender", "Findings", "UPD", "PDFReading", "Validate", "ERPAudit", "Archive",
                                         "Mail", "FakturaTestSupport",
                                         .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                          swiftSettings: swiftSettings),

        // What every test target shares: the sample invoices, a scratch folder, the CLI runner.
        .target(name: "FakturaTestSupport", dependencies: ["SystemIO", "InvoiceModel", "Findings", "PDFRender"], path: "Tests/FakturaTestSupport",
                swiftSettings: swiftSettings),
        .testTarget(name: "InvoiceModelTests", dependencies: ["InvoiceModel", "SystemIO", "FakturaTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "UPDTests", dependencies: ["UPD", "Validate", "Findings", "FakturaXML", "InvoiceModel", "FakturaTestSupport"],
                    // Read from the repository by path (the other generators' files keep their names).
                    exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "FakturaXMLTests", dependencies: ["FakturaXML", "InvoiceModel", "FakturaTestSupport"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "PDFRenderTests", dependencies: ["PDFRender", "InvoiceModel", "FakturaXML", "PDFReading", "FakturaTestSupport"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "ValidateTests", dependencies: ["Findings", "PDFReading", "Validate", "ERPAudit", "InvoiceModel",
                                                       "PDFRender", "FakturaTestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "ArchiveTests",
                    dependencies: ["Archive", "InvoiceModel", "PDFRender", "PDFReading", "Validate", "FakturaTestSupport",
                                   .product(name: "GRDB", package: "GRDB.swift"),
                                   .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "MailTests",
                    dependencies: ["Mail", "Findings", "Validate", "ERPAudit", "Archive", "InvoiceModel", "PDFRender", "FakturaTestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "ServerTests",
                    dependencies: ["Server", "Archive", "Findings", "Validate", "ERPAudit", "InvoiceModel", "PDFRender", "FakturaTestSupport",
                                   .product(name: "Hummingbird", package: "hummingbird"),
                                   .product(name: "HummingbirdTesting", package: "hummingbird"),
                                   .product(name: "Logging", package: "swift-log"),
                                   .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "FakturaCLITests", dependencies: ["faktura", "InvoiceModel", "FakturaTestSupport"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzzing (`make fuzz`): with FAKTURA_FUZZ set, each `Tests/FuzzRegressionTests/Harnesses/<Name>Harness.swift`
// becomes its own libFuzzer executable `fuzz-<Name>` (built with -sanitize=fuzzer); without it,
// the same files are FuzzRegressionTests, which replays the kept crash and hang inputs.
// Each executable also links `LibFuzzerEntry` (Tests/LibFuzzerEntry), the libFuzzer entry that the
// harness file's `@main extension <Name>Harness: LibFuzzerHarness {}` starts. Adding a harness is
// adding one such file and its line in FuzzReplay.harnesses.
let fuzzHarnessFolder = "Tests/FuzzRegressionTests/Harnesses"
let fuzzDependencies: [Target.Dependency] = ["InvoiceModel", "FakturaXML", "UPD", "PDFReading", "Validate", "ERPAudit", "PDFRender",
                                              "Mail", "Server", "FakturaTestSupport", "FuzzServerSupport"]
// The in-process server both HTTP harnesses (ServerChunked, ServerPipeline) send their inputs to.
package.targets.append(.target(name: "FuzzServerSupport", dependencies: ["Server", "FakturaTestSupport"],
                               path: "Tests/FuzzServerSupport", swiftSettings: swiftSettings))
if Context.environment["FAKTURA_FUZZ"] != nil {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: Context.packageDirectory + "/" + fuzzHarnessFolder)) ?? []
    package.targets.append(.target(name: "LibFuzzerEntry", path: "Tests/LibFuzzerEntry", swiftSettings: swiftSettings))
    for file in files.sorted() where file.hasSuffix("Harness.swift") {
        let name = String(file.dropLast("Harness.swift".count))
        package.targets.append(.executableTarget(
            name: "fuzz-\(name)", dependencies: fuzzDependencies + ["LibFuzzerEntry"], path: fuzzHarnessFolder,
            exclude: files.filter { $0 != file }, sources: [file],
            swiftSettings: swiftSettings + [.define("FUZZING")]))
    }
} else {
    package.targets.append(.testTarget(
        name: "FuzzRegressionTests", dependencies: fuzzDependencies, resources: [.copy("Fixtures")],
        swiftSettings: swiftSettings))
}
