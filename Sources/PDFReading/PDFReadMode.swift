/// What a reader process is asked to read in a PDF.
public enum PDFReadMode: UInt8, Sendable {
    /// The embedded `invoice.xml` if the PDF has one, else the pages' words.
    case embeddedOrText = 0
    /// The pages' words only.
    case text = 1
    /// The pages' words, and OCR for every page that is one big image even when it has a
    /// text layer (asked when that layer gave no table and no total).
    case ocrScannedPages = 2
}
