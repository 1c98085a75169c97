import Foundation
private import CTesseract

/// Reads the words of a rendered page with Tesseract (C API), with each word's confidence.
///
/// One engine per process: loading the three languages costs about half a second, so the PDF
/// reader process keeps it for its life. Not thread-safe; the reader process is single-threaded.
final class TesseractOCR {
    /// Russian, Simplified Chinese and English: the languages of Faktura's sellers and buyers.
    static let languages = "rus+chi_sim+eng"

    enum Failure: Error, CustomStringConvertible {
        case notInstalled(String)
        case recognitionFailed

        var description: String {
            switch self {
            case .notInstalled(let languages):
                "Tesseract cannot load the languages \(languages); install tesseract-ocr-rus, tesseract-ocr-chi-sim and tesseract-ocr-eng"
            case .recognitionFailed: "Tesseract could not recognise the page"
            }
        }
    }

    private let api: OpaquePointer
    private static let rules = CharacterSet(charactersIn: "|¦[]{}_").union(.whitespacesAndNewlines)

    init() throws(Failure) {
        guard let api = TessBaseAPICreate() else { throw .notInstalled(Self.languages) }
        guard TessBaseAPIInit3(api, nil, Self.languages) == 0 else {
            TessBaseAPIDelete(api)
            throw .notInstalled(Self.languages)
        }
        // Invoices are blocks of text and tables: automatic page segmentation.
        TessBaseAPISetPageSegMode(api, PSM_AUTO)
        self.api = api
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    /// The words on the bitmap, boxes converted to points of a page `pageWidth` points wide.
    func words(in bitmap: GreyBitmap) throws(Failure) -> [PDFTextWord] {
        let scale = Float(72 / bitmap.dpi)
        let recognised: Int32 = bitmap.pixels.withUnsafeBufferPointer { pixels in
            TessBaseAPISetImage(api, pixels.baseAddress, Int32(bitmap.width), Int32(bitmap.height), 1, Int32(bitmap.width))
            TessBaseAPISetSourceResolution(api, Int32(bitmap.dpi))
            return TessBaseAPIRecognize(api, nil)
        }
        guard recognised == 0 else { throw .recognitionFailed }
        var words: [PDFTextWord] = []
        guard let iterator = TessBaseAPIGetIterator(api) else { return words }
        defer { TessResultIteratorDelete(iterator) }
        let page = TessResultIteratorGetPageIteratorConst(iterator)
        // A scan is seldom straight: the word boxes are turned by Tesseract's deskew angle so
        // that the words of one line share a height again.
        var orientation = ORIENTATION_PAGE_UP, direction = WRITING_DIRECTION_LEFT_TO_RIGHT
        var order = TEXTLINE_ORDER_TOP_TO_BOTTOM, angle: Float = 0
        TessPageIteratorOrientation(TessResultIteratorGetPageIterator(iterator), &orientation, &direction, &order, &angle)
        // Tesseract gives the angle the text lines are turned by; the boxes are turned back.
        let cosine = cos(-angle), sine = sin(-angle)
        repeat {
            guard let cText = TessResultIteratorGetUTF8Text(iterator, RIL_WORD) else { continue }
            let text = String(cString: cText)
            TessDeleteText(cText)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            // Table rules read as "|" (alone or stuck to a word): they are no text.
            let cleaned = text.trimmingCharacters(in: Self.rules)
            guard !cleaned.isEmpty, TessPageIteratorBoundingBox(page, RIL_WORD, &left, &top, &right, &bottom) != 0 else { continue }
            let centerX = Float(left + right) / 2, centerY = Float(top + bottom) / 2
            let halfWidth = Float(right - left) / 2, halfHeight = Float(bottom - top) / 2
            let x = centerX * cosine - centerY * sine, y = centerX * sine + centerY * cosine
            words.append(PDFTextWord(text: cleaned, x0: (x - halfWidth) * scale, y0: (y - halfHeight) * scale,
                                     x1: (x + halfWidth) * scale, y1: (y + halfHeight) * scale,
                                     confidence: TessResultIteratorConfidence(iterator, RIL_WORD)))
        } while TessResultIteratorNext(iterator, RIL_WORD) != 0
        TessBaseAPIClear(api)
        return words
    }
}
