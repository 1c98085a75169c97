"""Eight PDF engines that are not Faktura, each drawing a `model.Document`, and the scanner.

Batch engines (LibreOffice) take many documents at once: starting soffice costs seconds."""
import html
import os
import random
import shutil
import subprocess
import tempfile

FONTS = {
    "DejaVu Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DejaVu Serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "DejaVu Sans Condensed": "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
    "Liberation Sans": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "Liberation Serif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "WenQuanYi Micro Hei": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "HanaMinA": "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
}
BOLD = {"DejaVu Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}


def installed(names):
    return [n for n in names if os.path.exists(FONTS[n])]


def has_cjk(doc):
    return any("\u3000" <= ch <= "\u9fff" for ch in document_text(doc))


def document_text(doc):
    return doc.title + "".join(doc.head) + "".join(doc.headings) + "".join("".join(r) for r in doc.rows) + "".join(doc.foot)


def font_for(doc, rng):
    """A font that holds every character the document prints (₽ only in DejaVu, CJK in WenQuanYi)."""
    if has_cjk(doc):
        return "WenQuanYi Micro Hei"
    if "\u20bd" in document_text(doc):
        return rng.choice(["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Condensed"])
    return rng.choice(installed(["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Condensed", "Liberation Sans",
                                 "Liberation Serif"]))


def column_widths(doc, total):
    """Widths scaled to `total`: every column but the name as wide as its longest value (codes
    and amounts do not break, as in an invoice someone laid out), the name the rest."""
    page = (842 if doc.landscape else 595) - 80          # points between the margins
    size = doc.font_size - 1
    needs = []
    for i, key in enumerate(doc.columns):
        longest = max([len(row[i]) for row in doc.rows] + [4])
        needs.append(0 if key == "name" else longest * size * 0.6 + 10)
    rest = page - sum(needs)
    name = max(rest, page * (0.18 if doc.wrap_names else 0.3))
    needs = [name if key == "name" else n for key, n in zip(doc.columns, needs)]
    scale = total / sum(needs)
    return [n * scale for n in needs]


# --- reportlab -------------------------------------------------------------------------------

_registered = set()


def reportlab_font(name):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    key = name.replace(" ", "")
    if key not in _registered:
        pdfmetrics.registerFont(TTFont(key, FONTS[name], subfontIndex=0) if FONTS[name].endswith(".ttc")
                                else TTFont(key, FONTS[name]))
        _registered.add(key)
    return key


def reportlab(doc, path, rng):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    font = reportlab_font(font_for(doc, rng))
    size = doc.font_size
    body = ParagraphStyle("b", fontName=font, fontSize=size, leading=size * 1.25)
    head = ParagraphStyle("h", fontName=font, fontSize=size + 4, leading=(size + 4) * 1.3)
    cell = ParagraphStyle("c", fontName=font, fontSize=size - 1, leading=(size - 1) * 1.2)
    page = landscape(A4) if doc.landscape else A4
    widths = column_widths(doc, page[0] - 60)
    story = [Paragraph(html.escape(doc.title), head)] + [Paragraph(html.escape(t), body) for t in doc.head] + [Spacer(1, 8)]
    # Headings and names as paragraphs so that they wrap in their column; numbers as plain cells.
    rows = [[Paragraph(html.escape(h), cell) for h in doc.headings]]
    for row in doc.rows:
        rows.append([Paragraph(html.escape(v), cell) if not n else v for v, n in zip(row, doc.numeric)])
    table = Table(rows, repeatRows=1, colWidths=widths)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, size - 1),
                               ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), rng.choice(["TOP", "MIDDLE", "BOTTOM"]))] +
                              [("ALIGN", (i, 1), (i, -1), "RIGHT") for i, n in enumerate(doc.numeric) if n]))
    story += [table, Spacer(1, 8)] + [Paragraph(html.escape(t), body) for t in doc.foot]
    SimpleDocTemplate(path, pagesize=page, leftMargin=30, rightMargin=30, topMargin=30, bottomMargin=30,
                      title=doc.title).build(story)


# --- fpdf2 -----------------------------------------------------------------------------------

