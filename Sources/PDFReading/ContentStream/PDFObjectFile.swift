/// A PDF's objects as the direct text reader sees them: the classic cross-reference table (and
/// its `/Prev` chain), objects parsed on demand and kept, streams inflated under the budget.
/// Anything else (cross-reference streams, encryption, offsets that do not point at their
/// object) is a decline: poppler, which repairs, reads such files.
final class PDFObjectFile {
    let bytes: [UInt8]
    let budget: ContentStreamBudget
    /// The first trailer's dictionary.
    private(set) var trailer: [String: PDFObject] = [:]
    private var offsets: [Int: Int] = [:]
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

    /// Reads one `xref` section and its trailer; returns the `/Prev` offset.
    private func readSection(at offset: Int, first: Bool) throws(ContentStreamDecline) -> Int? {
        var lexer = PDFObjectLexer(bytes: bytes, range: offset..<bytes.count, maxDepth: budget.maxDepth)
        guard lexer.expectKeyword("xref") else { throw .unsupported("a cross-reference stream (or a misplaced xref) at byte \(offset)") }
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
        guard let previous = dictionary["Prev"]?.number else { return nil }
        guard previous >= 0, previous < Double(bytes.count) else { throw .syntax("/Prev points outside the file", offset: offset) }
        return Int(previous)
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

    /// Object `number` as it stands at its offset.
    func object(_ number: Int) throws(ContentStreamDecline) -> PDFObject {
        if let cached = cache[number] { return cached }
        guard let offset = offsets[number], offset >= 0 else { return .null }
        guard offset < bytes.count else { throw .syntax("object \(number) lies outside the file", offset: offset) }
        // Marked before parsing: a stream whose /Length refers to itself reads as null.
        cache[number] = .null
        var lexer = PDFObjectLexer(bytes: bytes, range: offset..<bytes.count, maxDepth: budget.maxDepth)
        guard lexer.unsignedInteger() == number, lexer.unsignedInteger() != nil, lexer.expectKeyword("obj") else {
            throw .syntax("object \(number) is not where the cross-reference table says", offset: offset)
        }
        var object = try lexer.object()
        if case .dictionary(let dictionary) = object, lexer.expectKeyword("stream") {
            var start = lexer.position
            if start < bytes.count, bytes[start] == 0x0D { start += 1 }
            if start < bytes.count, bytes[start] == 0x0A { start += 1 }
            guard let length = try self.number(dictionary["Length"]), length >= 0, length <= Double(bytes.count - start) else {
                throw .syntax("stream \(number) has no /Length inside the file", offset: start)
            }
            let range = start..<(start + Int(length))
            var after = PDFObjectLexer(bytes: bytes, range: range.upperBound..<bytes.count, maxDepth: 1)
            guard after.expectKeyword("endstream") else { throw .syntax("stream \(number) does not end at its /Length", offset: range.upperBound) }
            object = .stream(dictionary, range)
        }
        cache[number] = object
        return object
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
