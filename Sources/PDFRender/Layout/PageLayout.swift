/// Lays a template's blocks out top to bottom over as many pages as the invoice needs.
///
/// Tables continue on new pages with their header repeated; every page gets the footer and,
/// after the first, the continuation line. Page numbers are filled in once the page count
/// is known, which is why pages are kept as canvases until the end.
final class PageLayout {
    let template: InvoiceTemplate
    let fields: InvoiceFields
    let regular: FontChain
    let bold: FontChain
    let fonts: DocumentFonts
    private(set) var pages: [PageCanvas] = []
    /// Top of the free space on the current page (PDF coordinates grow upwards).
    private var cursor = 0.0
    /// Field rows and row cells already laid out, by the template's block and width: a block is
    /// measured before it is drawn, and a row measures its cells' blocks again to draw them, so
    /// each was wrapped two to four times. The entries hold the block's arrays, whose storage
    /// identifies them (held, no other array can take the address); an invoice has a few.
    private var fieldRowsMemo: [(fields: [FieldsBlock.Field], size: Double?, labelWidth: Double, underline: Bool,
                                 width: Double, rows: [FieldRow])] = []
    private var rowCellsMemo: [(cells: [RowBlock.Cell], gap: Double, width: Double, geometry: [CellGeometry])] = []

    private var page: PageSetup { template.page }
    private var left: Double { page.margin }
    private var contentWidth: Double { page.width - 2 * page.margin }
    private var bottom: Double { page.margin + footerHeight }
    private let footerHeight: Double
    private let continuationHeight: Double

    static let cellPadding = 2.0
    static let lineSpacing = 1.22

    init(template: InvoiceTemplate, fields: InvoiceFields, regular: FontChain, bold: FontChain, fonts: DocumentFonts) {
        self.template = template
        self.fields = fields
        self.regular = regular
        self.bold = bold
        self.fonts = fonts
        let footerSize = template.footer?.style.size ?? template.page.fontSize
        footerHeight = template.footer == nil ? 0 : footerSize * Self.lineSpacing + 6
        let continuationSize = template.continuation?.style.size ?? template.page.fontSize
        continuationHeight = template.continuation == nil ? 0 : continuationSize * Self.lineSpacing + 6
    }

    /// Lays out the whole body and returns the finished pages.
    func run() -> [PageCanvas] {
        startPage()
        for block in template.body {
            flow(block)
        }
        finishPages()
        return pages
    }

    // MARK: - pages

    private func startPage() {
        pages.append(PageCanvas(width: page.width, height: page.height))
        cursor = page.height - page.margin - (pages.count > 1 ? continuationHeight : 0)
    }

    private var atPageTop: Bool {
        cursor >= page.height - page.margin - (pages.count > 1 ? continuationHeight : 0) - 0.01
    }

    /// Starts a new page unless `height` still fits (a block taller than a page stays put).
    private func reserve(_ height: Double) {
        if cursor - height < bottom && !atPageTop { startPage() }
    }

    private func finishPages() {
        let total = pages.count
        for index in pages.indices {
            if let footer = template.footer {
                let size = footer.style.size ?? page.fontSize
                let text = resolve(footer.text, page: index + 1, pages: total)
                drawLine(text, into: &pages[index], x: left, width: contentWidth, baseline: page.margin, size: size,
                         bold: footer.style.bold, align: footer.style.align)
            }
            if index > 0, let continuation = template.continuation {
                let size = continuation.style.size ?? page.fontSize
                let text = resolve(continuation.text, page: index + 1, pages: total)
                drawLine(text, into: &pages[index], x: left, width: contentWidth,
                         baseline: page.height - page.margin - size, size: size,
                         bold: continuation.style.bold, align: continuation.style.align)
            }
        }
    }

    // MARK: - values

    func resolve(_ pattern: TextPattern, row: Int = 0, page: Int = 0, pages: Int = 0) -> String {
        if pattern.pieces.count == 1, case .literal(let literal) = pattern.pieces[0] { return literal }
        var text = ""
        for piece in pattern.pieces {
            switch piece {
            case .literal(let literal):
                text += literal
            case let .field(_, ref, fallback):
                var value: String
                switch ref {
                case .invoice(let index): value = fields.invoiceValue(index)
                case .line(let index): value = fields.lineValue(index, row: row)
                case .vat(let index): value = fields.vatValue(index, row: row)
                case .page: value = String(page)
                case .pages: value = String(pages)
                case .unknown: value = ""
                }
                if value.isEmpty, let fallback { value = fallback }
                text += value
            }
        }
        return text
    }

    /// Whether every placeholder of `pattern` is empty on `row` (fallbacks aside).
    func placeholdersEmpty(_ pattern: TextPattern, row: Int) -> Bool {
        pattern.pieces.allSatisfy { piece in
            guard case let .field(_, ref, _) = piece else { return true }
            switch ref {
            case .invoice(let index): return fields.invoiceValue(index).isEmpty
            case .line(let index): return fields.lineValue(index, row: row).isEmpty
            case .vat(let index): return fields.vatValue(index, row: row).isEmpty
            case .page, .pages, .unknown: return true
            }
        }
    }

