/// An image a PDF holds (an image XObject, by its object number) and the largest pixel size
/// it claims: in its dictionary (`/Width`, `/Height`) or in its encoded data's own header.
struct PDFImageClaim: Sendable, Hashable {
    var object: Int
    var width: Int
    var height: Int
    /// Where the size was read, for messages: "its dictionary", "its JBIG2 header", ...
    var origin: String

    /// width × height (saturating: a hostile size must not trap).
    var pixels: Int { ImageCodestreamHeader.pixels((width, height)) }
}
