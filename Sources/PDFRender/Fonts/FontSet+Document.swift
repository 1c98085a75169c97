/// The fonts of one document: the regular and bold fallback chains over one shared list of
/// parsed faces, which also records the glyphs the document uses.
struct DocumentFontChains {
    let regular: FontChain
    let bold: FontChain
    let fonts: DocumentFonts
}

extension FontSet {
    /// Numbers each distinct face once (regular faces first, then `fallback`, which both
    /// chains end with) and parses it through the cache.
    func documentChains(fallback: [FontSet.Face] = []) throws(RenderError) -> DocumentFontChains {
        guard !regular.isEmpty, !bold.isEmpty else {
            throw RenderError.font(path: "(font set)", message: "the font set needs at least one regular and one bold face")
        }
        var faces: [FontSet.Face] = []
        func slot(_ face: FontSet.Face) -> Int {
            if let index = faces.firstIndex(of: face) { return index }
            faces.append(face)
            return faces.count - 1
        }
        let regularSlots = regular.map(slot) + fallback.map(slot)
        let boldSlots = bold.map(slot) + fallback.map(slot)
        var parsed: [TrueTypeFont] = []
        for face in faces { parsed.append(try FontCache.font(face)) }
        return DocumentFontChains(
            regular: FontChain(fonts: regularSlots.map { parsed[$0] }, slots: regularSlots),
            bold: FontChain(fonts: boldSlots.map { parsed[$0] }, slots: boldSlots),
            fonts: DocumentFonts(fonts: parsed))
    }

    /// The fallback faces that have at least one of `scalars`, parsed through the cache.
    func fallbackFaces(covering scalars: Set<Unicode.Scalar>) throws(RenderError) -> [FontSet.Face] {
        var needed: [FontSet.Face] = []
        for face in fallback {
            let font = try FontCache.font(face)
            if scalars.contains(where: { font.glyph(for: $0) != nil }) { needed.append(face) }
        }
        return needed
    }
}

extension PDFDocument {
    /// A document of the laid-out pages. Glyph sets are complete once every page is drawn, so
    /// only then is each font's subset numbered and the pages pointed at it.
    static func assemble(pages: [PageCanvas], fonts: DocumentFonts) throws(RenderError) -> PDFDocument {
        let subsets = fonts.subsets()
        // Only the fonts a page drew with are looked up (an unused CJK face's table would be 99 KB).
        let newIDs = subsets.indices.map { fonts.used[$0] ? subsets[$0].newIDTable : [] }
        let document = try PDFDocument()
        for var page in pages {
            page.resolveGlyphs(newIDs)
            try document.addPage(page)
        }
        try document.embedFonts(subsets, used: fonts.used)
        return document
    }
}
