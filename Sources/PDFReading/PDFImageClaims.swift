/// The images of a PDF and the pixel sizes they claim, read from the bytes before poppler
/// decodes any of them: the pages read by OCR are held to a pixel budget by this, because
/// poppler decodes an image whole at the size it claims (a 2.7 KB JBIG2 image claiming
/// 60,000 × 60,000 pixels took 45 s and 1 GB to draw, and drawing cannot be interrupted).
///
/// The images are found by scanning the file for its objects (`N G obj << … >> stream`), as
/// poppler's repair does, so a damaged or cross-reference-stream PDF is scanned as well. Which
/// page draws which image is read from the page tree where the direct reader's object file
/// opens it (a classic cross-reference table); elsewhere every image counts for every page.
struct PDFImageClaims {
    /// Bytes at the start of an image stream read for its codec's header.
    static let headerWindow = 64 * 1024
    /// Objects looked at (a PDF of more is scanned up to here; the rest claim nothing).
    static let maxObjects = 200_000

    /// The largest claim of each image, by object number.
    private(set) var images: [Int: PDFImageClaim] = [:]
    /// Image object numbers drawn by each page (forms followed), when the page tree could be read.
    private(set) var imagesByPage: [Set<Int>]?

    init(bytes: [UInt8]) {
        images = Self.scan(bytes)
        guard !images.isEmpty else { return }
        imagesByPage = Self.pageImages(bytes)
    }

    /// The largest image page `index` (0-based) draws, or that the PDF holds when it is not
    /// known which page draws what.
    func largestImage(page index: Int) -> PDFImageClaim? {
        let candidates: [PDFImageClaim]
        if let imagesByPage, index < imagesByPage.count {
            candidates = imagesByPage[index].compactMap { images[$0] }
        } else {
            candidates = Array(images.values)
        }
        return candidates.max { ($0.pixels, $1.object) < ($1.pixels, $0.object) }
    }

    /// Why page `index` (0-based) is not read by OCR, naming the page, the image and the size
    /// it claims; nil when its images are within `maxPixels`.
    func refusal(page index: Int, maxPixels: Int) -> String? {
        guard let image = largestImage(page: index), image.pixels > maxPixels else { return nil }
        return "page \(index + 1) was not read by OCR: its image (object \(image.object)) claims \(image.width) × \(image.height) pixels in \(image.origin), over the budget of \(maxPixels) pixels for an image on a scanned page"
    }

    // MARK: Scanning the objects

    private static func scan(_ bytes: [UInt8]) -> [Int: PDFImageClaim] {
        var numbers: [Int: Double] = [:]
        var streams: [Int: (dictionary: [String: PDFObject], start: Int)] = [:]
        var index = 0, objects = 0
        let count = bytes.count
        while index + 3 <= count, objects < maxObjects {
            guard bytes[index] == UInt8(ascii: "o"), bytes[index + 1] == UInt8(ascii: "b"), bytes[index + 2] == UInt8(ascii: "j"),
                  index > 0, PDFObjectLexer.isWhitespace(bytes[index - 1]),
                  index + 3 == count || !PDFObjectLexer.isRegular(bytes[index + 3]),
                  let start = objectStart(bytes, keyword: index) else {
                index += 1
                continue
            }
            objects += 1
            var lexer = PDFObjectLexer(bytes: bytes, range: start..<count, maxDepth: 32)
            guard let number = lexer.unsignedInteger(), lexer.unsignedInteger() != nil, lexer.expectKeyword("obj"),
                  let object = try? lexer.object() else {
                index += 3
                continue
            }
            let isStream = lexer.expectKeyword("stream")
            switch object {
            case .number(let value):
                numbers[number] = value
            case .dictionary(let dictionary) where isStream:
                var dataStart = lexer.position
                if dataStart < count, bytes[dataStart] == 0x0D { dataStart += 1 }
                if dataStart < count, bytes[dataStart] == 0x0A { dataStart += 1 }
                streams[number] = (dictionary, dataStart)
                lexer.position = dataStart
                // Past the data when its length is written in place (an image's bytes may hold "obj").
                if case .number(let length)? = dictionary["Length"], length >= 0, length <= Double(count - dataStart) {
                    lexer.position = dataStart + Int(length)
                }
            default:
                break
            }
            index = max(index + 3, lexer.position)
        }

        func integer(_ object: PDFObject?) -> Int? {
            let value: Double?
            switch object {
            case .number(let number)?: value = number
            case .reference(let number, _)?: value = numbers[number]
            default: value = nil
            }
            guard let value, value.isFinite, value >= 0 else { return nil }
            return value >= 1e15 ? Int(1e15) : Int(value)
        }
        func window(_ start: Int) -> ArraySlice<UInt8> {
            bytes[min(start, count)..<min(count, start + headerWindow)]
        }

        var claims: [Int: PDFImageClaim] = [:]
        for (number, stream) in streams where stream.dictionary["Subtype"]?.name == "Image" {
            var found: [PDFImageClaim] = []
            if let width = integer(stream.dictionary["Width"]), let height = integer(stream.dictionary["Height"]) {
                found.append(PDFImageClaim(object: number, width: width, height: height, origin: "its dictionary"))
            }
            let filters: [String]
            switch stream.dictionary["Filter"] {
            case .name(let filter)?: filters = [filter]
            case .array(let items)?: filters = items.compactMap(\.name)
            default: filters = []
            }
            if filters.last == "JBIG2Decode" {
                if let size = ImageCodestreamHeader.jbig2Size(window(stream.start)) {
                    found.append(PDFImageClaim(object: number, width: size.width, height: size.height, origin: "its JBIG2 header"))
                }
                // The globals stream's segments are decoded with the image's.
                if case .dictionary(let parameters)? = stream.dictionary["DecodeParms"],
                   case .reference(let globals, _)? = parameters["JBIG2Globals"], let start = streams[globals]?.start,
                   let size = ImageCodestreamHeader.jbig2Size(window(start)) {
                    found.append(PDFImageClaim(object: number, width: size.width, height: size.height, origin: "its JBIG2 globals"))
                }
            } else if filters.last == "JPXDecode", let size = ImageCodestreamHeader.jpxSize(window(stream.start)) {
                found.append(PDFImageClaim(object: number, width: size.width, height: size.height, origin: "its JPEG 2000 header"))
            }
            if let largest = found.max(by: { $0.pixels < $1.pixels }) { claims[number] = largest }
        }
        return claims
    }

