public import Foundation

extension PDFReadout {
    /// The payload a reader process sends for this readout (docs/third-party-pdfs.md), so that
    /// `faktura-bench pdf-facts` can time the wire on its own.
    public var readerWirePayload: Data { PDFReaderWire.encode(self) }

    /// Decodes a reader process's payload; nil when it is cut short or inconsistent.
    public init?(readerWirePayload: Data) {
        guard let readout = try? PDFReaderWire.decode(readerWirePayload) else { return nil }
        self = readout
    }
}
