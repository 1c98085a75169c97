/// The words of one PDF page, from its text or, for an image-only page, from OCR.
public struct PDFPageText: Sendable, Hashable {
    /// Page size in points.
    public var width: Float
    public var height: Float
    public var words: [PDFTextWord]
    /// Whether the words were read by OCR from the rendered page.
    public var fromOCR: Bool

    public init(width: Float, height: Float, words: [PDFTextWord], fromOCR: Bool = false) {
        self.width = width
        self.height = height
        self.words = words
        self.fromOCR = fromOCR
    }
}
