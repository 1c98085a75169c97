import Foundation

/// Reads an mbox message by message in 1 MiB chunks, so memory is bounded by the largest
/// message allowed (``MIMEBudget/messageBytes``), never by the mailbox. A message is everything
/// from one `From ` line to the next; `>From ` lines are unescaped (mboxrd) and the blank line
/// that separates messages is dropped, so the bytes are the message as it was received.
struct MboxReader {
    static let chunkBytes = 1 << 20
    private let handle: FileHandle
    private let path: String
    private let limit: Int
    /// Bytes read but not yet consumed; `bufferOffset` is the file offset of its first byte.
    private var buffer = Data()
    private var bufferStart = 0
    private var bufferOffset = 0
    private var atEnd = false
    /// Bytes left to read when reading one message's range again; nil = to the end.
    private var remaining: Int?
    private var count = 0
    /// The `From ` line that starts the next message, once seen.
    private var nextStart: Int?
    private var atLineStart = true

    init(url: URL, messageLimit: Int, range: (offset: Int, length: Int)? = nil, firstIndex: Int = 0) throws(MailError) {
        do {
            handle = try FileHandle(forReadingFrom: url)
            if let range {
                try handle.seek(toOffset: UInt64(range.offset))
                bufferOffset = range.offset
                remaining = range.length
            }
        } catch {
            throw .mailbox(path: url.path, reason: "cannot open: \((error as NSError).localizedDescription)")
        }
        path = url.path
        limit = messageLimit
        count = firstIndex
    }

    /// Whether `data` starts like an mbox (`From ` at the first byte).
    static func looksLikeMbox(_ head: Data) -> Bool { head.starts(with: Array("From ".utf8)) }

    /// The next message, or nil at the end of the file.
    mutating func next() throws(MailError) -> RawMessage? {
        // Find the first `From ` line (anything before it is not a message).
        while nextStart == nil {
            guard let line = try nextLine() else { return nil }
            if line.startsLine, Self.isFromLine(line.bytes) { nextStart = line.offset }
        }
        let start = nextStart!
        nextStart = nil
        count += 1
        var message = Data()
        var size = 0
        var oversize = false
        var end = start
        while let line = try nextLine() {
            if line.startsLine, Self.isFromLine(line.bytes) {
                nextStart = line.offset
                break
            }
            end = line.offset + line.bytes.count
            var bytes = line.bytes
            if line.startsLine, Self.isEscapedFromLine(bytes) { bytes = bytes.dropFirst() }
            size += bytes.count
            if size > limit { oversize = true; message = Data() }
            if !oversize { message.append(bytes) }
        }
        let location = MessageLocation(file: path, index: count, offset: start, length: (nextStart ?? end) - start)
        if oversize { return RawMessage(location: location, bytes: Data(), oversizeBytes: size) }
        // The blank line separating this message from the next is the mbox's, not the message's.
        if message.count >= 2, message.last == 0x0A {
            let before = message[message.index(message.endIndex, offsetBy: -2)]
            if before == 0x0A { message.removeLast() }
            else if before == 0x0D, message.count >= 4, message.suffix(4) == Data([0x0D, 0x0A, 0x0D, 0x0A]) { message.removeLast(2) }
        }
        return RawMessage(location: location, bytes: message)
    }

    private struct Line {
        var offset: Int
        var bytes: Data
        /// False for the second and later pieces of a line longer than a chunk.
        var startsLine: Bool
    }

    /// The next line including its `\n`, or a chunk-sized piece of a longer line.
    private mutating func nextLine() throws(MailError) -> Line? {
        while true {
            let available = buffer.count - bufferStart
            let start = bufferStart
            let newline = buffer.withUnsafeBytes { raw -> Int? in
                guard available > 0, let base = raw.baseAddress else { return nil }
                return memchr(base + start, 0x0A, available).map { UnsafeRawPointer($0) - (base + start) }
            }
            if let newline { return take(newline + 1, endsLine: true) }
            if atEnd {
                return available > 0 ? take(available, endsLine: true) : nil
            }
            if available >= Self.chunkBytes { return take(available, endsLine: false) }
            try refill()
        }
    }

    private mutating func take(_ length: Int, endsLine: Bool) -> Line {
        let from = buffer.startIndex + bufferStart
        let line = Line(offset: bufferOffset + bufferStart, bytes: buffer[from..<(from + length)], startsLine: atLineStart)
        bufferStart += length
        atLineStart = endsLine
        return line
    }

    private mutating func refill() throws(MailError) {
        if bufferStart > 0 {
            buffer = buffer.subdata(in: (buffer.startIndex + bufferStart)..<buffer.endIndex)
            bufferOffset += bufferStart
            bufferStart = 0
        }
        var want = Self.chunkBytes
        if let remaining { want = min(want, remaining) }
        guard want > 0 else { atEnd = true; return }
        let chunk: Data
        do {
            chunk = try handle.read(upToCount: want) ?? Data()
        } catch {
            throw .mailbox(path: path, reason: "read failed at byte \(bufferOffset + buffer.count): \((error as NSError).localizedDescription)")
        }
        if chunk.isEmpty { atEnd = true; return }
        if let remaining { self.remaining = remaining - chunk.count }
        buffer.append(chunk)
    }

    private static let fromLine = Array("From ".utf8)

    private static func isFromLine(_ bytes: Data) -> Bool { bytes.starts(with: fromLine) }

    /// `>From `, `>>From ` ...: one `>` is the mbox's escape.
    private static func isEscapedFromLine(_ bytes: Data) -> Bool {
        guard bytes.first == UInt8(ascii: ">") else { return false }
        let rest = bytes.drop { $0 == UInt8(ascii: ">") }
        return rest.starts(with: fromLine)
    }
}
