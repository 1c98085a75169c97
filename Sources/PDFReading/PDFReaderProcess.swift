public import Foundation
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// The PDF reader process (`faktura-pdf-reader`): reads PDFs sent on standard input and answers
/// on standard output (``PDFReaderWire``), under the memory limit it is started with. It exists
/// so that a PDF that makes poppler or Tesseract loop, grow or crash costs one killed process
/// and a finding, never the audit.
public enum PDFReaderProcess {
    /// Serves requests until standard input closes. Arguments: `--memory BYTES --max-ocr-pages N
    /// --content-streams on|off --max-image-pixels N` (content streams off: every PDF to poppler).
    public static func serve(arguments: [String]) -> Never {
        var memory = PDFReadBudget.standard.memoryBytes
        var maxOCRPages = PDFReadBudget.standard.maxOCRPages
        var contentStreams = true
        var maxImagePixels = PDFReadBudget.standard.maxImagePixels
        var index = 0
        while index + 1 < arguments.count {
            switch arguments[index] {
            case "--memory": memory = Int(arguments[index + 1]) ?? memory
            case "--max-ocr-pages": maxOCRPages = Int(arguments[index + 1]) ?? maxOCRPages
            case "--content-streams": contentStreams = arguments[index + 1] != "off"
            case "--max-image-pixels": maxImagePixels = Int(arguments[index + 1]) ?? maxImagePixels
            default: break
            }
            index += 2
        }
        var limit = rlimit(rlim_cur: rlim_t(memory), rlim_max: rlim_t(memory))
        setrlimit(__rlimit_resource_t(RLIMIT_DATA.rawValue), &limit)
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)

