/// A PDF's objects as the direct text reader sees them: the classic cross-reference table or
/// cross-reference streams (and their `/Prev` chain), objects parsed on demand and kept, those
/// of object streams too, streams inflated under the budget. Anything else (a hybrid file,
/// a cross-reference stream with a predictor, encryption, offsets that do not point at their
/// object) is a decline: poppler, which repairs, reads such files.
final class PDFObjectFile {
    let bytes: [UInt8]
    let budget: ContentStreamBudget
    /// The first trailer's dictionary.
    private(set) var trailer: [String: PDFObject] = [:]
    private var offsets: [Int: Int] = [:]
    /// Objects kept in object streams (PDF 1.5): the stream's object number and the index in it.
    private var compressed: [Int: (stream: Int, index: Int)] = [:]
    /// Object streams read so far: their decoded bytes and each object's (number, offset).
    private var objectStreams: [Int: (bytes: [UInt8], entries: [(number: Int, offset: Int)])] = [:]
    private var cache: [Int: PDFObject] = [:]
    private var inflatedBytes = 0
    /// Fonts read so far, by object number (pages share their fonts).
    var fonts: [Int: Result<PDFTextFont, ContentStreamDecline>] = [:]

    init(bytes: [UInt8], budget: ContentStreamBudget) throws(ContentStreamDecline) {
        self.bytes = bytes
        self.budget = budget
        var offset: Int? = try Self.startXref(bytes)
        var visited: Set<Int> = []
        while let current = offset {
            guard visited.insert(current).inserted else { throw .syntax("the cross-reference chain loops", offset: current) }
            offset = try readSection(at: current, first: visited.count == 1)
        }
        if trailer["Encrypt"] != nil { throw .unsupported("encryption") }
    }

    /// The offset after the last `startxref`.
    private static func startXref(_ bytes: [UInt8]) throws(ContentStreamDecline) -> Int {
        let marker = Array("startxref".utf8)
        var index = bytes.count - marker.count
        let floor = max(0, bytes.count - 2048)
        while index >= floor {
            if bytes[index] == marker[0], Array(bytes[index..<index + marker.count]) == marker {
                var lexer = PDFObjectLexer(bytes: bytes, range: (index + marker.count)..<bytes.count, maxDepth: 1)
                guard let offset = lexer.unsignedInteger(), offset < bytes.count else {
                    throw .syntax("startxref names no offset inside the file", offset: index)
                }
                return offset
            }
            index -= 1
        }
        throw .syntax("no startxref in the last 2 KB", offset: bytes.count)
    }

    /// Reads one `xref` section and its trailer, or a cross-reference stream; returns the `/Prev` offset.
    private func readSection(at offset: Int, first: Bool) throws(ContentStreamDecline) -> Int? {
        var lexer = PDFObjectLexer(bytes: bytes, range: offset..<bytes.count, maxDepth: budget.maxDepth)
        guard lexer.expectKeyword("xref") else { return try readStreamSection(at: offset, first: first) }
        while true {
            lexer.skipWhitespace()
            if lexer.expectKeyword("trailer") { break }
            guard let start = lexer.unsignedInteger(), let count = lexer.unsignedInteger() else {
                throw .syntax("a cross-reference subsection header is malformed", offset: lexer.position)
            }
            guard offsets.count + count <= budget.maxObjects else { throw .budget("more than \(budget.maxObjects) objects") }
            for number in start..<(start + count) {
                guard let location = lexer.unsignedInteger(), lexer.unsignedInteger() != nil else {
                    throw .syntax("a cross-reference entry is malformed", offset: lexer.position)
                }
                lexer.skipWhitespace()
                guard lexer.position < lexer.end else { throw .syntax("the cross-reference table is cut short", offset: lexer.position) }
                let kind = lexer.bytes[lexer.position]
                lexer.position += 1
                guard kind == UInt8(ascii: "n") || kind == UInt8(ascii: "f") else {
                    throw .syntax("a cross-reference entry is neither n nor f", offset: lexer.position - 1)
                }
                // Newer sections come first: an entry already read wins.
                if kind == UInt8(ascii: "n"), offsets[number] == nil, number != 0 { offsets[number] = location }
                else if kind == UInt8(ascii: "f"), offsets[number] == nil { offsets[number] = -1 }
            }
        }
        guard case .dictionary(let dictionary) = try lexer.object() else { throw .syntax("the trailer is not a dictionary", offset: lexer.position) }
        if dictionary["XRefStm"] != nil { throw .unsupported("a hybrid cross-reference file") }
        if first { trailer = dictionary }
        return try previousSection(dictionary, offset: offset)
    }