def fpdf2(doc, path, rng):
    from fpdf import FPDF
    from fpdf.fonts import FontFace
    pdf = FPDF(orientation="L" if doc.landscape else "P", unit="pt", format="A4")
    name = font_for(doc, rng)
    if FONTS[name].endswith(".ttc"):
        name = "HanaMinA" if rng.random() < 0.3 else name
    pdf.add_font("Body", "", FONTS[name]) if not FONTS[name].endswith(".ttc") else pdf.add_font(
        "Body", "", FONTS[name], collection_font_number=0)
    if name == "HanaMinA":
        pdf.add_font("Latin", "", FONTS["DejaVu Sans"])
        pdf.set_fallback_fonts(["Latin"])
    pdf.set_auto_page_break(True, margin=36)
    pdf.set_creator("fpdf2")
    pdf.add_page()
    pdf.set_font("Body", "", doc.font_size + 4)
    pdf.multi_cell(0, doc.font_size + 8, doc.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", doc.font_size)
    for text in doc.head:
        pdf.multi_cell(0, doc.font_size + 3, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    widths = column_widths(doc, pdf.epw)
    pdf.set_font("Body", "", doc.font_size - 1)
    align = ["RIGHT" if n else "LEFT" for n in doc.numeric]
    with pdf.table(col_widths=widths, text_align=align, repeat_headings=1, line_height=(doc.font_size - 1) * 1.3,
                   headings_style=FontFace(emphasis=None, fill_color=(230, 230, 230))) as table:
        table.row(doc.headings)
        for row in doc.rows:
            table.row(row)
    pdf.ln(6)
    pdf.set_font("Body", "", doc.font_size)
    for text in doc.foot:
        pdf.multi_cell(0, doc.font_size + 4, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(path)


# --- HTML for wkhtmltopdf, WeasyPrint, Chromium and xhtml2pdf --------------------------------

def html_page(doc, rng, font, font_face=""):
    """One HTML page; the header row in <thead> so that engines repeat it on every page."""
    size = doc.font_size
    widths = column_widths(doc, 100)
    border = rng.choice(["1px solid #555", "0.5pt solid black", "none"])
    css = """%s
    @page { size: A4 %s; margin: 14mm; }
    body { font-family: '%s'; font-size: %spt; }
    h1 { font-size: %spt; margin: 0 0 6pt 0; }
    p { margin: 1pt 0; }
    table { border-collapse: collapse; width: 100%%; margin: 8pt 0; }
    thead { display: table-header-group; }
    tr { page-break-inside: avoid; }
    th, td { border: %s; padding: 2pt 3pt; vertical-align: %s; font-size: %spt; }
    th { background: #eee; font-weight: %s; }
    td.n { text-align: right; %s }
    """ % (font_face, "landscape" if doc.landscape else "portrait", font, size, size + 4, border,
           rng.choice(["top", "middle"]), size - 1, rng.choice(["bold", "normal"]),
           "white-space: nowrap;" if rng.random() < 0.7 else "")
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title><style>%s</style></head><body>"
           % (html.escape(doc.title), css), "<h1>%s</h1>" % html.escape(doc.title)]
    out += ["<p>%s</p>" % html.escape(t) for t in doc.head]
    out.append("<table repeat='1'><thead><tr>%s</tr></thead><tbody>" % "".join(
        "<th style='width:%.1f%%'>%s</th>" % (w, html.escape(h)) for w, h in zip(widths, doc.headings)))
    for row in doc.rows:
        out.append("<tr>%s</tr>" % "".join("<td%s>%s</td>" % (" class='n'" if n else "", html.escape(v))
                                           for v, n in zip(row, doc.numeric)))
    out.append("</tbody></table>")
    out += ["<p>%s</p>" % html.escape(t) for t in doc.foot]
    out.append("</body></html>")
    return "\n".join(out)


def wkhtmltopdf(doc, path, rng):
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "invoice.html")
        with open(source, "w", encoding="utf-8") as file:
            file.write(html_page(doc, rng, font_for(doc, rng)))
        subprocess.run(["wkhtmltopdf", "--quiet", "--encoding", "utf-8", "-O",
                        "Landscape" if doc.landscape else "Portrait", source, path], check=True, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def weasyprint(doc, path, rng):
    import logging
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from weasyprint import HTML
    HTML(string=html_page(doc, rng, font_for(doc, rng))).write_pdf(path)


def chromium(doc, path, rng):
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "invoice.html")
        with open(source, "w", encoding="utf-8") as file:
            file.write(html_page(doc, rng, font_for(doc, rng)))
        subprocess.run([shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", "--user-data-dir=" + os.path.join(folder, "profile"),
                        "--print-to-pdf=" + path, "file://" + source], check=True, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def xhtml2pdf(doc, path, rng):
    import logging
    logging.getLogger("xhtml2pdf").setLevel(logging.CRITICAL)
    from xhtml2pdf import pisa
    # xhtml2pdf knows only the fonts named in @font-face; a TrueType file for each script.
    name = font_for(doc, rng)
    face = "@font-face { font-family: Body; src: url('%s'); }" % FONTS[name]
    options = {}
    try:   # xhtml2pdf releases with a resource policy read local files only below its base_dir
        from pathlib import Path
        from xhtml2pdf.config.resources import ResourceAccessPolicy
        options["resource_policy"] = ResourceAccessPolicy(base_dir=Path("/usr/share/fonts"))
    except ImportError:
        pass
    with open(path, "wb") as file:
        result = pisa.CreatePDF(html_page(doc, rng, "Body", face), dest=file, encoding="utf-8", **options)
    if result.err:
        raise RuntimeError("xhtml2pdf failed on %s" % path)


# --- Typst -----------------------------------------------------------------------------------

def typst_string(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def typst(doc, path, rng):
    import typst as typst_compiler
    font = font_for(doc, rng)
    widths = column_widths(doc, 100)
    aligns = ", ".join("right" if n else "left" for n in doc.numeric)
    lines = ['#set page(paper: "a4", flipped: %s, margin: 14mm)' % ("true" if doc.landscape else "false"),
             '#set text(font: (%s, "DejaVu Sans", "WenQuanYi Micro Hei"), size: %spt)' % (typst_string(font), doc.font_size),
             "#text(size: %spt, weight: \"bold\")[#%s]" % (doc.font_size + 4, typst_string(doc.title)), ""]
    lines += ["#%s \\" % typst_string(t) for t in doc.head]
    stroke = rng.choice(["0.5pt", "none", "(bottom: 0.4pt)"])
    lines.append("#table(columns: (%s), align: (%s), stroke: %s, inset: 3pt," % (
        ", ".join("%.1f%%" % w for w in widths), aligns, stroke))
    lines.append("  table.header(repeat: true, %s)," % ", ".join("[*#%s*]" % typst_string(h) for h in doc.headings))
    for row in doc.rows:
        lines.append("  %s," % ", ".join(typst_string(v) for v in row))
    lines.append(")")
    lines += ["#%s \\" % typst_string(t) for t in doc.foot]
    source = "\n".join(lines).encode("utf-8")
    typst_compiler.compile(source, output=path, font_paths=[os.path.dirname(p) for p in FONTS.values()])


# --- LibreOffice: an Excel workbook and a Writer document, converted in batches ---------------

def libreoffice_xlsx_source(doc, path, rng):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    book = Workbook()
    sheet = book.active
    sheet.title = "Invoice"
    font = font_for(doc, rng)
    plain = Font(name=font, size=doc.font_size)
    sheet.append([doc.title])
    sheet["A1"].font = Font(name=font, size=doc.font_size + 3, bold=True)
    for text in doc.head:
        sheet.append([text])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(doc.headings)
    thin = Side(style="thin")
    for row in doc.rows:
        sheet.append(row)
    for r in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row):
        for c, numeric in zip(r, doc.numeric):
            c.font = plain
            c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            c.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right" if numeric else "left")
    sheet.append([])
    for text in doc.foot:
        sheet.append([text])
    for i, width in enumerate(column_widths(doc, 160 if doc.landscape else 110)):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.print_title_rows = "%d:%d" % (header_row, header_row)   # the header on every page
    sheet.page_setup.orientation = "landscape" if doc.landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    book.save(path)


def libreoffice_odt_source(doc, path, rng):
    from odf.opendocument import OpenDocumentText
    from odf.style import (FontFace, PageLayout, PageLayoutProperties, MasterPage, ParagraphProperties, Style,
                           TableColumnProperties, TableCellProperties, TextProperties)
    from odf.table import Table, TableColumn, TableRow, TableCell, TableHeaderRows
    from odf.text import P
    text = OpenDocumentText()
    font = font_for(doc, rng)
    text.fontfacedecls.addElement(FontFace(name=font, fontfamily=font))
    layout = PageLayout(name="page")
    layout.addElement(PageLayoutProperties(pagewidth="29.7cm" if doc.landscape else "21cm",
                                           pageheight="21cm" if doc.landscape else "29.7cm",
                                           printorientation="landscape" if doc.landscape else "portrait",
                                           margin="1.4cm"))
    text.automaticstyles.addElement(layout)
    text.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))
    body = Style(name="body", family="paragraph")
    body.addElement(TextProperties(fontname=font, fontsize="%spt" % doc.font_size))
    small = Style(name="small", family="paragraph")
    small.addElement(TextProperties(fontname=font, fontsize="%spt" % (doc.font_size - 1)))
    right = Style(name="right", family="paragraph")
    right.addElement(TextProperties(fontname=font, fontsize="%spt" % (doc.font_size - 1)))
    right.addElement(ParagraphProperties(textalign="end"))
    title = Style(name="title", family="paragraph")
    title.addElement(TextProperties(fontname=font, fontsize="%spt" % (doc.font_size + 4), fontweight="bold"))
    boxed = Style(name="boxed", family="table-cell")
    boxed.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.05cm"))
    for style in (body, small, right, title, boxed):
        text.automaticstyles.addElement(style)
    text.text.addElement(P(stylename=title, text=doc.title))
    for line in doc.head:
        text.text.addElement(P(stylename=body, text=line))
    table = Table(name="Goods")
    for i, width in enumerate(column_widths(doc, 26.9 if doc.landscape else 18.2)):
        column = Style(name="col%d" % i, family="table-column")
        column.addElement(TableColumnProperties(columnwidth="%.2fcm" % width))
        text.automaticstyles.addElement(column)
        table.addElement(TableColumn(stylename=column))
    headers = TableHeaderRows()   # repeated on every page
    row = TableRow()
    for heading in doc.headings:
        cell = TableCell(stylename=boxed)
        cell.addElement(P(stylename=small, text=heading))
        row.addElement(cell)
    headers.addElement(row)
    table.addElement(headers)
    for values in doc.rows:
        row = TableRow()
        for value, numeric in zip(values, doc.numeric):
            cell = TableCell(stylename=boxed)
            cell.addElement(P(stylename=right if numeric else small, text=value))
            row.addElement(cell)
        table.addElement(row)
    text.text.addElement(table)
    for line in doc.foot:
        text.text.addElement(P(stylename=body, text=line))
    text.save(path)