    /// Where the object whose `obj` keyword is at `keyword` begins (`N G obj`), or nil.
    private static func objectStart(_ bytes: [UInt8], keyword: Int) -> Int? {
        var position = keyword - 1
        func skip(_ test: (UInt8) -> Bool) -> Int {
            let from = position
            while position >= 0, test(bytes[position]) { position -= 1 }
            return from - position
        }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        guard skip(PDFObjectLexer.isWhitespace) > 0, skip(isDigit) > 0, skip(PDFObjectLexer.isWhitespace) > 0,
              skip(isDigit) > 0 else { return nil }
        return position + 1
    }

    // MARK: Which page draws which image

    private static func pageImages(_ bytes: [UInt8]) -> [Set<Int>]? {
        guard let file = try? PDFObjectFile(bytes: bytes, budget: .standard),
              let catalog = try? file.dictionary(file.trailer["Root"]) else { return nil }
        var pages: [Set<Int>] = []
        var visited: Set<Int> = []
        func walk(_ object: PDFObject?, resources: PDFObject?, depth: Int) throws(ContentStreamDecline) {
            guard depth <= 32, pages.count <= ContentStreamBudget.standard.maxPages else { throw .budget("the page tree") }
            if case .reference(let number, _) = object {
                guard visited.insert(number).inserted else { throw .syntax("the page tree loops", offset: 0) }
            }
            guard let node = try file.dictionary(object) else { throw .syntax("a page tree node is not a dictionary", offset: 0) }
            let inherited = node["Resources"] ?? resources
            if let kids = try file.array(node["Kids"]), try file.name(node["Type"]) != "Page" {
                for kid in kids { try walk(kid, resources: inherited, depth: depth + 1) }
            } else {
                var images: Set<Int> = []
                var forms: Set<Int> = []
                try collect(inherited, file: file, images: &images, forms: &forms, depth: 0)
                // Annotations' appearances are drawn too.
                for annotation in try file.array(node["Annots"]) ?? [] {
                    guard let appearances = try file.dictionary(try file.dictionary(annotation)?["AP"]) else { continue }
                    for (_, appearance) in appearances {
                        try collectForm(appearance, file: file, images: &images, forms: &forms, depth: 0)
                    }
                }
                pages.append(images)
            }
        }
        do {
            try walk(catalog["Pages"], resources: nil, depth: 0)
        } catch {
            return nil
        }
        return pages
    }

    /// The images a resource dictionary's XObjects reach, through forms (at most 8 deep).
    private static func collect(_ resources: PDFObject?, file: PDFObjectFile, images: inout Set<Int>, forms: inout Set<Int>,
                                depth: Int) throws(ContentStreamDecline) {
        guard depth <= 8, let resources = try file.dictionary(resources),
              let xobjects = try file.dictionary(resources["XObject"]) else { return }
        for (_, xobject) in xobjects {
            try collectForm(xobject, file: file, images: &images, forms: &forms, depth: depth)
        }
    }

    private static func collectForm(_ xobject: PDFObject, file: PDFObjectFile, images: inout Set<Int>, forms: inout Set<Int>,
                                    depth: Int) throws(ContentStreamDecline) {
        guard case .reference(let number, _) = xobject else { return }
        guard let dictionary = try file.dictionary(xobject) else { return }
        switch try file.name(dictionary["Subtype"]) {
        case "Image":
            images.insert(number)
        case "Form":
            guard forms.insert(number).inserted else { return }
            try collect(dictionary["Resources"], file: file, images: &images, forms: &forms, depth: depth + 1)
        default:
            break
        }
    }
}
