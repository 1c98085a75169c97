/// What reading one untrusted PDF may cost before it is given up (a finding, not a hang).
///
/// poppler has no budget of its own, so PDFs are read in separate reader processes: the
/// memory limit is the process's `RLIMIT_DATA`, the time limits are watched by the auditing
/// process, which kills a reader that exceeds them. CPU time is the budget (a loaded machine
/// does not make a clean PDF fail); wall time is only a backstop for a reader that stalls.
public struct PDFReadBudget: Sendable, Hashable {
    /// CPU seconds for opening the PDF and reading the text of all its pages.
    public var cpuSeconds: Double
    /// Extra CPU seconds for each image-only page read by OCR.
    public var ocrCPUSecondsPerPage: Double
    /// Image-only pages read by OCR at most; further ones are left unread (and reported).
    public var maxOCRPages: Int
    /// Pixels an image on a page read by OCR may claim (its `/Width` × `/Height`, or its JBIG2 or
    /// JPEG 2000 header's size): poppler decodes an image whole before it draws it, so a page
    /// with a larger one is not rendered (and is reported). An A4 page scanned at 1200 dpi is
    /// 140 million pixels.
    public var maxImagePixels: Int
    /// Memory (data segment) of the reader process, in bytes.
    public var memoryBytes: Int
    /// Wall-clock time allowed, as a multiple of the CPU budget (backstop for a stalled reader).
    public var wallFactor: Double

    public init(cpuSeconds: Double = 3, ocrCPUSecondsPerPage: Double = 60, maxOCRPages: Int = 10,
                maxImagePixels: Int = 150_000_000, memoryBytes: Int = 1 << 30, wallFactor: Double = 10) {
        self.cpuSeconds = cpuSeconds
        self.ocrCPUSecondsPerPage = ocrCPUSecondsPerPage
        self.maxOCRPages = maxOCRPages
        self.maxImagePixels = maxImagePixels
        self.memoryBytes = memoryBytes
        self.wallFactor = wallFactor
    }

    /// The defaults: 3 s CPU per document, 60 s CPU per OCR page, 10 OCR pages, images of at most
    /// 150 million pixels on them, 1 GiB.
    public static let standard = PDFReadBudget()
}
