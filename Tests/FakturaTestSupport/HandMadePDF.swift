public import Foundation

/// PDFs written by hand, byte for byte, for tests that need a PDF no tool would make (or one
/// smaller and faster than a tool's): objects numbered from 1 and a classic cross-reference
/// table whose offsets are right.
public enum HandMadePDF {
    /// A PDF of `objects` (numbered from 1); `trailer` is added to the trailer dictionary.
    public static func document(_ objects: [String], trailer: String = "", header: String = "%PDF-1.4\n") -> Data {
        var text = header
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(index + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { text += String(format: "%010d 00000 n \n", offset) }
        text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R \(trailer) >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(text.utf8)
    }

    /// A valid one-page PDF showing `text` in Helvetica; `padding` adds a stream of that many
    /// bytes, to make large files.
    public static func page(text: String, padding: Int = 0) -> Data {
        let content = "BT /F1 12 Tf 72 720 Td (\(text)) Tj ET"
        var objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        if padding > 0 {
            let filler = String(repeating: "%", count: padding)
            objects.append("<< /Length \(filler.utf8.count) >>\nstream\n\(filler)\nendstream")
        }
        return document(objects)
    }
}
