import Foundation
private import CHaru

/// The one owner of a libharu document: pages, embedded fonts, attachments, metadata.
///
/// libharu stays the PDF writer (cross-reference table, compression, file structure);
/// fonts are built through its object layer from our own TrueType subsets, and page
/// content is written by ``PageCanvas``. libharu reports errors through a callback; the
/// first one is kept per document and thrown by the next wrapper call.
final class PDFDocument {
    private let handle: HPDF_Doc
    private let errors: ErrorState
    private var pages: [HPDF_Page] = []
    private var fontResources: HPDF_Dict?
    /// Text written raw into a dictionary by its `write_fn` (see ``writeRaw(_:into:)``), freed
    /// with the document.
    private var rawEntries: [UnsafeMutablePointer<CChar>] = []

    private final class ErrorState {
        var code: HPDF_STATUS = 0
        var detail: HPDF_STATUS = 0
    }

    init() throws(RenderError) {
        let state = ErrorState()
        let handler: HPDF_Error_Handler = { code, detail, userData in
            guard let userData else { return }
            let state = Unmanaged<ErrorState>.fromOpaque(userData).takeUnretainedValue()
            if state.code == 0 {
                state.code = code
                state.detail = detail
            }
        }
        guard let handle = HPDF_New(handler, Unmanaged.passUnretained(state).toOpaque()) else {
            throw RenderError.pdf(operation: "HPDF_New", code: 0, detail: 0)
        }
        self.handle = handle
        self.errors = state
        HPDF_SetCompressionMode(handle, UInt32(HPDF_COMP_ALL))
        try check("HPDF_SetCompressionMode")
    }

    deinit {
        HPDF_Free(handle)
        for entry in rawEntries { free(entry) }
    }

    private var mmgr: HPDF_MMgr { handle.pointee.mmgr }
    private var xref: HPDF_Xref { handle.pointee.xref }

    /// Throws the first error libharu reported since the last check.
    private func check(_ operation: String) throws(RenderError) {
        guard errors.code != 0 else { return }
        let error = RenderError.pdf(operation: operation, code: UInt(errors.code), detail: UInt(errors.detail))
        errors.code = 0
        HPDF_ResetError(handle)
        throw error
    }

    // MARK: - pages

    /// Adds a page holding the canvas's content; fonts are referenced as /F<slot>.
    func addPage(_ canvas: PageCanvas) throws(RenderError) {
        guard let page = HPDF_AddPage(handle) else { try check("HPDF_AddPage"); return }
        HPDF_Page_SetWidth(page, Float(canvas.width))
        HPDF_Page_SetHeight(page, Float(canvas.height))
        try check("HPDF_Page_SetSize")
        let attributes = UnsafeMutableRawPointer(page.pointee.attr).assumingMemoryBound(to: HPDF_PageAttr_Rec.self)
        let compressed = Deflate.compress(canvas.bytes, level: Deflate.fastLevel)
        compressed.withUnsafeBufferPointer { buffer in
            _ = HPDF_Stream_Write(attributes.pointee.stream, buffer.baseAddress, HPDF_UINT(buffer.count))
        }
        Self.markPrecompressed(attributes.pointee.contents)
        try check("writing page content")
        guard let resources = HPDF_Dict_GetItem(page, "Resources", UInt16(HPDF_OCLASS_DICT)) else {
            try check("HPDF_Page Resources")
            return
        }
        let resourceDict = resources.assumingMemoryBound(to: HPDF_Dict_Rec.self)
        HPDF_Dict_Add(resourceDict, "Font", try sharedFontResources())
        try check("adding page font resources")
        if !canvas.images.isEmpty {
            // libharu writes image operators itself; they go into a second content stream of
            // its own, since the first one already holds our compressed bytes.
            var imageStream: HPDF_Dict?
            HPDF_Page_New_Content_Stream(page, &imageStream)
            try check("HPDF_Page_New_Content_Stream")
            for placed in canvas.images {
                try drawImage(placed, on: page)
            }
        }
        pages.append(page)
    }

    /// One indirect /Font dictionary shared by every page (the fonts are per document).
    private func sharedFontResources() throws(RenderError) -> HPDF_Dict {
        if let fontResources { return fontResources }
        let dict = HPDF_Dict_New(mmgr)
        HPDF_Xref_Add(xref, dict)
        try check("creating font resources")
        fontResources = dict
        return dict!
    }

