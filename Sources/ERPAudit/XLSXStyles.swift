import FakturaXML
import Foundation

/// What the audit needs of a workbook's styles (`xl/styles.xml`): which cell formats show a
/// number as a date (so the serial number 45627 becomes 2024-12-01).
struct XLSXStyles {
    /// Per cell format (`s` attribute of a cell): true when it is a date or time format.
    private var dateFormats: [Bool] = []

    /// Excel's built-in date and time formats: 14–22 everywhere, 27–36 and 50–58 in the
    /// Chinese, Japanese and Korean locales, 45–47 minutes and seconds.
    static let builtInDateIDs: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)
    static let maxFormats = 100_000

    init() {}

    init(xml: Data, source: String) throws(ExportReadError) {
        var customDate: [Int: Bool] = [:]
        do {
            let reader = try XMLPullReader(data: xml, source: source)
            var inCellXfs = false
            while try reader.read() {
                switch reader.kind {
                case .element:
                    if reader.isNamed("numFmt"), let id = reader.attribute("numFmtId").flatMap({ Int($0) }) {
                        customDate[id] = Self.isDateFormatCode(reader.attribute("formatCode") ?? "")
                    } else if reader.isNamed("cellXfs") {
                        inCellXfs = !reader.isEmptyElement
                    } else if inCellXfs, reader.isNamed("xf") {
                        guard dateFormats.count < Self.maxFormats else {
                            throw ExportReadError.workbook(file: source, message: "more than \(Self.maxFormats) cell formats")
                        }
                        let id = reader.attribute("numFmtId").flatMap { Int($0) } ?? 0
                        dateFormats.append(customDate[id] ?? Self.builtInDateIDs.contains(id))
                    }
                case .endElement:
                    if reader.isNamed("cellXfs") { inCellXfs = false }
                default:
                    break
                }
            }
        } catch let error as ExportReadError {
            throw error
        } catch {
            throw .workbook(file: source, message: "the styles are not readable XML: \(error)")
        }
    }

    /// Whether cell format `index` shows dates.
    func isDate(_ index: Int) -> Bool {
        index >= 0 && index < dateFormats.count && dateFormats[index]
    }

    /// A custom number format shows a date or time when, outside quoted text, `[...]` sections
    /// and escaped characters, it uses y, m, d, h or s.
    static func isDateFormatCode(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for character in code {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            default:
                if !quoted, !bracket, "yYmMdDhHsS".contains(character) { return true }
            }
        }
        return false
    }
}
