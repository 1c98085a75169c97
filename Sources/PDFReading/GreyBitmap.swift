/// A page rendered to 8-bit grey pixels (0 black ... 255 white), row after row, for OCR.
struct GreyBitmap: Sendable {
    var width: Int
    var height: Int
    var pixels: [UInt8]
    /// Pixels per inch the page was rendered at (72 points to the inch).
    var dpi: Double
}