    private func drawImage(_ placed: PageCanvas.PlacedImage, on page: HPDF_Page) throws(RenderError) {
        if placed.image.kind == .png, let problem = PNGCheck.problem(placed.image.bytes) {
            throw RenderError.image(path: placed.image.path, message: problem)
        }
        let image = placed.image.bytes.withUnsafeBufferPointer { buffer -> HPDF_Image? in
            switch placed.image.kind {
            case .png: return HPDF_LoadPngImageFromMem(handle, buffer.baseAddress, HPDF_UINT(buffer.count))
            case .jpeg: return HPDF_LoadJpegImageFromMem(handle, buffer.baseAddress, HPDF_UINT(buffer.count))
            }
        }
        guard let image, errors.code == 0 else {
            errors.code = 0
            HPDF_ResetError(handle)
            throw RenderError.image(path: placed.image.path, message: "libharu cannot read it as \(placed.image.kind == .png ? "PNG" : "JPEG")")
        }
        HPDF_Page_DrawImage(page, image, Float(placed.x), Float(placed.y), Float(placed.width), Float(placed.height))
        try check("HPDF_Page_DrawImage")
    }

    // MARK: - fonts

    /// Embeds every font a page used as a Type0 font over a CIDFontType2 subset.
    func embedFonts(_ subsets: [TrueTypeSubset], used: [Bool]) throws(RenderError) {
        for (slot, subset) in subsets.enumerated() where used[slot] {
            let type0 = try embed(FontProgramCache.program(for: subset), font: subset.font)
            HPDF_Dict_Add(try sharedFontResources(), "F\(slot)", type0)
            try check("registering font F\(slot)")
        }
    }

    private func embed(_ program: FontProgram, font: TrueTypeFont) throws(RenderError) -> HPDF_Dict {
        let baseName = program.baseName
        let scale = 1000.0 / Double(font.unitsPerEm)
        func em(_ value: Int) -> Int32 { Int32((Double(value) * scale).rounded()) }

        let file = try stream(compressed: program.compressedFile, operation: "FontFile2")
        HPDF_Dict_AddNumber(file, "Length1", Int32(program.fileLength))

        let descriptor = HPDF_Dict_New(mmgr)!
        HPDF_Xref_Add(xref, descriptor)
        HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor")
        HPDF_Dict_AddName(descriptor, "FontName", baseName)
        HPDF_Dict_AddNumber(descriptor, "Flags", 4)  // symbolic: glyphs are addressed by CID, not by a standard encoding
        let box = HPDF_Array_New(mmgr)!
        for value in [font.boundingBox.0, font.boundingBox.1, font.boundingBox.2, font.boundingBox.3] {
            HPDF_Array_AddNumber(box, em(value))
        }
        HPDF_Dict_Add(descriptor, "FontBBox", box)
        HPDF_Dict_AddNumber(descriptor, "ItalicAngle", Int32(font.italicAngle.rounded()))
        HPDF_Dict_AddNumber(descriptor, "Ascent", em(font.ascender))
        HPDF_Dict_AddNumber(descriptor, "Descent", em(font.descender))
        HPDF_Dict_AddNumber(descriptor, "CapHeight", em(font.capHeight))
        HPDF_Dict_AddNumber(descriptor, "StemV", 80)
        HPDF_Dict_Add(descriptor, "FontFile2", file)

        let cidFont = HPDF_Dict_New(mmgr)!
        HPDF_Xref_Add(xref, cidFont)
        HPDF_Dict_AddName(cidFont, "Type", "Font")
        HPDF_Dict_AddName(cidFont, "Subtype", "CIDFontType2")
        HPDF_Dict_AddName(cidFont, "BaseFont", baseName)
        let systemInfo = HPDF_Dict_New(mmgr)!
        HPDF_Dict_Add(systemInfo, "Registry", HPDF_String_New(mmgr, "Adobe", nil))
        HPDF_Dict_Add(systemInfo, "Ordering", HPDF_String_New(mmgr, "Identity", nil))
        HPDF_Dict_AddNumber(systemInfo, "Supplement", 0)
        HPDF_Dict_Add(cidFont, "CIDSystemInfo", systemInfo)
        HPDF_Dict_Add(cidFont, "FontDescriptor", descriptor)
        HPDF_Dict_AddName(cidFont, "CIDToGIDMap", "Identity")
        try writeRaw(program.widthsEntry, into: cidFont)

        let toUnicode = try stream(compressed: program.compressedToUnicode, operation: "ToUnicode")

        let type0 = HPDF_Dict_New(mmgr)!
        HPDF_Xref_Add(xref, type0)
        HPDF_Dict_AddName(type0, "Type", "Font")
        HPDF_Dict_AddName(type0, "Subtype", "Type0")
        HPDF_Dict_AddName(type0, "BaseFont", baseName)
        HPDF_Dict_AddName(type0, "Encoding", "Identity-H")
        let descendants = HPDF_Array_New(mmgr)!
        HPDF_Array_Add(descendants, cidFont)
        HPDF_Dict_Add(type0, "DescendantFonts", descendants)
        HPDF_Dict_Add(type0, "ToUnicode", toUnicode)
        try check("building font \(baseName)")
        return type0
    }

