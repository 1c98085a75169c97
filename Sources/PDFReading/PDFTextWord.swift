/// A word on a PDF page with its box in points (origin top left, y down, as poppler gives it).
/// Words read by OCR carry Tesseract's confidence (0...100); words from the PDF's text have none.
public struct PDFTextWord: Sendable, Hashable {
    public var text: String
    public var x0: Float
    public var y0: Float
    public var x1: Float
    public var y1: Float
    /// OCR confidence in percent; nil for text the PDF itself carries (exact).
    public var confidence: Float?

    public init(text: String, x0: Float, y0: Float, x1: Float, y1: Float, confidence: Float? = nil) {
        self.text = text
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
        self.confidence = confidence
    }

    public var height: Float { max(y1 - y0, 1) }
    public var centerX: Float { (x0 + x1) / 2 }
    public var centerY: Float { (y0 + y1) / 2 }
}