def soffice_convert(sources, folder):
    """Converts the sources to PDF in `folder`, many per soffice start."""
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        for start in range(0, len(sources), 100):
            subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "pdf",
                            "--outdir", folder] + sources[start:start + 100], check=True, timeout=1800,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# --- the scanner -----------------------------------------------------------------------------

def scan(source, path, rng):
    """The PDF printed and scanned: pages to grey bitmaps, noise, blur, a slight skew, JPEG,
    back into an image-only PDF."""
    import img2pdf
    from PIL import Image, ImageFilter
    with tempfile.TemporaryDirectory() as folder:
        dpi = rng.choice([150, 200, 200, 300])
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", source, os.path.join(folder, "page")],
                       check=True, timeout=300)
        pages = []
        for name in sorted(os.listdir(folder)):
            image = Image.open(os.path.join(folder, name)).convert("L")
            pixels = image.load()
            for _ in range(image.width * image.height // rng.choice([100, 200, 400])):
                pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.choice([0, 90, 160])
            image = image.filter(ImageFilter.GaussianBlur(rng.choice([0.3, 0.5, 0.7])))
            image = image.rotate(rng.uniform(-1.2, 1.2), resample=Image.BICUBIC, fillcolor=255)
            jpeg = os.path.join(folder, name + ".jpg")
            image.save(jpeg, quality=rng.choice([25, 40, 60]), dpi=(dpi, dpi))
            pages.append(jpeg)
        with open(path, "wb") as file:
            file.write(img2pdf.convert(pages))


DIRECT = {"reportlab": reportlab, "fpdf2": fpdf2, "wkhtmltopdf": wkhtmltopdf, "weasyprint": weasyprint,
          "chromium": chromium, "xhtml2pdf": xhtml2pdf, "typst": typst}
BATCH = {"libreoffice-xlsx": (".xlsx", libreoffice_xlsx_source), "libreoffice-odt": (".odt", libreoffice_odt_source)}
ENGINES = list(DIRECT) + list(BATCH)


def available():
    """The engines whose program or package is here, and why each missing one is not."""
    found, missing = [], {}
    programs = {"wkhtmltopdf": "wkhtmltopdf", "chromium": "chromium", "libreoffice-xlsx": "soffice",
                "libreoffice-odt": "soffice"}
    modules = {"reportlab": "reportlab", "fpdf2": "fpdf", "weasyprint": "weasyprint", "xhtml2pdf": "xhtml2pdf",
               "typst": "typst", "libreoffice-xlsx": "openpyxl", "libreoffice-odt": "odf"}
    import importlib.util
    for engine in ENGINES:
        if engine in programs and not shutil.which(programs[engine]):
            missing[engine] = "program %s not found" % programs[engine]
        elif engine in modules and importlib.util.find_spec(modules[engine]) is None:
            missing[engine] = "Python package %s not installed" % modules[engine]
        else:
            found.append(engine)
    return found, missing