    /// An indirect stream object holding bytes already Flate-compressed by ``Deflate``.
    private func stream(compressed bytes: [UInt8], operation: String) throws(RenderError) -> HPDF_Dict {
        guard let dict = HPDF_DictStream_New(mmgr, xref) else {
            try check(operation)
            throw RenderError.pdf(operation: operation, code: 0, detail: 0)
        }
        bytes.withUnsafeBufferPointer { buffer in
            _ = HPDF_Stream_Write(dict.pointee.stream, buffer.baseAddress, HPDF_UINT(buffer.count))
        }
        Self.markPrecompressed(dict)
        try check(operation)
        return dict
    }

    /// Has libharu write `entry` (complete `/Key value` text) at the end of `dict`. A font's
    /// widths, one number object each, were a fifth of the objects libharu allocated, wrote and
    /// freed per document; the text is made once per subset (``FontProgram/widthsEntry``).
    private func writeRaw(_ entry: String, into dict: HPDF_Dict) throws(RenderError) {
        guard let copy = strdup(entry) else { throw RenderError.pdf(operation: "writing \(entry.prefix(3))", code: 0, detail: 0) }
        rawEntries.append(copy)
        dict.pointee.attr = UnsafeMutableRawPointer(copy)
        dict.pointee.write_fn = { dict, stream in
            guard let text = dict?.pointee.attr?.assumingMemoryBound(to: CChar.self) else { return HPDF_STATUS(HPDF_OK) }
            return HPDF_Stream_WriteStr(stream, text)
        }
    }

    /// libharu would compress the stream again (or, with no filter, drop /Filter): the stream
    /// is left unfiltered for libharu and its dictionary gets /Filter written by a callback.
    private static func markPrecompressed(_ dict: HPDF_Dict) {
        dict.pointee.filter = HPDF_UINT(HPDF_STREAM_FILTER_NONE)
        dict.pointee.write_fn = { _, stream in
            HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012")
        }
    }

    // MARK: - attachments and metadata

    /// Embeds `bytes` as a file in the catalog's /EmbeddedFiles name tree (and /AF, with
    /// /AFRelationship /Data), built in memory so no temporary file is involved.
    func attach(fileNamed name: String, bytes: [UInt8], mimeType: String, description: String) throws(RenderError) {
        let file = try stream(compressed: Deflate.compress(bytes, level: Deflate.fastLevel), operation: "EmbeddedFile")
        HPDF_Dict_AddName(file, "Type", "EmbeddedFile")
        HPDF_Dict_AddName(file, "Subtype", mimeType)
        let params = HPDF_Dict_New(mmgr)!
        HPDF_Dict_AddNumber(params, "Size", Int32(bytes.count))
        HPDF_Dict_Add(file, "Params", params)

        let spec = HPDF_Dict_New(mmgr)!
        HPDF_Xref_Add(xref, spec)
        HPDF_Dict_AddName(spec, "Type", "Filespec")
        HPDF_Dict_Add(spec, "F", HPDF_String_New(mmgr, name, nil))
        HPDF_Dict_Add(spec, "UF", textString(name))
        HPDF_Dict_Add(spec, "Desc", textString(description))
        HPDF_Dict_AddName(spec, "AFRelationship", "Data")
        let ef = HPDF_Dict_New(mmgr)!
        HPDF_Dict_Add(ef, "F", file)
        HPDF_Dict_Add(ef, "UF", file)
        HPDF_Dict_Add(spec, "EF", ef)

        let catalog = handle.pointee.catalog!
        let namesArray = HPDF_Array_New(mmgr)!
        HPDF_Array_Add(namesArray, HPDF_String_New(mmgr, name, nil))
        HPDF_Array_Add(namesArray, spec)
        let tree = HPDF_Dict_New(mmgr)!
        HPDF_Dict_Add(tree, "Names", namesArray)
        let names = HPDF_Dict_New(mmgr)!
        HPDF_Dict_Add(names, "EmbeddedFiles", tree)
        HPDF_Dict_Add(catalog, "Names", names)
        let associated = HPDF_Array_New(mmgr)!
        HPDF_Array_Add(associated, spec)
        HPDF_Dict_Add(catalog, "AF", associated)
        try check("attaching \(name)")
    }

