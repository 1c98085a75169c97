import Findings
public import Foundation

/// Reads a CSV export row by row (RFC 4180: quoted fields with `""` escapes and line
/// breaks inside quotes), in 1 MiB chunks so memory stays flat for any length of file.
///
/// - The separator (`,`, `;` or tab) is taken from the header line.
/// - The encoding (UTF-8, UTF-16, GB18030, Windows-1251, KOI8-R) is detected from the bytes or
///   given (``ExportEncoding``); the reader itself sees UTF-8 only.
/// - A row that cannot be read (wrong number of fields, text after a closing quote, a quote
///   never closed, undecodable text) becomes a ``MalformedRow`` naming its physical line,
///   and reading goes on with the next line, so one bad row never hides the rest.
public struct CSVExportReader: ExportReader {
    /// A single row longer than this is refused (a quote left open would otherwise swallow the file).
    public static let maxRowBytes = 1 << 20

    private var source: ChunkedFile
    private let mapping: ExportMapping
    private var decoder: ExportTextDecoder
    private var position = 0
    /// Physical line (1-based) of the byte at `position`.
    private var line = 1
    /// A row ended in `\r`; a `\n` right after it belongs to the same line break.
    private var pendingCR = false
    private(set) var delimiter: UInt8 = UInt8(ascii: ",")
    /// For each field of a row: the canonical column index, or -1 when not audited.
    private var columnOfField: [Int] = []
    private var postingField = 0
    /// The header as written, for messages.
    public private(set) var headers: [String] = []
    public private(set) var headerRow: ExportHeaderRow?

    // Field boundaries of the current row, relative to its first byte.
    private var fieldStarts: [Int] = []
    private var fieldEnds: [Int] = []
    private var fieldEscaped: [Bool] = []

    /// Opens the file and reads its header line (the encoding detected from the bytes).
    public init(url: URL, mapping: ExportMapping = .identity) throws(ExportReadError) {
        try self.init(source: ExportInput(path: url.path).textSource(encoding: nil), mapping: mapping)
    }

    /// Reads CSV text in `encoding` (nil: detected) from `bytes`: the entry point for tests and fuzzing.
    public init(bytes: [UInt8], encoding: ExportEncoding? = nil, mapping: ExportMapping = .identity,
                name: String = "<bytes>") throws(ExportReadError) {
        let detection: ExportEncoding.Detection
        if let encoding {
            detection = .init(encoding: encoding, bomLength: bytes.starts(with: encoding.byteOrderMark) ? encoding.byteOrderMark.count : 0)
        } else {
            switch ExportEncoding.detect(head: bytes, atEnd: true) {
            case .success(let found): detection = found
            case .failure(let undecided): throw .undecidedEncoding(file: name, tried: undecided.tried)
            }
        }
        var text = Array(bytes.dropFirst(detection.bomLength))
        if detection.encoding != .utf8 {
            guard let transcoder = IconvTranscoder(from: detection.encoding) else {
                throw .unsupportedEncoding(file: name, message: "this system's iconv cannot convert from \(detection.encoding.displayName)")
            }
            text = transcoder.convert(text, final: true)
        }
        try self.init(source: ChunkedFile(bytes: text, path: name, encoding: detection.encoding), mapping: mapping)
    }

    /// Reads UTF-8 chunks from `source` and its header line.
    init(source: ChunkedFile, mapping: ExportMapping) throws(ExportReadError) {
        self.source = source
        self.mapping = mapping
        decoder = ExportTextDecoder(encoding: source.encoding)
        try readHeader()
    }

    /// The separator the header line uses.
    public var separator: Character { Character(UnicodeScalar(delimiter)) }

    public mutating func next() throws(ExportReadError) -> ExportItem? {
        while true {
            switch try scanRow() {
            case .end:
                return nil
            case .blank:
                continue
            case let .failed(startLine, reason):
                return .malformed(MalformedRow(line: startLine, reason: reason))
            case let .row(startLine, rowStart):
                return makeItem(startLine: startLine, rowStart: rowStart)
            }
        }
    }