    private func previousSection(_ dictionary: [String: PDFObject], offset: Int) throws(ContentStreamDecline) -> Int? {
        guard let previous = dictionary["Prev"]?.number else { return nil }
        guard previous >= 0, previous < Double(bytes.count) else { throw .syntax("/Prev points outside the file", offset: offset) }
        return Int(previous)
    }

    /// A cross-reference stream (`/Type /XRef`): entries of `/W` bytes for the objects of
    /// `/Index`, the stream's dictionary the trailer. Returns the `/Prev` offset.
    private func readStreamSection(at offset: Int, first: Bool) throws(ContentStreamDecline) -> Int? {
        var lexer = PDFObjectLexer(bytes: bytes, range: offset..<bytes.count, maxDepth: budget.maxDepth)
        guard lexer.unsignedInteger() != nil, lexer.unsignedInteger() != nil, lexer.expectKeyword("obj") else {
            throw .syntax("neither an xref table nor a cross-reference stream", offset: offset)
        }
        let stream = try streamObject(&lexer, number: nil)
        guard case .stream(let dictionary, _) = stream, dictionary["Type"]?.name == "XRef" else {
            throw .syntax("neither an xref table nor a cross-reference stream", offset: offset)
        }
        if case .dictionary(let parameters) = dictionary["DecodeParms"] ?? .null, let predictor = parameters["Predictor"]?.number, predictor > 1 {
            throw .unsupported("a cross-reference stream with a predictor")
        }
        guard let widthItems = dictionary["W"]?.array, widthItems.count == 3, let size = dictionary["Size"]?.number,
              size >= 0, size <= Double(budget.maxObjects) else {
            throw .syntax("a cross-reference stream without /W or /Size", offset: offset)
        }
        var widths: [Int] = []
        for item in widthItems {
            guard let width = item.number, width >= 0, width <= 8, width == width.rounded() else {
                throw .syntax("a cross-reference stream's /W is malformed", offset: offset)
            }
            widths.append(Int(width))
        }
        guard widths[1] > 0 else { throw .syntax("a cross-reference stream's /W gives no offsets", offset: offset) }
        var ranges: [(start: Int, count: Int)] = []
        if let index = dictionary["Index"]?.array {
            guard index.count % 2 == 0 else { throw .syntax("a cross-reference stream's /Index is malformed", offset: offset) }
            for pair in stride(from: 0, to: index.count, by: 2) {
                guard let start = index[pair].number, let count = index[pair + 1].number, start >= 0, count >= 0,
                      start + count <= Double(budget.maxObjects) else {
                    throw .syntax("a cross-reference stream's /Index is malformed", offset: offset)
                }
                ranges.append((Int(start), Int(count)))
            }
        } else {
            ranges = [(0, Int(size))]
        }
        // /Length, /Filter and /DecodeParms of a cross-reference stream are direct objects.
        let data = try streamData(stream)
        let entrySize = widths.reduce(0, +)
        guard ranges.reduce(0, { $0 + $1.count }) * entrySize <= data.count else {
            throw .syntax("a cross-reference stream is shorter than its /Index says", offset: offset)
        }
        guard offsets.count + compressed.count + ranges.reduce(0, { $0 + $1.count }) <= budget.maxObjects else {
            throw .budget("more than \(budget.maxObjects) objects")
        }
        var position = 0
        func field(_ width: Int) -> Int {
            var value = 0
            for _ in 0..<width {
                value = value << 8 | Int(data[position])
                position += 1
            }
            return value
        }
        for (start, count) in ranges {
            for number in start..<(start + count) {
                let kind = widths[0] == 0 ? 1 : field(widths[0])
                let second = field(widths[1]), third = field(widths[2])
                // Newer sections come first: an entry already read wins.
                guard offsets[number] == nil, compressed[number] == nil else { continue }
                switch kind {
                case 0: offsets[number] = -1
                case 1: if number != 0 { offsets[number] = second }
                case 2: compressed[number] = (second, third)
                default: break  // a type this version does not know: a null object (ISO 32000-1, 7.5.8.3)
                }
            }
        }
        if first { trailer = dictionary }
        return try previousSection(dictionary, offset: offset)
    }