    /// Sets Title, Subject, Producer and both dates (from the invoice, never the clock).
    func setInfo(title: String, subject: String, date: (year: Int, month: Int, day: Int)) throws(RenderError) {
        HPDF_SetInfoAttr(handle, HPDF_INFO_PRODUCER, "Faktura")
        HPDF_SetInfoAttr(handle, HPDF_INFO_CREATOR, "Faktura")
        let stamp = HPDF_Date(year: Int32(date.year), month: Int32(date.month), day: Int32(date.day),
                              hour: 0, minutes: 0, seconds: 0, ind: CChar(UInt8(ascii: "Z")), off_hour: 0, off_minutes: 0)
        HPDF_SetInfoDateAttr(handle, HPDF_INFO_CREATION_DATE, stamp)
        HPDF_SetInfoDateAttr(handle, HPDF_INFO_MOD_DATE, stamp)
        try check("HPDF_SetInfoAttr")
        if let info = handle.pointee.info {
            HPDF_Dict_Add(info, "Title", textString(title))
            HPDF_Dict_Add(info, "Subject", textString(subject))
            try check("setting document title")
        }
    }

    /// A PDF text string in UTF-16BE with a byte order mark (any script).
    private func textString(_ text: String) -> HPDF_Binary {
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 { bytes.appendU16(unit) }
        return bytes.withUnsafeMutableBufferPointer { buffer in
            HPDF_Binary_New(mmgr, buffer.baseAddress, HPDF_UINT(buffer.count))
        }
    }

    /// Writes the document and returns its bytes.
    func save() throws(RenderError) -> [UInt8] {
        HPDF_SaveToStream(handle)
        try check("HPDF_SaveToStream")
        let size = Int(HPDF_GetStreamSize(handle))
        if let stream = handle.pointee.stream, let output = Self.bufferedBytes(of: stream, size: size) { return output }
        var output = [UInt8](repeating: 0, count: size)
        var length = HPDF_UINT32(size)
        output.withUnsafeMutableBufferPointer { buffer in
            _ = HPDF_ReadFromStream(handle, buffer.baseAddress, &length)
        }
        if errors.code == HPDF_STREAM_EOF {
            // Reading the whole stream ends at its end; libharu reports that as an error.
            errors.code = 0
            HPDF_ResetError(handle)
        }
        try check("HPDF_ReadFromStream")
        if Int(length) < output.count { output.removeSubrange(Int(length)...) }
        return output
    }

    /// The saved document copied straight from the memory stream's buffers. `HPDF_ReadFromStream`
    /// copies byte by byte (`HPDF_MemCpy`), a fortieth of a render; nil, and the caller reads
    /// the stream through libharu, unless the buffers hold exactly `size` bytes.
    private static func bufferedBytes(of stream: HPDF_Stream, size: Int) -> [UInt8]? {
        guard stream.pointee.type == HPDF_STREAM_MEMORY else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(size)
        for index in 0..<HPDF_MemStream_GetBufCount(stream) {
            var length: HPDF_UINT = 0
            guard let buffer = HPDF_MemStream_GetBufPtr(stream, index, &length) else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(start: buffer, count: Int(length)))
        }
        return output.count == size ? output : nil
    }
}
