import FakturaXML
import Foundation

/// The shared-string table of a workbook (`xl/sharedStrings.xml`), kept as one byte buffer plus
/// offsets: a million distinct strings cost their UTF-8 bytes and 4 bytes each, not a Swift
/// string object apiece.
struct XLSXSharedStrings {
    private var bytes: [UInt8] = []
    private var ends: [UInt32] = []

    /// Budgets: a real export's table is far below both.
    static let maxCount = 5_000_000
    static let maxBytes = 256 << 20

    init() {}

    /// Reads the table; rich-text runs are joined, phonetic guides (`rPh`) left out.
    init(xml: Data, source: String) throws(ExportReadError) {
        let reader: XMLPullReader
        do {
            reader = try XMLPullReader(data: xml, source: source)
        } catch {
            throw .workbook(file: source, message: "the shared strings cannot be read: \(error)")
        }
        var current: [UInt8] = []
        var inText = false
        var phoneticDepth = 0
        do {
            while try reader.read() {
                switch reader.kind {
                case .element:
                    if reader.isNamed("si") {
                        current.removeAll(keepingCapacity: true)
                        if reader.isEmptyElement { try append(current, source: source) }
                    } else if reader.isNamed("rPh") {
                        if !reader.isEmptyElement { phoneticDepth += 1 }
                    } else if reader.isNamed("t") {
                        inText = !reader.isEmptyElement
                    }
                case .text:
                    if inText, phoneticDepth == 0 { current.append(contentsOf: reader.value.utf8) }
                case .endElement:
                    if reader.isNamed("t") {
                        inText = false
                    } else if reader.isNamed("rPh") {
                        phoneticDepth = max(0, phoneticDepth - 1)
                    } else if reader.isNamed("si") {
                        try append(current, source: source)
                    }
                case .other:
                    break
                }
            }
        } catch let error as ExportReadError {
            throw error
        } catch {
            throw .workbook(file: source, message: "the shared strings are not readable XML: \(error)")
        }
    }

    private mutating func append(_ text: [UInt8], source: String) throws(ExportReadError) {
        guard ends.count < Self.maxCount else {
            throw .workbook(file: source, message: "more than \(Self.maxCount) shared strings, the limit for an export")
        }
        guard bytes.count + text.count <= Self.maxBytes else {
            throw .workbook(file: source, message: "the shared strings hold more than \(Self.maxBytes >> 20) MiB of text, the limit for an export")
        }
        bytes.append(contentsOf: text)
        ends.append(UInt32(bytes.count))
    }

    var count: Int { ends.count }

    /// The string at `index`, or nil when there is none.
    subscript(index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : Int(ends[index - 1])
        let end = Int(ends[index])
        return bytes[start..<end].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }
}