    /// Follows references (a chain of at most 8) to a direct object; `.null` for a free or missing object.
    func resolve(_ object: PDFObject?) throws(ContentStreamDecline) -> PDFObject {
        var current = object ?? .null
        var hops = 0
        while case .reference(let number, _) = current {
            hops += 1
            guard hops <= 8 else { throw .syntax("references chain through more than 8 objects", offset: 0) }
            current = try self.object(number)
        }
        return current
    }

    func dictionary(_ object: PDFObject?) throws(ContentStreamDecline) -> [String: PDFObject]? {
        try resolve(object).dictionary
    }

    func number(_ object: PDFObject?) throws(ContentStreamDecline) -> Double? {
        try resolve(object).number
    }

    func name(_ object: PDFObject?) throws(ContentStreamDecline) -> String? {
        try resolve(object).name
    }

    func array(_ object: PDFObject?) throws(ContentStreamDecline) -> [PDFObject]? {
        try resolve(object).array
    }

    /// Object `number` as it stands at its offset, or in its object stream.
    func object(_ number: Int) throws(ContentStreamDecline) -> PDFObject {
        if let cached = cache[number] { return cached }
        if offsets[number] == nil, let place = compressed[number] {
            cache[number] = .null  // an object stream that holds itself reads as null
            let object = try compressedObject(number, in: place.stream, at: place.index)
            cache[number] = object
            return object
        }
        guard let offset = offsets[number], offset >= 0 else { return .null }
        guard offset < bytes.count else { throw .syntax("object \(number) lies outside the file", offset: offset) }
        // Marked before parsing: a stream whose /Length refers to itself reads as null.
        cache[number] = .null
        var lexer = PDFObjectLexer(bytes: bytes, range: offset..<bytes.count, maxDepth: budget.maxDepth)
        guard lexer.unsignedInteger() == number, lexer.unsignedInteger() != nil, lexer.expectKeyword("obj") else {
            throw .syntax("object \(number) is not where the cross-reference table says", offset: offset)
        }
        let object = try streamObject(&lexer, number: number)
        cache[number] = object
        return object
    }

    /// The object at the lexer (after `N G obj`): a stream when a dictionary is followed by
    /// `stream` (`number` nil: a cross-reference stream, whose /Length is direct).
    private func streamObject(_ lexer: inout PDFObjectLexer, number: Int?) throws(ContentStreamDecline) -> PDFObject {
        let object = try lexer.object()
        guard case .dictionary(let dictionary) = object, lexer.expectKeyword("stream") else { return object }
        let name = number.map { "stream \($0)" } ?? "a cross-reference stream"
        var start = lexer.position
        if start < bytes.count, bytes[start] == 0x0D { start += 1 }
        if start < bytes.count, bytes[start] == 0x0A { start += 1 }
        let length = number == nil ? dictionary["Length"]?.number : try self.number(dictionary["Length"])
        guard let length, length >= 0, length <= Double(bytes.count - start) else {
            throw .syntax("\(name) has no /Length inside the file", offset: start)
        }
        let range = start..<(start + Int(length))
        var after = PDFObjectLexer(bytes: bytes, range: range.upperBound..<bytes.count, maxDepth: 1)
        guard after.expectKeyword("endstream") else { throw .syntax("\(name) does not end at its /Length", offset: range.upperBound) }
        return .stream(dictionary, range)
    }

