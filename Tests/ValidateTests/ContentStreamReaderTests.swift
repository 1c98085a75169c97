import FakturaTestSupport
import Foundation
import InvoiceModel
import PDFRender
import Testing
@testable import PDFReading
@testable import Validate

/// The direct content-stream reader is a fast path in front of poppler: on every text PDF of
/// the repository it either declines or gives words that make the same lines and the same
/// invoice facts as poppler's.
@Suite("Content-stream reader: poppler's words, or a decline")
struct ContentStreamReaderTests {
    /// Every PDF the repository holds or renders, by a name for the messages (built once).
    static func corpus() throws -> [(name: String, data: Data)] { try builtCorpus.get() }

    private static let builtCorpus = Result { try buildCorpus() }

    private static func buildCorpus() throws -> [(name: String, data: Data)] {
        var result: [(String, Data)] = []
        let fixtures = try Samples.fixture("third-party").deletingLastPathComponent()
        // world/pdf: the committed sample of the corpus of other engines' invoices (every engine,
        // every language and number format of tools/corpus).
        for folder in ["", "third-party", "hostile", "world/pdf"] {
            let url = fixtures.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() where name.hasSuffix(".pdf") {
                result.append(("\(folder.isEmpty ? "" : folder + "/")\(name)", try Data(contentsOf: url.appendingPathComponent(name))))
            }
        }
        let examples = CLI.repositoryRoot.appendingPathComponent("examples/erp-export/pdf")
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path).sorted() where name.hasSuffix(".pdf") {
            result.append(("examples/\(name)", try Data(contentsOf: examples.appendingPathComponent(name))))
        }
        for template in ["commercial-invoice", "ru-schet-faktura"] {
            for (label, invoice) in [("ru", Samples.russianInvoice), ("cn", Samples.chineseInvoice), ("cross-border", Samples.crossBorder(lines: 40))] {
                let pdf = try InvoiceRenderer(template: try TemplateCatalog.builtIn(named: template)).render(invoice)
                result.append(("rendered \(template) \(label)", pdf))
            }
        }
        // Faktura's own PDFs decline for their embedded invoice.xml; with the name tree's key renamed
        // (same length, offsets unchanged) neither reader sees it and both read the text libharu drew.
        for (name, data) in result where name.hasPrefix("rendered") || name.hasPrefix("examples/") {
            result.append(("\(name) (embedded file hidden)", hidingEmbeddedFiles(data)))
        }
        return result
    }

    static func hidingEmbeddedFiles(_ data: Data) -> Data {
        var bytes = [UInt8](data)
        let key = Array("/EmbeddedFiles".utf8)
        var index = 0
        while index + key.count <= bytes.count {
            if bytes[index] == key[0], Array(bytes[index..<index + key.count]) == key { bytes[index + key.count - 1] = UInt8(ascii: "z") }
            index += 1
        }
        return Data(bytes)
    }

    static func popplerPages(_ data: Data) -> [PDFPageText]? {
        guard let document = try? PDFReading.PDFDocument(data: data, source: "") else { return nil }
        return document.pageTexts()
    }

    static func lineTexts(_ pages: [PDFPageText]) -> [[String]] {
        pages.map { TextLine.lines(of: $0).map(\.text) }
    }

    /// The facts the audit compares, as text (InvoiceTableRow and the readings are compared field by field).
    static func facts(_ pages: [PDFPageText]) -> [String] {
        let reading = PDFInvoiceReading(pages: pages)
        return ["rows \(reading.tableRows)", "totals \(reading.totals)", "tax ids \(reading.taxIds.map(\.value))",
                "hs \(reading.hsCodes)", "vat \(reading.vatRates)", "postings \(reading.postingNumbers)",
                "orders \(reading.orderNumbers)", "amounts \(reading.amounts)", "missing \(reading.missingFields)"]
    }

    /// Every PDF the fast path reads gives poppler's lines and facts: the world sample holds every
    /// engine of tools/corpus (LibreOffice's `# / №` that poppler prints `#/№`, xhtml2pdf's cells
    /// that poppler glues or parts by its page layout: read alike, or declined).
    @Test func fastPathGivesPopplersLinesAndFactsOrDeclines() throws {
        var read: [String] = []
        for (name, data) in try Self.corpus() {
            guard let fast = PDFContentStreamReader.pageTexts(data) else { continue }
            read.append(name)
            let poppler = try #require(Self.popplerPages(data), "\(name): the fast path read a PDF poppler cannot open")
            Self.compare(name, fast, poppler)
        }
        #expect(!read.isEmpty)
        #expect(read.filter { $0.hasPrefix("world/") }.count >= 25, "the world sample's text PDFs: \(read)")
    }

    static func compare(_ name: String, _ fast: [PDFPageText], _ poppler: [PDFPageText]) {
        #expect(fast.count == poppler.count, "\(name): pages")
        let fastLines = Self.lineTexts(fast), popplerLines = Self.lineTexts(poppler)
        for page in 0..<min(fastLines.count, popplerLines.count) where fastLines[page] != popplerLines[page] {
            let differing = zip(fastLines[page], popplerLines[page]).filter { $0 != $1 }.prefix(3)
            Issue.record("\(name) page \(page + 1): \(fastLines[page].count) lines vs poppler's \(popplerLines[page].count); first differences \(Array(differing))")
        }
        #expect(Self.facts(fast) == Self.facts(poppler), "\(name): facts")
        for (fastPage, popplerPage) in zip(fast, poppler) {
            #expect(fastPage.width == popplerPage.width && fastPage.height == popplerPage.height, "\(name): page size")
        }
    }

    /// A PDF the fast path reads and says draws no image is one on whose pages poppler's image
    /// mapping finds none: the reading for scanned pages, skipped for it, would read nothing by
    /// OCR. The scan under a garbled OCR layer is either left to poppler or said to draw one.
    @Test func noImagesOnlyWherePopplerFindsNone() throws {
        var imageFree = 0
        for (name, data) in try Self.corpus() {
            guard let fast = PDFContentStreamReader.pageTexts(bytes: [UInt8](data)) else { continue }
            let readout = try PDFReaderProcess.readInProcess(data)
            #expect(readout.drawsNoImages == !fast.mayDrawImages, "\(name): the reader's answer")
            guard !fast.mayDrawImages else { continue }
            imageFree += 1
            let document = try PDFReading.PDFDocument(data: data, source: name)
            for page in 0..<fast.pages.count {
                #expect(document.largestImageShare(page: page) == 0, "\(name) page \(page + 1): poppler finds an image")
            }
        }
        #expect(imageFree > 10)
        let scan = try Data(contentsOf: Samples.fixture("third-party/scan-garbled-ocr-layer.pdf"))
        #expect(PDFContentStreamReader.pageTexts(bytes: [UInt8](scan))?.mayDrawImages ?? true)
        #expect(try !PDFReaderProcess.readInProcess(scan).drawsNoImages)
    }

    /// The wire carries "no images" beside the embedded XML and the pages.
    @Test func theWireCarriesNoImages() throws {
        for (xml, noImages) in [(nil, true), (nil, false), (Data("<x/>".utf8), true), (Data("<x/>".utf8), false)] as [(Data?, Bool)] {
            var readout = PDFReadout(embeddedXML: xml, pages: [PDFPageText(width: 595, height: 842, words: [
                PDFTextWord(text: "Итого", x0: 1, y0: 2, x1: 3, y1: 4)])])
            readout.drawsNoImages = noImages
            let decoded = try #require(PDFReadout(readerWirePayload: readout.readerWirePayload))
            #expect(decoded == readout)
        }
        var payload = [UInt8](PDFReadout().readerWirePayload)
        payload[0] = 4  // an unknown flag
        #expect(PDFReadout(readerWirePayload: Data(payload)) == nil)
    }

    /// Samples the reader left to poppler before it worked out poppler's blocks
    /// (`PopplerLineLayout`), read alike: lines of one-character words whose space threshold
    /// depends on how far poppler's line runs (two Typst samples, an fpdf2 one), LibreOffice
    /// words a gap of one to 1.5 font sizes apart that one poppler line parts by a space, and a
    /// Chromium line whose words stand on neighbouring base lines of one block.
    @Test(arguments: ["world/pdf/3000010096-0028-2.pdf", "world/pdf/3000010168-0036-2.pdf", "world/pdf/3000010271-0019-1.pdf",
                      "world/pdf/3000010134-0038-3.pdf", "world/pdf/3000010224-0009-1.pdf", "world/pdf/3000010310-0038-3.pdf"])
    func layoutDependentLinesTakePopplersBlocks(name: String) throws {
        let data = try #require(try Self.corpus().first { $0.name == name }?.data, "\(name) is not in the corpus")
        let fast = try #require(PDFContentStreamReader.pageTexts(data), "\(name): \(PDFContentStreamReader.declineReason(data) ?? "")")
        Self.compare(name, fast, try #require(Self.popplerPages(data)))
    }

    @Test func fastPathReadsTheReportlabFpdf2AndLibreOfficeInvoices() throws {
        let read = try Self.corpus().filter { PDFContentStreamReader.pageTexts($0.data) != nil }.map(\.name)
        for name in ["third-party/reportlab-ru.pdf", "third-party/fpdf2-en.pdf", "third-party/libreoffice-zh.pdf",
                     "third-party/defect-vat.pdf", "third-party/wrapped-header-en.pdf", "third-party/wrapped-header-ru.pdf",
                     "other-tool-invoice.pdf", "rendered commercial-invoice cn (embedded file hidden)",
                     "rendered ru-schet-faktura ru (embedded file hidden)", "examples/0100000001-0001-1.pdf (embedded file hidden)"] {
            #expect(read.contains(name), "\(name) fell back to poppler; read directly: \(read)")
        }
    }

    @Test func declinesWhatPopplerMustRead() throws {
        let corpus = Dictionary(try Self.corpus().map { ($0.name, $0.data) }, uniquingKeysWith: { first, _ in first })
        // Embedded invoice.xml, an image-only scan, encryption, damage, a form-XObject bomb.
        for name in ["embedded-invoice.pdf", "third-party/scan-en.pdf", "encrypted.pdf", "truncated.pdf", "not-a-pdf.pdf",
                     "hostile/nested-forms.pdf", "hostile/flate-bomb.pdf", "rendered commercial-invoice ru"] {
            let data = try #require(corpus[name], "\(name) is not in the corpus")
            #expect(PDFContentStreamReader.pageTexts(data) == nil, "\(name)")
        }
    }
}