    private func isShown(_ condition: Condition) -> Bool {
        guard let key = condition.ifKey else { return true }
        return !fields.value(key).isEmpty
    }

    private func chain(bold isBold: Bool) -> FontChain { isBold ? bold : regular }

    private func lineHeight(_ size: Double) -> Double { size * Self.lineSpacing }

    // MARK: - flow

    private func flow(_ block: Block) {
        switch block {
        case let .table(table, condition):
            guard isShown(condition) else { return }
            cursor -= condition.spaceBefore
            flowTable(table)
        case .spacer(let height):
            cursor -= height
        default:
            let height = measure(block, width: contentWidth)
            guard height > 0 else { return }
            if height > pageSpace, flowOverlong(block) { return }
            reserve(height)
            draw(block, into: &pages[pages.count - 1], x: left, top: cursor, width: contentWidth)
            cursor -= height
        }
    }

    /// Flows a text or fields block taller than a page over several pages; false for other blocks.
    private func flowOverlong(_ block: Block) -> Bool {
        switch block {
        case let .text(text, condition):
            // Text taller than a page (a very long address) continues line by line.
            cursor -= condition.spaceBefore
            let size = text.style.size ?? page.fontSize
            for line in TextWrapping.lines(resolve(text.text), width: contentWidth, size: size, chain: chain(bold: text.style.bold)) {
                reserve(lineHeight(size))
                drawLine(line, into: &pages[pages.count - 1], x: left, width: contentWidth, baseline: cursor - size, size: size,
                         bold: text.style.bold, align: text.style.align)
                cursor -= lineHeight(size)
            }
            return true
        case let .fields(fieldsBlock, condition):
            // Field by field, so a long list of fields continues on the next page.
            cursor -= condition.spaceBefore
            for field in fieldsBlock.fields {
                var single = fieldsBlock
                single.fields = [field]
                let height = measure(.fields(single, Condition(ifKey: nil, spaceBefore: 0)), width: contentWidth)
                guard height > 0 else { continue }
                if height > pageSpace {
                    flowOverlongField(single)
                    continue
                }
                reserve(height)
                drawFields(single, into: &pages[pages.count - 1], x: left, top: cursor, width: contentWidth)
                cursor -= height
            }
            return true
        case let .row(row, condition):
            // Cells side by side cannot continue over pages together: a row taller than a page
            // gives up its columns and flows its cells' blocks one after another, full width.
            cursor -= condition.spaceBefore
            for cell in row.cells {
                for child in cell.blocks { flow(child) }
            }
            return true
        default:
            return false
        }
    }

    /// One field taller than a page, line by line: label and value continue together.
    private func flowOverlongField(_ block: FieldsBlock) {
        guard let row = fieldRows(block, width: contentWidth).first else { return }
        let referenceWidth = row.reference.map { regular.width($0, size: row.size) + 6 } ?? 0
        for index in 0..<max(row.label.count, row.value.count) {
            reserve(lineHeight(row.size))
            let baseline = cursor - row.size
            if index < row.label.count {
                drawLine(row.label[index], into: &pages[pages.count - 1], x: left, width: labelWidth(block, width: contentWidth), baseline: baseline,
                         size: row.size, bold: false, align: .left)
            }
            if index < row.value.count {
                drawLine(row.value[index], into: &pages[pages.count - 1], x: left + labelWidth(block, width: contentWidth),
                         width: contentWidth - labelWidth(block, width: contentWidth) - referenceWidth, baseline: baseline, size: row.size,
                         bold: row.bold, align: .left)
            }
            if index == 0, let reference = row.reference {
                drawLine(reference, into: &pages[pages.count - 1], x: left, width: contentWidth, baseline: baseline, size: row.size,
                         bold: false, align: .right)
            }
            cursor -= lineHeight(row.size)
        }
    }

    /// The height available for content on a continuation page.
    private var pageSpace: Double {
        page.height - 2 * page.margin - footerHeight - continuationHeight
    }