    /// Object `number`, the `index`th of object stream `stream` (`/Type /ObjStm`: `/N` pairs of
    /// object number and offset from `/First`, then the objects; none of them a stream).
    private func compressedObject(_ number: Int, in stream: Int, at index: Int) throws(ContentStreamDecline) -> PDFObject {
        if objectStreams[stream] == nil {
            guard compressed[stream] == nil, case .stream(let dictionary, let range) = try object(stream),
                  try name(dictionary["Type"]) == "ObjStm", let count = try self.number(dictionary["N"]),
                  let first = try self.number(dictionary["First"]), count >= 0, first >= 0 else {
                throw .syntax("object \(number) lies in object \(stream), which is no object stream", offset: 0)
            }
            let data = try streamData(.stream(dictionary, range))
            guard count <= Double(data.count / 4), first <= Double(data.count) else {
                throw .syntax("object stream \(stream) is shorter than its /N and /First say", offset: range.lowerBound)
            }
            var header = PDFObjectLexer(bytes: data, range: 0..<Int(first), maxDepth: 1)
            var entries: [(number: Int, offset: Int)] = []
            for _ in 0..<Int(count) {
                guard let object = header.unsignedInteger(), let offset = header.unsignedInteger(), Int(first) + offset < data.count else {
                    throw .syntax("object stream \(stream)'s offsets are malformed", offset: range.lowerBound)
                }
                entries.append((object, Int(first) + offset))
            }
            objectStreams[stream] = (data, entries)
        }
        guard let objectStream = objectStreams[stream], index < objectStream.entries.count,
              objectStream.entries[index].number == number else {
            throw .syntax("object \(number) is not where the cross-reference stream says", offset: 0)
        }
        var lexer = PDFObjectLexer(bytes: objectStream.bytes, range: objectStream.entries[index].offset..<objectStream.bytes.count,
                                   maxDepth: budget.maxDepth)
        return try lexer.object()
    }

    /// A stream's decoded bytes: unfiltered or `FlateDecode` without a predictor.
    func streamData(_ object: PDFObject) throws(ContentStreamDecline) -> [UInt8] {
        guard case .stream(let dictionary, let range) = try resolve(object) else { throw .syntax("a stream was expected", offset: 0) }
        var filters: [String] = []
        switch try resolve(dictionary["Filter"]) {
        case .null: break
        case .name(let filter): filters = [filter]
        case .array(let items):
            for item in items {
                guard let filter = try name(item) else { throw .syntax("a /Filter entry is not a name", offset: range.lowerBound) }
                filters.append(filter)
            }
        default: throw .syntax("/Filter is neither a name nor an array", offset: range.lowerBound)
        }
        guard !filters.isEmpty else { return Array(bytes[range]) }
        var encoded = bytes
        var encodedRange = range
        if filters.first == "ASCII85Decode" || filters.first == "A85" {
            guard let decoded = ASCII85Decoder.decode(bytes, range: range) else { throw .syntax("an ASCII85 stream is corrupt", offset: range.lowerBound) }
            filters.removeFirst()
            guard !filters.isEmpty else { return decoded }
            encoded = decoded
            encodedRange = 0..<decoded.count
        }
        guard filters == ["FlateDecode"] || filters == ["Fl"] else { throw .unsupported("the stream filters \(filters)") }
        if case .dictionary(let parameters) = try resolve(dictionary["DecodeParms"]), let predictor = parameters["Predictor"]?.number, predictor > 1 {
            throw .unsupported("a Flate predictor in a content stream")
        }
        let room = min(budget.maxStreamBytes, budget.maxInflatedBytes - inflatedBytes)
        do {
            let data = try FlateInflater.inflate(encoded, range: encodedRange, limit: room)
            inflatedBytes += data.count
            return data
        } catch .tooLarge {
            throw .budget("a stream inflates past \(room) bytes")
        } catch {
            throw .syntax("a Flate stream is corrupt", offset: range.lowerBound)
        }
    }
}
