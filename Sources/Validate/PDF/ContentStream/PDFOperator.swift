/// A content-stream operator (`Tj`, `BT`, `cm`...), its up to four bytes packed for a quick switch.
struct PDFOperator: Hashable, Sendable {
    let code: UInt32

    init(code: UInt32) { self.code = code }

    init(_ text: StaticString) {
        var code: UInt32 = 0
        text.withUTF8Buffer { for byte in $0 { code = code << 8 | UInt32(byte) } }
        self.code = code
    }

    static let beginText = PDFOperator("BT"), endText = PDFOperator("ET")
    static let font = PDFOperator("Tf"), moveText = PDFOperator("Td"), moveTextSettingLeading = PDFOperator("TD")
    static let textMatrix = PDFOperator("Tm"), nextLine = PDFOperator("T*")
    static let showText = PDFOperator("Tj"), showTextArray = PDFOperator("TJ")
    static let nextLineShowText = PDFOperator("'"), nextLineSpacedShowText = PDFOperator("\"")
    static let charSpacing = PDFOperator("Tc"), wordSpacing = PDFOperator("Tw"), horizontalScaling = PDFOperator("Tz")
    static let leading = PDFOperator("TL"), rise = PDFOperator("Ts"), renderMode = PDFOperator("Tr")
    static let save = PDFOperator("q"), restore = PDFOperator("Q"), concatMatrix = PDFOperator("cm")
    static let drawObject = PDFOperator("Do"), beginInlineImage = PDFOperator("BI")
    static let type3Width = PDFOperator("d0"), type3WidthAndBox = PDFOperator("d1")
}
