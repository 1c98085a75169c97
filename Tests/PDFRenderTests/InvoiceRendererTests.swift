import FakturaTestSupport
import Foundation
import FakturaXML
import InvoiceModel
import Testing
@testable import PDFRender

@Suite struct InvoiceRendererTests {
    @Test(arguments: TemplateCatalog.builtInNames)
    func builtInTemplateRendersAPDFThatQpdfAndPopplerAccept(_ name: String) throws {
        let pdf = try SampleInvoices.renderer(name).render(SampleInvoices.crossBorder(lines: 5))
        let folder = ScratchFolder()
        let file = folder.write("\(name).pdf", pdf)
        let check = try CLI.runTool("/usr/bin/qpdf", ["--check", file.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let text = try CLI.runTool("/usr/bin/pdftotext", ["-layout", file.path, "-"])
        #expect(text.status == 0)
        #expect(text.stderr.isEmpty, "pdftotext warned: \(text.stderr)")
        #expect(text.stdout.contains("CN-2026-000123"))
        #expect(text.stdout.contains("8517130000"))
    }
}

@Suite struct RenderedContentTests {
    @Test func longInvoiceBreaksOverPagesWithHeaderAndPageNumbersOnEach() throws {
        let invoice = SampleInvoices.crossBorder(lines: 120)
        // Header words (a header wraps in its column as the content sizes it).
        for (name, header, pageText) in [("ru-schet-faktura", "Наименование", "стр. %d из %d"),
                                         ("commercial-invoice", "Description", "page %d of %d")] {
            let pdf = try SampleInvoices.renderer(name).render(invoice)
            let folder = ScratchFolder()
            let file = folder.write("long-\(name).pdf", pdf)
            let info = try CLI.runTool("/usr/bin/pdfinfo", [file.path])
            let pagesLine = try #require(info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") })
            let pages = Int(pagesLine.split(separator: " ").last!)!
            #expect(pages >= 3, "\(name): \(pages) pages")
            let texts = try (1...pages).map { page in
                let run = try CLI.runTool("/usr/bin/pdftotext", ["-f", "\(page)", "-l", "\(page)", file.path, "-"])
                #expect(run.stderr.isEmpty, "pdftotext warned: \(run.stderr)")
                #expect(run.stdout.contains(String(format: pageText, page, pages)), "\(name) page \(page) lacks its number")
                return run.stdout
            }
            // The page with the table's totals row ends the table; it and every page before carry the header.
            let totals = name == "ru-schet-faktura" ? "Всего к оплате" : "Total / Итого"
            let end = try #require(texts.firstIndex { $0.contains(totals) }, "\(name): the table's totals row")
            for (index, text) in texts[...end].enumerated() {
                #expect(text.contains(header), "\(name) page \(index + 1) lacks the table header")
            }
            #expect(texts[end].contains("120"))
            // What follows the table (VAT breakdown, totals, signatures) may start a page of its own.
            #expect(end >= pages - 2, "\(name): the table ends on page \(end + 1) of \(pages)")
        }
    }

    @Test func embeddedInvoiceXMLComesBackFromPdfdetachEqualToTheInput() throws {
        let invoice = SampleInvoices.crossBorder(lines: 4)
        let pdf = try SampleInvoices.renderer("commercial-invoice").render(invoice)
        let folder = ScratchFolder()
        let file = folder.write("attached.pdf", pdf)
        let list = try CLI.runTool("/usr/bin/pdfdetach", ["-list", file.path])
        #expect(list.stdout.contains("invoice.xml"))
        let extracted = folder.url.appendingPathComponent("extracted.xml")
        let save = try CLI.runTool("/usr/bin/pdfdetach", ["-save", "1", "-o", extracted.path, file.path])
        #expect(save.status == 0, "\(save.stderr)")
        let bytes = try Data(contentsOf: extracted)
        #expect(bytes == InvoiceXML.encode(invoice))
        #expect(try InvoiceXML.decode(bytes, source: "invoice.xml") == invoice)
    }

    @Test func sameInvoiceAndTemplateGiveByteIdenticalPDFsAlsoAcrossTasks() async throws {
        let invoice = SampleInvoices.crossBorder(lines: 30)
        let renderer = try SampleInvoices.renderer("ru-schet-faktura")
        let first = try renderer.render(invoice)
        let concurrent = try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<4 { group.addTask { try renderer.render(invoice) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(concurrent.allSatisfy { $0 == first })
        var changed = invoice
        changed.number = "CN-2026-000124"
        #expect(try renderer.render(changed) != first)
    }

    @Test func chineseSellerNameIsDrawnLegiblyAsTesseractReadsIt() throws {
        // The same renderer and fonts as the built-in templates, with the name large enough to OCR.
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <template xmlns="urn:faktura:template:1" name="ocr">
              <page size="A5" orientation="landscape" margin="30"/>
              <body><text size="28">{seller.localName}</text></body>
            </template>
            """
        let template = try SampleInvoices.catalog.parse(Data(xml.utf8), source: "ocr.xml")
        let pdf = try InvoiceRenderer(template: template).render(SampleInvoices.crossBorder(lines: 1))
        let folder = ScratchFolder()
        let file = folder.write("chinese.pdf", pdf)
        let png = try CLI.runTool("/usr/bin/pdftoppm", ["-r", "150", "-png", "-f", "1", "-l", "1", file.path])
        #expect(png.status == 0)
        let ocr = try CLI.runTool("/usr/bin/tesseract", ["-", "-", "-l", "chi_sim"], input: png.stdoutData)
        let read = ocr.stdout.filter { !$0.isWhitespace }
        let expected = Array(SampleInvoices.chineseSellerName)
        let found = expected.filter { read.contains($0) }
        #expect(found.count == expected.count, "tesseract read \"\(read)\"")
    }

    @Test func commercialInvoiceDrawsEveryCharacterOfTheChineseNameWithAnEmbeddedGlyph() throws {
        let pdf = try SampleInvoices.renderer("commercial-invoice").render(SampleInvoices.crossBorder(lines: 2))
        let folder = ScratchFolder()
        let file = folder.write("fonts.pdf", pdf)
        let fonts = try CLI.runTool("/usr/bin/pdffonts", [file.path]).stdout
        // Every font is an embedded subset (emb = yes, sub = yes) with a ToUnicode map (uni = yes).
        let rows = fonts.split(separator: "\n").dropFirst(2)
        #expect(rows.count >= 3)
        #expect(rows.allSatisfy { $0.contains("CID TrueType") && $0.contains("yes yes yes") })
        #expect(rows.contains { $0.contains("WenQuanYi") })
        let text = try CLI.runTool("/usr/bin/pdftotext", [file.path, "-"]).stdout
        #expect(text.contains(SampleInvoices.chineseSellerName))
    }

    @Test func missingFontIsReportedWithItsPath() throws {
        let fonts = FontSet(regular: [FontSet.Face(path: "/nonexistent/Regular.ttf")], bold: FontSet.system.bold)
        let renderer = InvoiceRenderer(template: try SampleInvoices.catalog.template(named: "commercial-invoice"), fonts: fonts)
        #expect {
            _ = try renderer.render(SampleInvoices.crossBorder(lines: 1))
        } throws: { error in
            String(describing: error).contains("/nonexistent/Regular.ttf")
        }
    }
}

@Suite struct TemplateImageTests {
    /// A 2×2 red PNG (RGB, 8 bits), its chunks and CRCs computed once by hand with zlib.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xFD, 0xD4, 0x9A,
        0x73, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
        0x44, 0x0C, 0x10, 0x0A, 0x00, 0x1F, 0xEE, 0x03, 0xFD, 0x8B, 0x5F, 0x14, 0xD4, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    @Test func logoNamedByTheTemplateIsPlacedAsAnImage() throws {
        let folder = ScratchFolder()
        try Data(Self.png).write(to: folder.url.appendingPathComponent("logo.png"))
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <template xmlns="urn:faktura:template:1" name="logo">
              <page size="A4"/>
              <body>
                <image src="logo.png" width="60" height="30" align="right"/>
                <text>{seller.name}</text>
              </body>
            </template>
            """
        let template = try SampleInvoices.catalog.parse(Data(xml.utf8), source: "logo.xml", baseDirectory: folder.url)
        let pdf = try InvoiceRenderer(template: template).render(SampleInvoices.crossBorder(lines: 1))
        let file = folder.write("logo.pdf", pdf)
        let images = try CLI.runTool("/usr/bin/pdfimages", ["-list", file.path])
        #expect(images.stdout.split(separator: "\n").count == 3, "\(images.stdout)")
        #expect(try CLI.runTool("/usr/bin/qpdf", ["--check", file.path]).status == 0)
    }

    @Test func imageThatIsNotPNGOrJPEGIsRefusedWithTheTemplateLine() throws {
        let folder = ScratchFolder()
        try Data("not an image".utf8).write(to: folder.url.appendingPathComponent("logo.png"))
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <template xmlns="urn:faktura:template:1" name="logo">
              <page size="A4"/>
              <body>
                <image src="logo.png" width="60" height="30"/>
              </body>
            </template>
            """
        #expect {
            _ = try SampleInvoices.catalog.parse(Data(xml.utf8), source: "logo.xml", baseDirectory: folder.url)
        } throws: { error in
            guard case let RenderError.template(_, line, element, _) = error else { return false }
            return line == 5 && element == "image"
        }
    }

    @Test func damagedPNGIsRefusedBeforeLibharuCanAbortOnIt() throws {
        let folder = ScratchFolder()
        var damaged = Self.png
        damaged[40] ^= 0xFF  // inside IDAT: the CRC no longer matches
        try Data(damaged).write(to: folder.url.appendingPathComponent("bad.png"))
        try Data(Self.png.prefix(8) + Array(repeating: 0x42, count: 40)).write(to: folder.url.appendingPathComponent("junk.png"))
        for name in ["bad.png", "junk.png"] {
            let xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <template xmlns="urn:faktura:template:1" name="logo">
                  <page size="A4"/>
                  <body><image src="\(name)" width="60" height="30"/></body>
                </template>
                """
            #expect {
                _ = try SampleInvoices.catalog.parse(Data(xml.utf8), source: "logo.xml", baseDirectory: folder.url)
            } throws: { error in
                guard case let RenderError.template(_, line, element, message) = error else { return false }
                return line == 4 && element == "image" && message.contains(name)
            }
        }
        #expect(PNGCheck.problem(Self.png) == nil)
    }

    @Test func damagedJPEGBecomesARenderErrorThroughLibharusErrorHandler() throws {
        let folder = ScratchFolder()
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x00, count: 60)).write(to: folder.url.appendingPathComponent("bad.jpg"))
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <template xmlns="urn:faktura:template:1" name="logo">
              <page size="A4"/>
              <body><image src="bad.jpg" width="60" height="30"/></body>
            </template>
            """
        let template = try SampleInvoices.catalog.parse(Data(xml.utf8), source: "logo.xml", baseDirectory: folder.url)
        #expect {
            _ = try InvoiceRenderer(template: template).render(SampleInvoices.crossBorder(lines: 1))
        } throws: { error in
            guard case let RenderError.image(path, _) = error else { return false }
            return path.hasSuffix("bad.jpg")
        }
    }
}

@Suite struct OverlongContentTests {
    @Test func textTallerThanAPageContinuesOnTheNextPageInsteadOfRunningOffIt() throws {
        var invoice = SampleInvoices.crossBorder(lines: 1)
        invoice.buyer.address = (1...400).map { "Street \($0)," }.joined(separator: " ") + " END-OF-ADDRESS"
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <template xmlns="urn:faktura:template:1" name="long">
              <page size="A5" margin="30"/>
              <body><text size="12">{buyer.address}</text></body>
              <footer>page {page} of {pages}</footer>
            </template>
            """
        let template = try SampleInvoices.catalog.parse(Data(xml.utf8), source: "long.xml")
        let folder = ScratchFolder()
        let file = folder.write("long-text.pdf", try InvoiceRenderer(template: template).render(invoice))
        let text = try CLI.runTool("/usr/bin/pdftotext", [file.path, "-"]).stdout
        #expect(text.contains("END-OF-ADDRESS"))
        #expect(text.contains("Street 400,"))
        #expect(text.contains("page 3 of"))
    }
}