    /// Height of a block laid out in `width` (0 when its condition hides it).
    private func measure(_ block: Block, width: Double) -> Double {
        switch block {
        case let .text(text, condition):
            guard isShown(condition) else { return 0 }
            let size = text.style.size ?? page.fontSize
            let lines = TextWrapping.lines(resolve(text.text), width: width, size: size, chain: chain(bold: text.style.bold))
            return condition.spaceBefore + Double(max(lines.count, 1)) * lineHeight(size)
        case .spacer(let height):
            return height
        case let .rule(width: _, condition):
            return isShown(condition) ? condition.spaceBefore + 4 : 0
        case let .fields(block, condition):
            guard isShown(condition) else { return 0 }
            return condition.spaceBefore + fieldRows(block, width: width).reduce(0) { $0 + $1.height }
        case let .row(row, condition):
            guard isShown(condition) else { return 0 }
            return condition.spaceBefore + rowCells(row, width: width).map(\.height).max()!
        case let .table(table, condition):
            guard isShown(condition) else { return 0 }
            let layout = TableGeometry(table: table, width: width, layout: self)
            return condition.spaceBefore + layout.headerHeight + layout.rowHeights.reduce(0, +) + layout.totalHeight
        case let .signature(signature, condition):
            guard isShown(condition) else { return 0 }
            return condition.spaceBefore + signatureHeight(signature, width: width)
        case let .image(image, condition):
            guard isShown(condition) else { return 0 }
            return condition.spaceBefore + image.height + 2
        }
    }

    /// Draws a block whose top is at `top`; it must already have been measured to fit.
    private func draw(_ block: Block, into canvas: inout PageCanvas, x: Double, top: Double, width: Double) {
        switch block {
        case let .text(text, condition):
            guard isShown(condition) else { return }
            let size = text.style.size ?? page.fontSize
            var baseline = top - condition.spaceBefore - size
            for line in TextWrapping.lines(resolve(text.text), width: width, size: size, chain: chain(bold: text.style.bold)) {
                drawLine(line, into: &canvas, x: x, width: width, baseline: baseline, size: size, bold: text.style.bold,
                         align: text.style.align)
                baseline -= lineHeight(size)
            }
        case .spacer:
            return
        case let .rule(width: lineWidth, condition):
            guard isShown(condition) else { return }
            let y = top - condition.spaceBefore - 2
            canvas.line(from: (x, y), to: (x + width, y), width: lineWidth)
        case let .fields(block, condition):
            guard isShown(condition) else { return }
            drawFields(block, into: &canvas, x: x, top: top - condition.spaceBefore, width: width)
        case let .row(row, condition):
            guard isShown(condition) else { return }
            let cells = rowCells(row, width: width)
            let height = cells.map(\.height).max()!
            var cellX = x
            let rowTop = top - condition.spaceBefore
            for (cell, geometry) in zip(row.cells, cells) {
                let inset = cell.border ? 3.0 : 0
                var cellTop = rowTop - inset
                for (child, childHeight) in zip(cell.blocks, geometry.blockHeights) {
                    draw(child, into: &canvas, x: cellX + inset, top: cellTop, width: geometry.width - 2 * inset)
                    cellTop -= childHeight
                }
                if cell.border {
                    canvas.strokeRectangle(x: cellX, y: rowTop - height, width: geometry.width, height: height, lineWidth: 0.5)
                }
                cellX += geometry.width + row.gap
            }
        case let .table(table, condition):
            guard isShown(condition) else { return }
            let geometry = TableGeometry(table: table, width: width, layout: self)
            var y = top - condition.spaceBefore
            y = drawTableHeader(geometry, into: &canvas, x: x, top: y)
            for row in 0..<geometry.rowHeights.count {
                y = drawTableRow(geometry, row: row, into: &canvas, x: x, top: y)
            }
            drawTableTotal(geometry, into: &canvas, x: x, top: y)
        case let .signature(signature, condition):
            guard isShown(condition) else { return }
            drawSignature(signature, into: &canvas, x: x, top: top - condition.spaceBefore, width: width)
        case let .image(image, condition):
            guard isShown(condition) else { return }
            let imageX: Double
            switch image.align {
            case .left: imageX = x
            case .center: imageX = x + (width - image.width) / 2
            case .right: imageX = x + width - image.width
            }
            canvas.image(image.image, x: imageX, y: top - condition.spaceBefore - image.height, width: image.width, height: image.height)
        }
    }

    func drawLine(_ text: String, into canvas: inout PageCanvas, x: Double, width: Double, baseline: Double, size: Double,
                  bold isBold: Bool, align: Alignment) {
        let fontChain = chain(bold: isBold)
        var lineX = x
        if align != .left {
            let textWidth = fontChain.width(text, size: size)
            lineX = align == .right ? x + width - textWidth : x + (width - textWidth) / 2
        }
        canvas.text(text, x: lineX, y: baseline, size: size, chain: fontChain, fonts: fonts)
    }

    // MARK: - fields

    private struct FieldRow {
        let label: [String]
        let value: [String]
        let reference: String?
        let bold: Bool
        let size: Double
        let height: Double
    }

    /// The label column: the template's width, but never more than 60% of the block, so that on
    /// a narrow page (A5) the values keep room for their amounts.
    private func labelWidth(_ block: FieldsBlock, width: Double) -> Double {
        min(block.labelWidth, width * 0.6)
    }

