// Fuzz harness: the check that holds a scanned page's images to the OCR pixel budget before
// poppler decodes them: the object scan, the image dictionary and the JBIG2 (first input byte
// even) or JPEG 2000 (odd) header of the image's data, taken from the input. Compiled alone
// into `fuzz-OCRImageHeader` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import PDFReading

enum OCRImageHeaderHarness {
    /// The budget of the standard reader.
    static let maxImagePixels = PDFReadBudget.standard.maxImagePixels

    /// A one-page scan whose image data is `data` after its first byte.
    static func pdf(_ data: Data) -> Data {
        let codec = data.first.map { $0 & 1 == 0 ? "JBIG2Decode" : "JPXDecode" } ?? "JBIG2Decode"
        let image = [UInt8](data.dropFirst())
        var out = Array("%PDF-1.7\n".utf8)
        var offsets: [Int] = []
        func object(_ body: [UInt8]) {
            offsets.append(out.count)
            out += Array("\(offsets.count) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        object(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        object(Array("<< /Type /Pages /Kids [4 0 R] /Count 1 >>".utf8))
        object(Array("<< /Type /XObject /Subtype /Image /Width 100 /Height 100 /BitsPerComponent 1 /Filter /\(codec) /Length \(image.count) >>\nstream\n".utf8)
               + image + Array("\nendstream".utf8))
        object(Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 3 0 R >> >> >>".utf8))
        let xref = out.count
        out += Array("xref\n0 5\n0000000000 65535 f \n".utf8)
        for offset in offsets { out += Array(String(format: "%010d 00000 n \n", offset).utf8) }
        out += Array("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return Data(out)
    }

    /// The refusal of the page, or what it was checked against when its image is within budget.
    static func run(_ data: Data) -> String? {
        PDFReaderProcess.ocrImageRefusals(pdf(data), pages: 1, maxImagePixels: maxImagePixels).first
            ?? "page 1: its image is within \(maxImagePixels) pixels"
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-OCRImageHeader` runs this harness under libFuzzer.
@main extension OCRImageHeaderHarness: LibFuzzerHarness {}
#endif
