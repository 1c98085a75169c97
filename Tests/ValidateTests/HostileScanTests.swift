import FakturaTestSupport
import Foundation
import Testing
@testable import ERPAudit
@testable import PDFReading
@testable import Validate

/// Scanned pages whose image claims 60,000 × 60,000 pixels (Fixtures/hostile,
/// make_hostile_pdfs.py; issue 28: 45 s and 1 GB for one page, no answer for ten): each page is
/// refused before poppler decodes its image, with a finding that names the page, the image and
/// the size it claims.
@Suite("Hostile scans: images over the OCR pixel budget")
struct HostileScanTests {
    /// Two CPU seconds for the document and one for each page OCR starts on: a page whose image
    /// were decoded (45 s) would run out of them, so a reading that ends shows none was.
    static let budget = PDFReadBudget(cpuSeconds: 2, ocrCPUSecondsPerPage: 1, wallFactor: 60)

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: try Samples.fixture("hostile/\(name)"))
    }

    static func read(_ name: String) throws -> PDFInvoiceReading {
        try PDFInvoiceReading.read(data: data(name), source: name, budget: budget)
    }

    static func refusal(page: Int, origin: String = "its dictionary") -> String {
        "page \(page) was not read by OCR: its image (object 4) claims 60000 × 60000 pixels in \(origin), over the budget of 150000000 pixels for an image on a scanned page"
    }

    @Test(.timeLimit(.minutes(10)))
    func aJBIG2PageClaimingSixtyThousandSquaredIsRefusedBeforeDecoding() throws {
        let reading = try Self.read("jbig2-giant.pdf")
        #expect(reading.ocrRefusals == [Self.refusal(page: 1)])
        #expect(!reading.fromOCR)
        var validator = InvoiceValidator(today: Samples.today)
        validator.pdfBudget = Self.budget
        let findings = validator.validate(pdfReading: .success(reading), source: "jbig2-giant.pdf").findings
        #expect(findings.contains { $0.code == .attachmentUnreadable && $0.message == Self.refusal(page: 1) }, "\(findings)")
    }

    @Test(.timeLimit(.minutes(10)))
    func tenSuchPagesAreTenRefusalsAndNoOCR() throws {
        let reading = try Self.read("jbig2-giant-ten-pages.pdf")
        #expect(reading.ocrRefusals == (1...10).map { Self.refusal(page: $0) })
        #expect(reading.pagesNotRead == 0)
    }

    @Test(.timeLimit(.minutes(10)))
    func aPDFWithoutCrossReferenceTableIsScannedForItsImagesAll() throws {
        // The direct reader's object file cannot open it; poppler repairs it; the scan finds the image.
        let reading = try Self.read("jbig2-giant-no-xref.pdf")
        #expect(reading.ocrRefusals == [Self.refusal(page: 1)])
    }

    @Test(.timeLimit(.minutes(10)))
    func theJBIG2HeaderCountsWhenTheDictionaryUnderstates() throws {
        let reading = try Self.read("jbig2-lying-dictionary.pdf")
        #expect(reading.ocrRefusals == [Self.refusal(page: 1, origin: "its JBIG2 header")])
    }

    @Test(.timeLimit(.minutes(10)))
    func aJPEG2000PageClaimingSixtyThousandSquaredIsRefused() throws {
        let reading = try Self.read("jpx-giant.pdf")
        #expect(reading.ocrRefusals == [Self.refusal(page: 1)])
    }

    /// The image stream of object 4 of a fixture.
    static func imageData(_ name: String) throws -> ArraySlice<UInt8> {
        let bytes = [UInt8](try data(name))
        let object = try #require(bytes.firstRange(of: Array("4 0 obj".utf8)))
        let start = try #require(bytes[object.upperBound...].firstRange(of: Array("stream\n".utf8))).upperBound
        let end = try #require(bytes[start...].firstRange(of: Array("\nendstream".utf8))).lowerBound
        return bytes[start..<end]
    }

    @Test func codestreamHeadersGiveTheSizeTheyClaim() throws {
        let jbig2 = try #require(ImageCodestreamHeader.jbig2Size(try Self.imageData("jbig2-giant.pdf")))
        #expect(jbig2.width == 60_000 && jbig2.height == 60_000)
        let jpx = try #require(ImageCodestreamHeader.jpxSize(try Self.imageData("jpx-giant.pdf")))
        #expect(jpx.width == 60_000 && jpx.height == 60_000)
        // Cut short anywhere, a header gives what it read or nothing, and never traps.
        let whole = try Self.imageData("jpx-giant.pdf")
        for end in whole.indices { _ = ImageCodestreamHeader.jpxSize(whole[whole.startIndex..<end]) }
        #expect(ImageCodestreamHeader.jbig2Size([]) == nil)
        #expect(ImageCodestreamHeader.pixels((Int.max / 2, 3)) == Int.max)
    }

    @Test func aPageLargerThanTheBitmapBudgetIsRenderedAtALowerResolution() throws {
        // A 200-inch square page: 3.6 billion pixels at 300 dpi.
        var pdf = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for body in ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>"] {
            offsets.append(pdf.count)
            pdf += Array("\(offsets.count) 0 obj\n\(body)\nendobj\n".utf8)
        }
        let xref = pdf.count
        pdf += Array("xref\n0 4\n0000000000 65535 f \n".utf8)
        for offset in offsets { pdf += Array(String(format: "%010d 00000 n \n", offset).utf8) }
        pdf += Array("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        let document = try PDFDocument(data: Data(pdf), source: "wide.pdf")
        let bitmap = try #require(document.greyBitmap(page: 0, dpi: 300, maxPixels: 4_000_000))
        #expect(bitmap.width * bitmap.height <= 4_000_000)
        #expect(bitmap.dpi < 10)
    }

    @Test(.timeLimit(.minutes(10)))
    func aReaderStillReadingAtTheCallersDeadlineIsStopped() throws {
        // Nested forms keep a reader busy for minutes of CPU; the budget allows an hour, so
        // only the deadline can end it.
        let patient = PDFReadBudget(cpuSeconds: 3600, wallFactor: 2)
        let data = try Data(contentsOf: try Samples.fixture("hostile/nested-forms.pdf"))
        let result = WorkDeadline.$current.withValue(ContinuousClock.now + .seconds(1)) {
            Result { () throws(PDFReadError) in try PDFInvoiceReading.read(data: data, source: "nested.pdf", budget: patient) }
        }
        guard case .failure(.overBudget(let source, let limit)) = result else {
            Issue.record("expected the deadline to stop the reader, got \(result)")
            return
        }
        #expect(source == "nested.pdf")
        #expect(limit == .deadline)
        // A deadline already past ends the next read before a reader is asked.
        let late = WorkDeadline.$current.withValue(ContinuousClock.now - .seconds(1)) {
            Result { () throws(PDFReadError) in try PDFInvoiceReading.read(data: data, source: "nested.pdf", budget: patient) }
        }
        guard case .failure(.overBudget(_, .deadline)) = late else {
            Issue.record("expected a deadline already past to end the read, got \(late)")
            return
        }
    }

    @Test func theDeadlineGoesWithBlockingWorkToItsThread() async {
        let deadline = ContinuousClock.now + .seconds(5)
        let seen = await WorkDeadline.$current.withValue(deadline) {
            await BlockingWork.run { WorkDeadline.current }
        }
        #expect(seen == deadline)
        #expect(await BlockingWork.run { WorkDeadline.current } == nil)
    }
}