    private func fieldRows(_ block: FieldsBlock, width: Double) -> [FieldRow] {
        for entry in fieldRowsMemo where entry.width == width && entry.size == block.size && entry.labelWidth == block.labelWidth
            && entry.underline == block.underline && Self.sameStorage(entry.fields, block.fields) {
            return entry.rows
        }
        let rows = layOutFieldRows(block, width: width)
        fieldRowsMemo.append((block.fields, block.size, block.labelWidth, block.underline, width, rows))
        return rows
    }

    /// Whether two arrays are one storage (a template's array and its copies).
    private static func sameStorage<Element>(_ left: [Element], _ right: [Element]) -> Bool {
        left.withUnsafeBufferPointer { a in
            right.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress && a.count == b.count }
        }
    }

    private func layOutFieldRows(_ block: FieldsBlock, width: Double) -> [FieldRow] {
        let size = block.size ?? page.fontSize
        var rows: [FieldRow] = []
        for field in block.fields {
            if let key = field.ifKey, fields.value(key).isEmpty { continue }
            let referenceWidth = field.reference.map { regular.width($0, size: size) + 6 } ?? 0
            let label = TextWrapping.lines(resolve(field.label), width: labelWidth(block, width: width) - 4, size: size, chain: regular)
            let valueWidth = width - labelWidth(block, width: width) - referenceWidth
            let value = TextWrapping.lines(resolve(field.value), width: valueWidth, size: size, chain: chain(bold: field.bold))
            let lines = max(label.count, value.count, 1)
            rows.append(FieldRow(label: label, value: value, reference: field.reference, bold: field.bold, size: size,
                                 height: Double(lines) * lineHeight(size) + (block.underline ? 1.5 : 0)))
        }
        return rows
    }

    private func drawFields(_ block: FieldsBlock, into canvas: inout PageCanvas, x: Double, top: Double, width: Double) {
        var y = top
        for row in fieldRows(block, width: width) {
            var baseline = y - row.size
            for line in row.label {
                drawLine(line, into: &canvas, x: x, width: labelWidth(block, width: width), baseline: baseline, size: row.size, bold: false, align: .left)
                baseline -= lineHeight(row.size)
            }
            baseline = y - row.size
            let referenceWidth = row.reference.map { regular.width($0, size: row.size) + 6 } ?? 0
            for line in row.value {
                drawLine(line, into: &canvas, x: x + labelWidth(block, width: width), width: width - labelWidth(block, width: width) - referenceWidth,
                         baseline: baseline, size: row.size, bold: row.bold, align: .left)
                baseline -= lineHeight(row.size)
            }
            if let reference = row.reference {
                drawLine(reference, into: &canvas, x: x, width: width, baseline: y - row.size, size: row.size, bold: false, align: .right)
            }
            if block.underline {
                let lineY = y - row.height + 1.5
                canvas.line(from: (x + labelWidth(block, width: width), lineY), to: (x + width - referenceWidth, lineY), width: 0.4)
            }
            y -= row.height
        }
    }

    // MARK: - rows of cells

    /// A cell of a row: its width, its height, and the height of each of its blocks.
    private struct CellGeometry {
        let width: Double
        let height: Double
        let blockHeights: [Double]
    }

    private func rowCells(_ row: RowBlock, width: Double) -> [CellGeometry] {
        for entry in rowCellsMemo where entry.width == width && entry.gap == row.gap && Self.sameStorage(entry.cells, row.cells) {
            return entry.geometry
        }
        let totalWeight = row.cells.reduce(0) { $0 + $1.width }
        let available = width - row.gap * Double(row.cells.count - 1)
        let geometry = row.cells.map { cell in
            let cellWidth = available * cell.width / totalWeight
            let inset = cell.border ? 3.0 : 0
            let heights = cell.blocks.map { measure($0, width: cellWidth - 2 * inset) }
            return CellGeometry(width: cellWidth, height: heights.reduce(0, +) + 2 * inset, blockHeights: heights)
        }
        rowCellsMemo.append((row.cells, row.gap, width, geometry))
        return geometry
    }

    // MARK: - signatures

    private func drawSignature(_ signature: SignatureBlock, into canvas: inout PageCanvas, x: Double, top: Double, width: Double) {
        let size = page.fontSize
        let labelWidth = signatureLabelWidth(signature, width: width)
        let baseline = top - size - 2
        let labelLines = TextWrapping.lines(signature.label, width: labelWidth - 4, size: size, chain: regular)
        var labelBaseline = baseline
        for line in labelLines.prefix(2) {
            drawLine(line, into: &canvas, x: x, width: labelWidth, baseline: labelBaseline, size: size, bold: false, align: .left)
            labelBaseline -= lineHeight(size)
        }
        let lineY = baseline - 2
        canvas.line(from: (x + labelWidth, lineY), to: (x + width, lineY), width: 0.5)
        let value = resolve(signature.value)
        if !value.isEmpty {
            drawLine(value, into: &canvas, x: x + labelWidth, width: width - labelWidth, baseline: baseline, size: size,
                     bold: false, align: .center)
        }
        if let caption = signature.caption {
            let captionSize = max(size - 2, 4)
            var captionBaseline = lineY - captionSize - 1
            for line in TextWrapping.lines(caption, width: width - labelWidth, size: captionSize, chain: regular) {
                drawLine(line, into: &canvas, x: x + labelWidth, width: width - labelWidth, baseline: captionBaseline,
                         size: captionSize, bold: false, align: .center)
                captionBaseline -= lineHeight(captionSize)
            }
        }
    }

    private func signatureLabelWidth(_ signature: SignatureBlock, width: Double) -> Double {
        signature.labelWidth ?? min(regular.width(signature.label, size: page.fontSize) + 6, width * 0.5)
    }

    private func signatureHeight(_ signature: SignatureBlock, width: Double) -> Double {
        let size = page.fontSize
        let labelWidth = signatureLabelWidth(signature, width: width)
        let labelLines = min(TextWrapping.lines(signature.label, width: labelWidth - 4, size: size, chain: regular).count, 2)
        let captionSize = max(size - 2, 4)
        let captionLines = signature.caption.map {
            TextWrapping.lines($0, width: width - labelWidth, size: captionSize, chain: regular).count
        } ?? 0
        let labelHeight = Double(max(labelLines, 1)) * lineHeight(size) + 2
        let lineHeightBelow = size + 4 + Double(captionLines) * lineHeight(captionSize)
        return max(labelHeight, lineHeightBelow) + 2
    }

    // MARK: - tables

    struct TableGeometry {
        let table: TableBlock
        /// The columns drawn: the table's, less those left out as empty.
        let columns: [TableBlock.Column]
        let widths: [Double]
        let size: Double
        let headerSize: Double
        let headerSizes: [Double]
        let header: [[String]]
        let headerHeight: Double
        let numbersHeight: Double
        let rows: [[[String]]]
        let rowHeights: [Double]
        let totals: [String?]
        let totalLabel: [String]
        let firstTotal: Int?
        let totalHeight: Double

        /// Lines of the row's tallest cell.
        func lineCount(_ row: Int) -> Int { max(rows[row].map(\.count).max() ?? 1, 1) }

        init(table: TableBlock, width: Double, layout: PageLayout) {
            self.table = table
            let padding = PageLayout.cellPadding
            let baseSize = table.size ?? layout.page.fontSize
            headerSize = table.headerSize ?? baseSize
            let rowCount = layout.fields.rowCount(table.source)
            // A column marked omit-empty whose placeholders are empty on every row is left out.
            let columns = table.columns.filter { column in
                !column.omitEmpty || (0..<rowCount).contains { row in !layout.placeholdersEmpty(column.value, row: row) }
            }
            self.columns = columns
            let texts = (0..<rowCount).map { row in columns.map { layout.resolve($0.value, row: row) } }
            totals = columns.map { column in column.total.map { layout.resolve($0) } }
            let fitted = Self.fit(texts: texts, totals: totals, headers: columns.map(\.header), weights: columns.map(\.width),
                                  width: width, size: baseSize, headerSize: headerSize, layout: layout)
            widths = fitted.widths
            let size = fitted.size
            self.size = size
            let inner = widths.map { max($0 - 2 * padding, 1) }
            let headerSize = self.headerSize
            let headerLayouts = zip(columns, inner).map { column, width in
                HeaderLayoutCache.layout(of: column.header, width: width, size: headerSize, chain: layout.bold) {
                    let size = Self.fittedHeaderSize(column.header, width: width, size: headerSize, chain: layout.bold)
                    return HeaderLayoutCache.Layout(
                        size: size, lines: TextWrapping.lines(column.header, width: width, size: size, chain: layout.bold, wordBreak: .syllables))
                }
            }
            let headerSizes = headerLayouts.map(\.size)
            self.headerSizes = headerSizes
            let header = headerLayouts.map(\.lines)
            self.header = header
            headerHeight = zip(header, headerSizes).map { Double($0.count) * layout.lineHeight($1) }.max().map { $0 + 2 * padding }
                ?? layout.lineHeight(headerSize) + 2 * padding
            numbersHeight = table.columnNumbers ? layout.lineHeight(headerSize) + 2 * padding : 0
            var rows: [[[String]]] = []
            var heights: [Double] = []
            rows.reserveCapacity(rowCount)
            for cellTexts in texts {
                let cells = zip(cellTexts, inner).map { text, width in
                    TextWrapping.lines(text, width: width, size: size, chain: layout.regular)
                }
                rows.append(cells)
                heights.append(Double(max(cells.map(\.count).max() ?? 1, 1)) * layout.lineHeight(size) + 2 * padding)
            }
            self.rows = rows
            rowHeights = heights
            firstTotal = totals.firstIndex { $0 != nil }
            if let firstTotal, let label = table.totalLabel {
                let labelWidth = widths[0..<firstTotal].reduce(0, +) - 2 * padding
                totalLabel = TextWrapping.lines(label, width: max(labelWidth, 10), size: size, chain: layout.bold)
            } else {
                totalLabel = []
            }
            if firstTotal != nil {
                let cellLines = zip(totals, inner).map { total, width in
                    total.map { TextWrapping.lines($0, width: width, size: size, chain: layout.bold).count } ?? 1
                }
                let lines = max(cellLines.max() ?? 1, totalLabel.count, 1)
                totalHeight = Double(lines) * layout.lineHeight(size) + 2 * padding
            } else {
                totalHeight = 0
            }
        }

        /// The smallest share of its size a table's text may shrink to before words break.
        static let smallestScale = 0.7

        /// Column widths and text size from the content (docs/rendering.md, "Cells that fit"): each
        /// column at least as wide as its widest amount or word and its header's widest syllable;
        /// the room beyond goes as ``distribute(_:weights:minimum:maximum:)`` says, by each column's
        /// longest line. When the minimums do not fit, a smaller size (down to 70%, in quarter
        /// points); then codes may break at their slashes, then words other than numbers anywhere.
        /// Only a page too narrow for its amounts even so gets the template's proportions.
        static func fit(texts: [[String]], totals: [String?], headers: [String], weights: [Double], width: Double,
                        size: Double, headerSize: Double, layout: PageLayout) -> (widths: [Double], size: Double) {
            let padding = PageLayout.cellPadding
            var sizes: [Double] = []
            var candidate = size
            while candidate >= size * smallestScale - 0.001 {
                sizes.append(candidate)
                candidate -= 0.25
            }
            // The longest line of each column, in 1/1000 em (a cell's own lines, totals in bold).
            let natural = weights.indices.map { column in
                var longest = totals[column].map { layout.bold.widthUnits($0) } ?? 0
                for row in texts {
                    let text = row[column]
                    // Splitting by Character walks grapheme clusters; most cells have no newline at all.
                    guard text.utf8.contains(0x0A) else {
                        longest = max(longest, layout.regular.widthUnits(text))
                        continue
                    }
                    for line in text.split(separator: "\n") { longest = max(longest, layout.regular.widthUnits(line)) }
                }
                return longest
            }
            let headerWords = headers.map { layout.bold.longestWord($0, size: headerSize) + 2 * padding }
            let headerSyllables = headers.map { Double(TextWrapping.widestSyllable($0, chain: layout.bold)) * headerSize / 1000 }
            for atoms in TextWrapping.Atoms.allCases {
                let units = weights.indices.map { column in
                    var widest = totals[column].map { TextWrapping.widestAtom($0, chain: layout.bold, atoms: atoms) } ?? 0
                    for row in texts {
                        widest = max(widest, TextWrapping.widestAtom(row[column], chain: layout.regular, atoms: atoms))
                    }
                    return widest
                }
                // A header is hyphenated at 80% of its size, at 60% only when the content is pressed too.
                let headerScale = atoms == .digitWords ? 0.6 : 0.8
                for candidate in sizes {
                    // 0.01 pt over the exact width: line breaking rounds the room down to whole units.
                    let minimum = weights.indices.map { column in
                        max(Double(units[column]) * candidate / 1000, headerSyllables[column] * headerScale) + 2 * padding + 0.01
                    }
                    let maximum = weights.indices.map { column in
                        max(Double(natural[column]) * candidate / 1000 + 2 * padding + 0.01, headerWords[column], minimum[column])
                    }
                    if let widths = distribute(width, weights: weights, minimum: minimum, maximum: maximum) {
                        return (widths, candidate)
                    }
                }
            }
            let total = weights.reduce(0, +)
            return (weights.map { width * $0 / total }, sizes.last ?? size)
        }

        /// Column widths in `total`, no column under its `minimum`; nil when the minimums alone are
        /// too wide. With `maximum` (each column's longest line), as HTML sizes an automatic table:
        /// when every column can have its longest line, each does and the rest goes by `weights`;
        /// else each gets its minimum and the room left in proportion to how much more it could
        /// use, so the columns that wrap (a description) take it and the others stay whole.
        /// Without, the template's `weights` share the room, a column under its minimum pinned there.
        static func distribute(_ total: Double, weights: [Double], minimum: [Double],
                               maximum: [Double]? = nil) -> [Double]? {
            let minimumSum = minimum.reduce(0, +)
            guard minimumSum <= total else { return nil }
            if let maximum {
                let maximumSum = maximum.reduce(0, +)
                if maximumSum <= total {
                    let weightSum = max(weights.reduce(0, +), 0.000_001)
                    return zip(maximum, weights).map { $0 + (total - maximumSum) * $1 / weightSum }
                }
                let flexSum = maximumSum - minimumSum
                return zip(minimum, maximum).map { $0 + (total - minimumSum) * ($1 - $0) / flexSum }
            }
            let maximum = Array(repeating: Double.infinity, count: weights.count)
            var pinned: [Double?] = Array(repeating: nil, count: weights.count)
            while true {
                let free = total - pinned.reduce(0) { $0 + ($1 ?? 0) }
                let weightSum = zip(weights, pinned).reduce(0) { $0 + ($1.1 == nil ? $1.0 : 0) }
                guard weightSum > 0 else {
                    // Every column pinned: what is left goes by weight to all.
                    let allWeights = weights.reduce(0, +)
                    return zip(pinned, weights).map { $0! + free * $1 / max(allWeights, 1) }
                }
                let shares = weights.indices.map { pinned[$0] ?? free * weights[$0] / weightSum }
                // Columns under their minimum first: pinning them takes room from the others.
                let under = weights.indices.filter { pinned[$0] == nil && shares[$0] < minimum[$0] }
                if !under.isEmpty {
                    for index in under { pinned[index] = minimum[index] }
                    continue
                }
                let over = weights.indices.filter { pinned[$0] == nil && shares[$0] > maximum[$0] }
                if !over.isEmpty {
                    for index in over { pinned[index] = maximum[index] }
                    continue
                }
                return shares
            }
        }

        /// A header's size: its own while its longest word fits, down to 80% to keep words whole,
        /// then down to 60% for its widest syllable (the header is hyphenated there).
        static func fittedHeaderSize(_ header: String, width: Double, size: Double, chain: FontChain) -> Double {
            let longest = chain.longestWord(header, size: size)
            if longest <= width { return size }
            // A hair under the exact fit: line breaking rounds the room down to whole units.
            let wholeWords = size * width / longest * 0.999
            if wholeWords >= size * 0.8 - 0.001 { return wholeWords }
            let syllable = Double(TextWrapping.widestSyllable(header, chain: chain)) * size / 1000
            guard syllable > width * 1.25 else { return size * 0.8 }
            return max(size * width / syllable * 0.999, size * 0.6)
        }
    }

    /// Flows a table over pages: rows move to a new page when they do not fit, and the
    /// header is drawn again there. A row taller than a whole page is cut between its lines
    /// and continues under the repeated header, so no word runs off the paper.
    private func flowTable(_ table: TableBlock) {
        let geometry = TableGeometry(table: table, width: contentWidth, layout: self)
        let roomUnderHeader = pageSpace - geometry.headerHeight - geometry.numbersHeight
        let firstRow = geometry.rowHeights.first ?? 0
        reserve(geometry.headerHeight + geometry.numbersHeight + (firstRow <= roomUnderHeader ? firstRow : minimumRowPart(geometry)))
        cursor = drawTableHeader(geometry, into: &pages[pages.count - 1], x: left, top: cursor)
        for (row, height) in geometry.rowHeights.enumerated() {
            // Keep the last row with the totals row, so totals never stand alone on a page.
            let needed = height + (row == geometry.rowHeights.count - 1 ? geometry.totalHeight : 0)
            // A row that fits on a fresh page moves there whole; a taller one starts here if a
            // line of it fits, and is cut.
            let movesWhole = needed <= roomUnderHeader
            if cursor - needed < bottom && !atPageTop && (movesWhole || cursor - minimumRowPart(geometry) < bottom) {
                continueTableOnNewPage(geometry)
            }
            if cursor - height >= bottom || movesWhole {
                cursor = drawTableRow(geometry, row: row, into: &pages[pages.count - 1], x: left, top: cursor)
                continue
            }
            let lineCount = geometry.lineCount(row)
            var from = 0
            while from < lineCount {
                let fitting = Int(((cursor - bottom - 2 * Self.cellPadding) / lineHeight(geometry.size)).rounded(.down))
                let count = min(max(fitting, 1), lineCount - from)
                cursor = drawTableRow(geometry, row: row, lines: from..<from + count, into: &pages[pages.count - 1], x: left,
                                      top: cursor)
                from += count
                if from < lineCount { continueTableOnNewPage(geometry) }
            }
        }
        if geometry.totalHeight > 0 {
            if cursor - geometry.totalHeight < bottom { startPage() }
            cursor = drawTableTotal(geometry, into: &pages[pages.count - 1], x: left, top: cursor)
        }
    }

    private func continueTableOnNewPage(_ geometry: TableGeometry) {
        startPage()
        cursor = drawTableHeader(geometry, into: &pages[pages.count - 1], x: left, top: cursor)
    }

    /// The height of one line of a row: the least of a row a page may hold.
    private func minimumRowPart(_ geometry: TableGeometry) -> Double {
        lineHeight(geometry.size) + 2 * Self.cellPadding
    }

    @discardableResult
    private func drawTableHeader(_ geometry: TableGeometry, into canvas: inout PageCanvas, x: Double, top: Double) -> Double {
        let totalWidth = geometry.widths.reduce(0, +)
        let height = geometry.headerHeight + geometry.numbersHeight
        canvas.fillRectangle(x: x, y: top - geometry.headerHeight, width: totalWidth, height: geometry.headerHeight, gray: 0.9)
        var cellX = x
        for (index, width) in geometry.widths.enumerated() {
            let lines = geometry.header[index]
            let size = geometry.headerSizes[index]
            // Centre the header text vertically in the header band.
            let block = Double(lines.count) * lineHeight(size)
            var baseline = top - (geometry.headerHeight - block) / 2 - size
            for line in lines {
                drawLine(line, into: &canvas, x: cellX + Self.cellPadding, width: width - 2 * Self.cellPadding, baseline: baseline,
                         size: size, bold: true, align: .center)
                baseline -= lineHeight(size)
            }
            if geometry.table.columnNumbers, let number = geometry.columns[index].number {
                drawLine(number, into: &canvas, x: cellX, width: width, baseline: top - geometry.headerHeight - Self.cellPadding - geometry.headerSize,
                         size: geometry.headerSize, bold: false, align: .center)
            }
            cellX += width
        }
        gridLines(geometry, into: &canvas, x: x, top: top, height: height, horizontal: [geometry.headerHeight])
        return top - height
    }

    /// Draws a row, or the lines `lines` of it when a tall row is cut over pages.
    @discardableResult
    private func drawTableRow(_ geometry: TableGeometry, row: Int, lines: Range<Int>? = nil, into canvas: inout PageCanvas,
                              x: Double, top: Double) -> Double {
        let height = lines.map { Double($0.count) * lineHeight(geometry.size) + 2 * Self.cellPadding } ?? geometry.rowHeights[row]
        var cellX = x
        for (index, width) in geometry.widths.enumerated() {
            var baseline = top - Self.cellPadding - geometry.size
            let cell = geometry.rows[row][index]
            let shown = lines.map { cell[min($0.lowerBound, cell.count)..<min($0.upperBound, cell.count)] } ?? cell[...]
            for line in shown {
                drawLine(line, into: &canvas, x: cellX + Self.cellPadding, width: width - 2 * Self.cellPadding, baseline: baseline,
                         size: geometry.size, bold: false, align: geometry.columns[index].align)
                baseline -= lineHeight(geometry.size)
            }
            cellX += width
        }
        gridLines(geometry, into: &canvas, x: x, top: top, height: height, horizontal: [])
        return top - height
    }

    @discardableResult
    private func drawTableTotal(_ geometry: TableGeometry, into canvas: inout PageCanvas, x: Double, top: Double) -> Double {
        guard let firstTotal = geometry.firstTotal, geometry.totalHeight > 0 else { return top }
        let height = geometry.totalHeight
        let lastTotal = geometry.totals.lastIndex { $0 != nil } ?? firstTotal
        let labelWidth = geometry.widths[0..<firstTotal].reduce(0, +)
        var baseline = top - Self.cellPadding - geometry.size
        for line in geometry.totalLabel {
            drawLine(line, into: &canvas, x: x + Self.cellPadding, width: labelWidth - 2 * Self.cellPadding, baseline: baseline,
                     size: geometry.size, bold: true, align: .left)
            baseline -= lineHeight(geometry.size)
        }
        var cellX = x + labelWidth
        var edges = [x, cellX]
        for index in firstTotal...lastTotal {
            let width = geometry.widths[index]
            if let total = geometry.totals[index] {
                var line = top - Self.cellPadding - geometry.size
                for text in TextWrapping.lines(total, width: width - 2 * Self.cellPadding, size: geometry.size, chain: bold) {
                    drawLine(text, into: &canvas, x: cellX + Self.cellPadding, width: width - 2 * Self.cellPadding, baseline: line,
                             size: geometry.size, bold: true, align: geometry.columns[index].align)
                    line -= lineHeight(geometry.size)
                }
            }
            cellX += width
            edges.append(cellX)
        }
        for edge in edges {
            canvas.line(from: (edge, top), to: (edge, top - height), width: 0.5)
        }
        canvas.line(from: (x, top - height), to: (cellX, top - height), width: 0.5)
        canvas.line(from: (x, top), to: (cellX, top), width: 0.5)
        return top - height
    }

    /// Cell borders: verticals at column edges, the top and bottom line, and extra
    /// horizontals at the given offsets below `top`.
    private func gridLines(_ geometry: TableGeometry, into canvas: inout PageCanvas, x: Double, top: Double, height: Double,
                           horizontal: [Double]) {
        let totalWidth = geometry.widths.reduce(0, +)
        canvas.strokeRectangle(x: x, y: top - height, width: totalWidth, height: height, lineWidth: 0.5)
        var edge = x
        for width in geometry.widths.dropLast() {
            edge += width
            canvas.line(from: (edge, top), to: (edge, top - height), width: 0.5)
        }
        for offset in horizontal {
            canvas.line(from: (x, top - offset), to: (x + totalWidth, top - offset), width: 0.5)
        }
    }
}