    // MARK: Header

    /// Reads the header line: the first line that names the posting column, among the first
    /// ``ExportHeader/maxTitleRows`` non-blank lines; the separator is the one that line uses.
    private mutating func readHeader() throws(ExportReadError) {
        if !source.atEnd { _ = try source.refill(keepingFrom: 0) }
        if source.buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        var titleRows: [ExportHeaderRow.TitleRow] = []
        var first: ExportHeader?
        while true {
            // The line must be in the buffer to count its separators.
            while !source.atEnd, !source.buffer[position...].contains(UInt8(ascii: "\n")),
                  source.buffer.count < Self.maxRowBytes {
                let dropped = try source.refill(keepingFrom: position)
                position -= dropped
            }
            delimiter = Self.detectDelimiter(source.buffer[position...])
            let startLine: Int, rowStart: Int
            switch try scanRow() {
            case .end:
                guard let first else { throw .noHeader(file: source.path) }
                _ = try first.checkedPostingField(file: source.path, mapping: mapping)
                throw .missingPostingColumn(file: source.path, headers: first.names.filter { !$0.isEmpty })
            case .blank: continue
            case let .failed(line, reason): throw .malformed(file: source.path, line: line, message: "header: \(reason.english)")
            case let .row(line, start): (startLine, rowStart) = (line, start)
            }
            var names: [String] = []
            for k in 0..<fieldStarts.count {
                guard let name = decodeField(k, rowStart: rowStart) else {
                    throw .malformed(file: source.path, line: startLine, message: "header field \(k + 1) is not text")
                }
                names.append(name.trimmingCharacters(in: .whitespaces))
            }
            let header = ExportHeader(names: names, mapping: mapping)
            if header.postingField == nil, titleRows.count < ExportHeader.maxTitleRows {
                if first == nil { first = header }
                titleRows.append(.init(line: startLine, text: names.filter { !$0.isEmpty }.joined(separator: " ")))
                continue
            }
            // No line names the posting column: the first line is the header the file lacks.
            let chosen = header.postingField == nil ? first ?? header : header
            postingField = try chosen.checkedPostingField(file: source.path, mapping: mapping)
            headers = chosen.names
            columnOfField = chosen.columnOfField
            headerRow = ExportHeaderRow(line: startLine, titleRows: titleRows)
            return
        }
    }