        var ocr: TesseractOCR?
        var ocrFailure: TesseractOCR.Failure?
        while let request = readRequest() {
            let (mode, pdf) = request
            let answer: Data
            do {
                answer = try read(bytes: pdf, mode: mode, maxOCRPages: maxOCRPages, contentStreams: contentStreams,
                                  maxImagePixels: maxImagePixels,
                                  ocr: &ocr, ocrFailure: &ocrFailure)
            } catch {
                let kind: UInt8
                switch error {
                case .notPDF: kind = 1
                case .encrypted: kind = 2
                default: kind = 3
                }
                var payload = Data([kind])
                payload.append(contentsOf: Array(error.detail.utf8))
                answer = PDFReaderWire.frame(PDFReaderWire.Kind.failed.rawValue, payload)
            }
            write(answer)
        }
        exit(0)
    }

    /// What a reader process answers for `pdf` in `.embeddedOrText` mode, computed in this
    /// process with no budget and no OCR: the reader's own code (and its wire format) for
    /// libFuzzer, which needs the code in-process to see its coverage. Untrusted PDFs are read
    /// through ``PDFReaderPool``, never with this.
    public static func readInProcess(_ pdf: Data, contentStreams: Bool = true) throws(PDFReadError) -> PDFReadout {
        var ocr: TesseractOCR?
        var ocrFailure: TesseractOCR.Failure?
        let answer = try read(bytes: [UInt8](pdf), mode: .embeddedOrText, maxOCRPages: 0, contentStreams: contentStreams,
                              maxImagePixels: 0,
                              ocr: &ocr, ocrFailure: &ocrFailure)
        do {
            return try PDFReaderWire.decode(answer.dropFirst(5))
        } catch {
            throw .damaged("", reason: "the PDF reader's answer was cut short")
        }
    }

    /// What the reader process says before OCR about the first `pages` pages of `pdf` whose
    /// images claim more than `maxImagePixels` (the check that runs before poppler decodes an
    /// image), computed in this process from the bytes alone: for libFuzzer and tests.
    public static func ocrImageRefusals(_ pdf: Data, pages: Int, maxImagePixels: Int) -> [String] {
        let claims = PDFImageClaims(bytes: [UInt8](pdf))
        return (0..<max(0, pages)).compactMap { claims.refusal(page: $0, maxPixels: maxImagePixels) }
    }

    /// One PDF's answer frame: the embedded XML, or the pages' words (image-only pages by OCR).
    private static func read(bytes: [UInt8], mode: PDFReaderWire.Mode, maxOCRPages: Int, contentStreams: Bool,
                             maxImagePixels: Int, ocr: inout TesseractOCR?,
                             ocrFailure: inout TesseractOCR.Failure?) throws(PDFReadError) -> Data {
        // The fast path: a simple text PDF (no embedded files, every page with text) is read from
        // its content streams at a fraction of poppler's cost; anything else declines to poppler.
        if mode == .embeddedOrText, contentStreams, let read = PDFContentStreamReader.pageTexts(bytes: bytes) {
            var readout = PDFReadout(pages: read.pages)
            readout.drawsNoImages = !read.mayDrawImages
            return PDFReaderWire.readoutFrame(readout)
        }
        let document = try PDFDocument(data: Data(bytes), source: "")
        if mode == .embeddedOrText, let xml = document.attachment(named: PDFReadout.embeddedFileName) {
            return PDFReaderWire.readoutFrame(PDFReadout(embeddedXML: xml))
        }
        var readout = PDFReadout(pages: document.pageTexts())
        var imageOnly = readout.pages.indices.filter { readout.pages[$0].words.isEmpty }
        // A scan under an invisible OCR layer of another program (asked for when that layer gave
        // no goods table and no total): the pages that are one big image are read by our OCR.
        if mode == .ocrScannedPages {
            imageOnly = readout.pages.indices.filter { imageOnly.contains($0) || document.largestImageShare(page: $0) > 0.5 }
        }
        let chosen = imageOnly.prefix(maxOCRPages)
        readout.pagesNotRead = imageOnly.count - chosen.count
        // Each page's images are held to the pixel budget by the sizes they claim, before poppler
        // decodes one (it decodes an image whole, and cannot be interrupted while it does).
        let claims = chosen.isEmpty ? nil : PDFImageClaims(bytes: bytes)
        var toRead: [Int] = []
        for page in chosen {
            if let refusal = claims?.refusal(page: page, maxPixels: maxImagePixels) {
                readout.ocrRefusals.append(refusal)
            } else {
                toRead.append(page)
            }
        }
        if !toRead.isEmpty {
            // Tell the auditing process first: OCR pages have a budget of their own.
            var payload = Data()
            PDFReaderWire.appendUInt32(&payload, UInt32(toRead.count))
            write(PDFReaderWire.frame(PDFReaderWire.Kind.ocrStarted.rawValue, payload))
            if ocr == nil && ocrFailure == nil {
                do { ocr = try TesseractOCR() } catch { ocrFailure = error }
            }
            if let ocrFailure { throw .damaged("", reason: ocrFailure.description) }
            for page in toRead {
                guard let bitmap = document.greyBitmap(page: page, dpi: 300, maxPixels: 40_000_000) else {
                    readout.ocrRefusals.append("page \(page + 1) was not read by OCR: poppler could not render it")
                    continue
                }
                guard let words = try? ocr?.words(in: bitmap) else {
                    readout.ocrRefusals.append("page \(page + 1) was not read by OCR: \(TesseractOCR.Failure.recognitionFailed)")
                    continue
                }
                readout.pages[page].words = words
                readout.pages[page].fromOCR = true
            }
        }
        return PDFReaderWire.readoutFrame(readout)
    }

    private static func readRequest() -> (PDFReaderWire.Mode, [UInt8])? {
        guard let header = readExactly(5), let mode = PDFReaderWire.Mode(rawValue: header[0]) else { return nil }
        let count = Int(header[1]) | Int(header[2]) << 8 | Int(header[3]) << 16 | Int(header[4]) << 24
        guard let body = readExactly(count) else { return nil }
        return (mode, body)
    }

    private static func readExactly(_ count: Int) -> [UInt8]? {
        (try? DescriptorIO.read(from: 0, exactly: count)) ?? nil
    }

    private static func write(_ data: Data) {
        // The pool is gone: nobody is left to answer.
        do { try DescriptorIO.write(data, to: 1) } catch { exit(1) }
    }
}
