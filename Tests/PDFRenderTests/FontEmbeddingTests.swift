import Foundation
import Testing
@testable import PDFRender

@Suite struct FontEmbeddingTests {
    static func chain(_ fonts: [TrueTypeFont], slots: [Int]) -> FontChain { FontChain(fonts: fonts, slots: slots) }

    /// A one-page PDF with `text` drawn in the system fonts.
    static func pdf(_ lines: [String]) throws -> [UInt8] {
        let faces = FontSet.system.regular
        let fonts = try faces.map { try FontCache.font($0) }
        let chain = FontChain(fonts: fonts, slots: Array(fonts.indices))
        let documentFonts = DocumentFonts(fonts: fonts)
        var canvas = PageCanvas(width: 595, height: 842)
        for (index, line) in lines.enumerated() {
            canvas.text(line, x: 40, y: 800 - Double(index) * 20, size: 12, chain: chain, fonts: documentFonts)
        }
        canvas.line(from: (40, 700), to: (300, 700), width: 0.5)
        let subsets = documentFonts.subsets()
        canvas.resolveGlyphs(subsets.map(\.newIDTable))
        let document = try PDFDocument()
        try document.addPage(canvas)
        try document.embedFonts(subsets, used: documentFonts.used)
        try document.setInfo(title: "Тест", subject: "test", date: (2026, 11, 27))
        return try document.save()
    }

    @Test func mixedScriptTextIsExtractedAndPassesQpdf() throws {
        let text = "Invoice Счёт-фактура 深圳市示例科技有限公司 №42"
        let bytes = try Self.pdf([text])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-font-\(UUID().uuidString).pdf")
        try Data(bytes).write(to: url)
        if let keep = ProcessInfo.processInfo.environment["FAKTURA_KEEP_PDF"] { try Data(bytes).write(to: URL(fileURLWithPath: keep)) }
        defer { try? FileManager.default.removeItem(at: url) }
        let check = try Tool.run("/usr/bin/qpdf", ["--check", url.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let extracted = try Tool.run("/usr/bin/pdftotext", [url.path, "-"])
        #expect(extracted.stderr.isEmpty, "\(extracted.stderr)")
        #expect(extracted.stdout.contains(text))
    }
}

/// Runs a real command-line tool (qpdf, poppler-utils, tesseract) and captures its output.
enum Tool {
    struct Output { let status: Int32; let stdout: String; let stderr: String; let data: Data }

    static func run(_ path: String, _ arguments: [String], input: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inPipe = Pipe()
        if input != nil { process.standardInput = inPipe }
        try process.run()
        if let input {
            inPipe.fileHandleForWriting.write(input)
            try inPipe.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so a chatty tool cannot block on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), data: outData)
    }
}