    static func detectDelimiter(_ bytes: ArraySlice<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { quoted.toggle(); continue }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if counts[byte] != nil { counts[byte]! += 1 }
        }
        let comma = counts[UInt8(ascii: ",")]!
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!
        return best.value > comma ? best.key : UInt8(ascii: ",")
    }

    // MARK: Rows

    private mutating func makeItem(startLine: Int, rowStart: Int) -> ExportItem {
        let count = fieldStarts.count
        var postingNumber: String?
        if postingField < count {
            postingNumber = decodeField(postingField, rowStart: rowStart)
        }
        guard count == columnOfField.count else {
            return .malformed(MalformedRow(
                line: startLine,
                reason: MessageText(count == 1 ? "row.fieldCountOne" : "row.fieldCount", [
                    "count": .data(String(count)), "header": .data(String(columnOfField.count)),
                    "separator": delimiter == 9 ? .key("row.separatorTab") : .data("'\(Character(UnicodeScalar(delimiter)))'"),
                ]),
                postingNumber: postingNumber))
        }
        var record = ExportRecord(line: startLine)
        for k in 0..<count {
            let column = columnOfField[k]
            guard column >= 0 else { continue }
            guard let text = decodeField(k, rowStart: rowStart) else {
                return .malformed(MalformedRow(
                    line: startLine,
                    reason: MessageText("row.invalidText", [
                        "field": .data(String(k + 1)), "header": .data(ExportTextDecoder.printable(headers[k])),
                        "encoding": .data(decoder.encoding.displayName),
                    ]),
                    postingNumber: postingNumber))
            }
            record.values[column] = text
        }
        return .record(record)
    }

    /// The text of field `k` of the current row, trimmed of spaces and tabs, with `""` unescaped.
    private mutating func decodeField(_ k: Int, rowStart: Int) -> String? {
        var start = rowStart + fieldStarts[k]
        var end = rowStart + fieldEnds[k]
        let escaped = fieldEscaped[k]
        let buffer = source.buffer
        while start < end, buffer[start] == 0x20 || buffer[start] == 0x09 { start += 1 }
        while end > start, buffer[end - 1] == 0x20 || buffer[end - 1] == 0x09 { end -= 1 }
        if start == end { return "" }
        if !escaped {
            return buffer.withUnsafeBufferPointer { all in
                decoder.decode(UnsafeBufferPointer(rebasing: all[start..<end]))
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        var i = start
        while i < end {
            bytes.append(buffer[i])
            if buffer[i] == UInt8(ascii: "\""), i + 1 < end, buffer[i + 1] == UInt8(ascii: "\"") { i += 2 } else { i += 1 }
        }
        return decoder.decode(bytes)
    }

    private enum RowScan {
        case row(startLine: Int, rowStart: Int)
        case blank
        case failed(startLine: Int, reason: MessageText)
        case end
    }

    private enum FieldState { case start, unquoted, quoted, quoteInQuoted }

    /// Finds the fields of the next row; on success their bounds are in `fieldStarts`/`fieldEnds`.
    private mutating func scanRow() throws(ExportReadError) -> RowScan {
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldEscaped.removeAll(keepingCapacity: true)
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        let delimiter = self.delimiter

        var rowStart = position
        let startLine = line
        var i = position
        var state = FieldState.start
        var fieldStart = i
        var escaped = false
        var lines = 0
        var starts: [Int] = [], ends: [Int] = [], escapes: [Bool] = []
        swap(&starts, &fieldStarts)
        swap(&ends, &fieldEnds)
        swap(&escapes, &fieldEscaped)
        defer { fieldStarts = starts; fieldEnds = ends; fieldEscaped = escapes }

        enum Stop { case needMore, rowEnded(next: Int, terminator: UInt8?), textAfterQuote }

        while true {
            if i >= source.buffer.count {
                if source.atEnd {
                    // End of file ends the row, unless a quote is still open.
                    if state == .quoted {
                        return recover(rowStart: rowStart, startLine: startLine,
                                       reason: MessageText("row.quoteNotClosed", ["line": .data(String(line - lines))]))
                    }
                    if state == .start, starts.isEmpty, i == rowStart { position = i; return .end }
                    starts.append(fieldStart - rowStart)
                    ends.append(i - rowStart - (state == .quoteInQuoted ? 1 : 0))
                    escapes.append(escaped)
                    position = i
                    line += lines
                    return finishRow(startLine: startLine, rowStart: rowStart, starts: starts, ends: ends)
                }
                if i - rowStart > Self.maxRowBytes {
                    return recover(rowStart: rowStart, startLine: startLine,
                                   reason: MessageText("row.tooLong", ["kib": .data(String(Self.maxRowBytes / 1024))]))
                }
                let dropped = try source.refill(keepingFrom: rowStart)
                rowStart -= dropped; i -= dropped; fieldStart -= dropped
                continue
            }
            if pendingCR {
                pendingCR = false
                if source.buffer[i] == newline { i += 1; rowStart = i; fieldStart = i; continue }
            }
            let stop: Stop = source.buffer.withUnsafeBufferPointer { buf in
                let count = buf.count
                while i < count {
                    let byte = buf[i]
                    switch state {
                    case .start:
                        if byte == quote {
                            state = .quoted
                            fieldStart = i + 1
                            escaped = false
                            i += 1
                        } else {
                            state = .unquoted
                            fieldStart = i
                            escaped = false
                        }
                    case .unquoted:
                        // Fast path: plain bytes.
                        var j = i
                        while j < count {
                            let b = buf[j]
                            if b == delimiter || b == newline || b == cr { break }
                            j += 1
                        }
                        i = j
                        guard j < count else { return .needMore }
                        starts.append(fieldStart - rowStart)
                        ends.append(j - rowStart)
                        escapes.append(false)
                        if buf[j] == delimiter {
                            state = .start
                            i = j + 1
                            // A separator at the very end of a row leaves one more, empty field.
                            fieldStart = i
                            if i < count, buf[i] == newline || buf[i] == cr {
                                starts.append(i - rowStart)
                                ends.append(i - rowStart)
                                escapes.append(false)
                                return .rowEnded(next: i + 1, terminator: buf[i])
                            }
                            if i >= count { state = .start; return .needMore }
                        } else {
                            return .rowEnded(next: j + 1, terminator: buf[j])
                        }
                    case .quoted:
                        var j = i
                        while j < count, buf[j] != quote {
                            if buf[j] == newline { lines += 1 }
                            j += 1
                        }
                        i = j
                        guard j < count else { return .needMore }
                        state = .quoteInQuoted
                        i = j + 1
                    case .quoteInQuoted:
                        if byte == quote {
                            escaped = true
                            state = .quoted
                            i += 1
                        } else if byte == delimiter || byte == newline || byte == cr {
                            starts.append(fieldStart - rowStart)
                            ends.append(i - 1 - rowStart)
                            escapes.append(escaped)
                            if byte == delimiter {
                                state = .start
                                i += 1
                                fieldStart = i
                                if i < count, buf[i] == newline || buf[i] == cr {
                                    starts.append(i - rowStart)
                                    ends.append(i - rowStart)
                                    escapes.append(false)
                                    return .rowEnded(next: i + 1, terminator: buf[i])
                                }
                            } else {
                                return .rowEnded(next: i + 1, terminator: byte)
                            }
                        } else {
                            return .textAfterQuote
                        }
                    }
                }
                return .needMore
            }
            switch stop {
            case .needMore:
                continue
            case .textAfterQuote:
                return recover(rowStart: rowStart, startLine: startLine,
                               reason: MessageText("row.textAfterQuote", ["field": .data(String(starts.count + 1))]))
            case let .rowEnded(next, terminator):
                position = next
                line += lines + 1
                if terminator == cr { pendingCR = true }
                return finishRow(startLine: startLine, rowStart: rowStart, starts: starts, ends: ends)
            }
        }
    }

    /// A row with nothing but empty fields is a blank line, not a record.
    private func finishRow(startLine: Int, rowStart: Int, starts: [Int], ends: [Int]) -> RowScan {
        for k in 0..<starts.count where ends[k] > starts[k] {
            // Only spaces do not make a row.
            for b in source.buffer[(rowStart + starts[k])..<(rowStart + ends[k])] where b != 0x20 && b != 0x09 {
                return .row(startLine: startLine, rowStart: rowStart)
            }
        }
        return .blank
    }

    /// After a row whose quoting is broken: report it and go on from the line after the row's
    /// first line, so a stray quote costs one row, not the rest of the file.
    private mutating func recover(rowStart: Int, startLine: Int, reason: MessageText) -> RowScan {
        pendingCR = false
        let buffer = source.buffer
        var j = rowStart
        while j < buffer.count, buffer[j] != UInt8(ascii: "\n") { j += 1 }
        if j < buffer.count {
            position = j + 1
        } else {
            // The first line alone is longer than the buffer: skip to its end.
            position = buffer.count
            skipToNextLine()
        }
        line = startLine + 1
        return .failed(startLine: startLine, reason: reason)
    }

    private mutating func skipToNextLine() {
        while true {
            if position >= source.buffer.count {
                if source.atEnd { return }
                guard let dropped = try? source.refill(keepingFrom: position) else { return }
                position -= dropped
                continue
            }
            if source.buffer[position] == UInt8(ascii: "\n") { position += 1; return }
            position += 1
        }
    }
}
