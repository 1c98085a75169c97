import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import PDFRender

/// The small slips that used to give a wrong document without a word.
@Suite struct RenderTrapTests {
    /// Words of pdftotext's plain output.
    func words(_ file: URL, page: Int? = nil) throws -> [Substring] {
        let range = page.map { ["-f", "\($0)", "-l", "\($0)"] } ?? []
        let run = try CLI.runTool("/usr/bin/pdftotext", range + [file.path, "-"])
        #expect(run.status == 0 && run.stderr.isEmpty, "pdftotext: \(run.stderr)")
        return run.stdout.split(whereSeparator: \.isWhitespace)
    }

    func pageCount(_ file: URL) throws -> Int {
        let info = try CLI.runTool("/usr/bin/pdfinfo", [file.path]).stdout
        let line = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") })
        return try #require(Int(line.split(separator: " ").last!))
    }

    @Test(arguments: TemplateCatalog.builtInNames)
    func aLineNameTallerThanAPageContinuesOnTheNextPagesWithEveryWordOnThePaper(_ name: String) throws {
        var invoice = SampleInvoices.crossBorder(lines: 3)
        let longName = (1...4000).map { "слово\($0)" }
        invoice.lines[1].name = longName.joined(separator: " ")
        // A field (счёт-фактура) or a bordered cell (commercial invoice) taller than a page, too.
        let longAddress = (1...3000).map { "адрес\($0)" }
        invoice.seller.address = longAddress.joined(separator: " ")
        let pdf = try SampleInvoices.renderer(name).render(invoice)
        let folder = ScratchFolder()
        let file = folder.write("tall-\(name).pdf", pdf)
        let found = Set(try words(file))
        let lost = (longName + longAddress).filter { !found.contains(Substring($0)) }
        #expect(lost.isEmpty, "\(lost.count) of \(longName.count + longAddress.count) words are not on the paper, e.g. \(lost.prefix(3))")
        #expect(found.contains("8518300009") || found.contains("8504403009"), "the rows after the tall one are lost")

        // Nothing is drawn outside the page: every word's box lies on it.
        let boxes = try CLI.runTool("/usr/bin/pdftotext", ["-bbox", file.path, "-"]).stdout
        var pageSize = (width: 0.0, height: 0.0)
        var outside: [String] = []
        for line in boxes.split(separator: "\n") {
            let attributes = Dictionary(line.split(separator: " ").compactMap { part -> (String, Double)? in
                let pair = part.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { return nil }
                return (String(pair[0]), Double(pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\">"))) ?? .nan)
            }, uniquingKeysWith: { first, _ in first })
            if line.contains("<page ") {
                pageSize = (attributes["width"] ?? 0, attributes["height"] ?? 0)
            } else if line.contains("<word "), let xMax = attributes["xMax"], let yMax = attributes["yMax"],
                      let xMin = attributes["xMin"], let yMin = attributes["yMin"] {
                if xMin < 0 || yMin < 0 || xMax > pageSize.width || yMax > pageSize.height { outside.append(String(line)) }
            }
        }
        #expect(outside.isEmpty, "\(outside.count) words outside the page, e.g. \(outside.prefix(2))")

        let pages = try pageCount(file)
        #expect(pages >= 4, "\(pages) pages")
        let header = name == "ru-schet-faktura" ? "Наименование" : "Description"
        // Every page the tall row runs over repeats the table header; every page is numbered "N of M".
        let texts = try (1...pages).map { page in
            try CLI.runTool("/usr/bin/pdftotext", ["-f", "\(page)", "-l", "\(page)", file.path, "-"]).stdout
        }
        let first = try #require(texts.firstIndex { $0.contains("слово1 ") || $0.contains("слово1\n") })
        let last = try #require(texts.firstIndex { $0.contains("слово4000") })
        #expect(last > first)
        for index in first...last {
            #expect(texts[index].contains(header), "page \(index + 1) lacks the table header")
        }
        for (index, text) in texts.enumerated() {
            let numbering = name == "ru-schet-faktura" ? "стр. \(index + 1) из \(pages)" : "page \(index + 1) of \(pages)"
            #expect(text.contains(numbering), "page \(index + 1) lacks '\(numbering)'")
        }
    }

    /// A template may put a lines table inside a cell of a row. When that row is taller than a
    /// page the cells give up their columns and their blocks flow full width, so the nested
    /// table continues over pages like any other: header repeated, every row on the paper.
    @Test func aTallTableNestedInACellContinuesOverPagesWithEveryRowOnThePaper() throws {
        let template = """
            <?xml version="1.0" encoding="UTF-8"?>
            <template xmlns="urn:faktura:template:1" name="nested" title="Nested">
              <page size="A4" orientation="portrait" margin="32" font-size="8" numbers="en"/>
              <body>
                <text bold="true">№ {number}</text>
                <row gap="10">
                  <cell width="3" border="true">
                    <text bold="true">Goods</text>
                    <table source="lines" size="7">
                      <column header="Article" width="2">{line.article}</column>
                      <column header="HS" width="2">{line.hsCode}</column>
                    </table>
                  </cell>
                  <cell width="1" border="true"><text>Notes beside the goods</text></cell>
                </row>
                <text>End of invoice</text>
              </body>
              <footer size="7" align="right">page {page} of {pages}</footer>
            </template>
            """
        let folder = ScratchFolder()
        let templateFile = folder.write("nested.xml", template)
        let invoice = SampleInvoices.crossBorder(lines: 160)
        let pdf = try InvoiceRenderer(template: try TemplateCatalog.load(contentsOf: templateFile)).render(invoice)
        let file = folder.write("nested.pdf", pdf)
        let found = Set(try words(file))
        let articles = invoice.lines.compactMap(\.offerId)
        let lost = articles.filter { !found.contains(Substring($0)) }
        #expect(articles.count == 160)
        #expect(lost.isEmpty, "\(lost.count) of \(articles.count) rows are not on the paper, e.g. \(lost.prefix(3))")
        #expect(found.contains("beside") && found.contains("End"), "the other cell or the block after the row is lost")
        let pages = try pageCount(file)
        #expect(pages >= 3, "\(pages) pages")
        for page in 1...pages - 1 {
            let text = try CLI.runTool("/usr/bin/pdftotext", ["-f", "\(page)", "-l", "\(page)", file.path, "-"]).stdout
            #expect(text.contains("Article"), "page \(page) lacks the nested table's header")
        }
    }

    @Test func aCorrectionFillsLineOneAOfTheSchetFaktura() throws {
        var invoice = SampleInvoices.crossBorder(lines: 2)
        invoice.correction = DocumentReference(number: "2", date: LocalDate(iso: "2026-11-30"))
        let folder = ScratchFolder()
        let corrected = folder.write("corrected.pdf", try SampleInvoices.renderer("ru-schet-faktura").render(invoice))
        let text = try CLI.runTool("/usr/bin/pdftotext", ["-layout", corrected.path, "-"]).stdout
        let line = try #require(text.split(separator: "\n").first { $0.contains("ИСПРАВЛЕНИЕ №") })
        #expect(line.contains("2 от 30.11.2026"), "\(line)")

        invoice.correction = nil
        let original = folder.write("original.pdf", try SampleInvoices.renderer("ru-schet-faktura").render(invoice))
        let originalText = try CLI.runTool("/usr/bin/pdftotext", ["-layout", original.path, "-"]).stdout
        let originalLine = try #require(originalText.split(separator: "\n").first { $0.contains("ИСПРАВЛЕНИЕ №") })
        #expect(originalLine.contains("— от —"), "\(originalLine)")
    }

    @Test func anIndividualEntrepreneursOGRNIPIsPrintedOnTheCertificateLine() throws {
        var invoice = SampleInvoices.crossBorder(lines: 1)
        invoice.seller = Party(name: "ИП Иванов Иван Иванович", country: "RU",
                               taxIds: [TaxID(scheme: "ru-inn", value: "500100732259"),
                                        TaxID(scheme: "ru-ogrnip", value: "304500116000157")],
                               address: "г. Москва, ул. Тверская, д. 1")
        let folder = ScratchFolder()
        let file = folder.write("ip.pdf", try SampleInvoices.renderer("ru-schet-faktura").render(invoice))
        let text = try CLI.runTool("/usr/bin/pdftotext", ["-layout", file.path, "-"]).stdout
        let lines = text.split(separator: "\n")
        let certificate = try #require(lines.firstIndex { $0.contains("ОГРНИП 304500116000157") }, "\(text)")
        // It stands above the caption of the certificate line.
        let caption = try #require(lines.firstIndex { $0.contains("(реквизиты свидетельства") })
        #expect(certificate < caption && caption - certificate <= 2)
    }

    @Test func anExtensionBIdeographIsDrawnFromTheFallbackFontAndKeptInTheText() throws {
        var invoice = SampleInvoices.crossBorder(lines: 1)
        invoice.lines[0].name = "Набор 𠀀𠀁 чай"
        let rendered = try SampleInvoices.renderer("commercial-invoice").renderReporting(invoice)
        #expect(rendered.uncoveredCharacters.isEmpty, "\(rendered.uncoveredCharacters)")
        let folder = ScratchFolder()
        let file = folder.write("ext-b.pdf", rendered.pdf)
        let text = try CLI.runTool("/usr/bin/pdftotext", [file.path, "-"]).stdout
        #expect(text.contains("𠀀𠀁"))
        let fonts = try CLI.runTool("/usr/bin/pdffonts", [file.path]).stdout
        #expect(fonts.contains("HanaMinB"), "\(fonts)")
    }

    @Test func aCharacterNoFontHasIsReportedWithItsCodePointAndPlace() throws {
        var invoice = SampleInvoices.crossBorder(lines: 2)
        invoice.lines[1].name += " 🚀"
        invoice.buyer.address! += " \u{E000}"
        let rendered = try SampleInvoices.renderer("commercial-invoice").renderReporting(invoice)
        #expect(rendered.uncoveredCharacters.map(\.description)
                    == ["U+E000 (\u{E000}) in buyer.address", "U+1F680 (🚀) in lines[1].name"])
        #expect(try SampleInvoices.renderer("commercial-invoice").renderReporting(SampleInvoices.crossBorder(lines: 2))
                    .uncoveredCharacters.isEmpty)
    }

    @Test func theCoverageTableValidationUsesIsExactlyWhatTheFontsDraw() throws {
        let fonts = FontSet.system
        let faces = fonts.regular + fonts.bold + fonts.fallback
        let parsed = try faces.map { face throws(RenderError) in try FontCache.font(face) }
        var disagreements: [String] = []
        for value in UInt32(0x20)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), !(0x7F...0x9F).contains(value) else { continue }
            let drawn = parsed.contains { $0.glyph(for: scalar) != nil }
            if drawn != GlyphCoverage.covers(scalar) { disagreements.append(String(value, radix: 16)) }
        }
        #expect(disagreements.isEmpty,
                "GlyphCoverage disagrees with the fonts at \(disagreements.count) code points (\(disagreements.prefix(5))); run tools/make-glyph-coverage.py")
    }
}
