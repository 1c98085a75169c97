"""The invoice model behind every corpus PDF, and the layout grammar that turns it into a
document any engine can draw: title, party lines, one goods table (headings, column order,
number format), total lines. Everything random comes from one `random.Random(seed)`."""
import random
from dataclasses import dataclass, field, replace
from decimal import Decimal, ROUND_HALF_UP

import vocab

BUYER_INN, BUYER_KPP = "7704217370", "997750001"   # Ozon (Internet Solutions LLC) as buyer

# --- identifiers ---------------------------------------------------------------------------

INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
REGIONS = ["350100", "350200", "440300", "440100", "330782", "310115", "320500"]


def inn10(rng):
    """A Russian organisation's INN (10 digits) with a valid check digit."""
    digits = [rng.randint(0, 9) for _ in range(9)]
    digits[0], digits[1] = rng.choice([(7, 7), (5, 0), (7, 8), (6, 6), (2, 3)])
    check = sum(w * d for w, d in zip(INN10_WEIGHTS, digits)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def kpp(inn, rng):
    """A KPP for the INN: its tax office (first four digits), reason 01, number 001."""
    return inn[:4] + rng.choice(["01", "43", "01"]) + "001"


def uscc(rng):
    """A Chinese unified social credit code with a valid 18th check character."""
    body = "91" + rng.choice(REGIONS) + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    total = sum(USCC_WEIGHTS[i] * USCC_ALPHABET.index(c) for i, c in enumerate(body))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


# --- HS codes: 10-digit TN VED shapes on the subheadings the existing corpus uses -------------

def vkn_valid(code):
    """python-stdnum's tr.vkn check: a 10-digit HS code that passes it looks like a tax id."""
    total = 0
    for i, n in enumerate(reversed(code[:9]), 1):
        c1 = (int(n) + i) % 10
        if c1:
            total += (c1 * (2 ** i)) % 9 or 9
    return str((10 - total) % 10) == code[9]


def inn10_valid(code):
    return str(sum(w * int(d) for w, d in zip(INN10_WEIGHTS, code)) % 11 % 10) == code[9]


SUBHEADINGS = ["851713", "847130", "852852", "940540", "392690", "630260", "420212", "950300", "610910",
               "640299", "851762", "621050", "961700", "851830", "854449"]


def colliding_codes():
    """Per subheading, the first 10-digit code that passes a VKN or INN check digit."""
    found = []
    for prefix in SUBHEADINGS:
        for tail in range(10000):
            code = prefix + "%04d" % tail
            if vkn_valid(code) or inn10_valid(code):
                found.append(code)
                break
    return found


COLLIDING = colliding_codes()


def hs_code(rng):
    """Half the time a code that passes a tax id's check digit, else any national extension."""
    if rng.random() < 0.5:
        return rng.choice(COLLIDING)
    return rng.choice(SUBHEADINGS) + "%04d" % rng.choice([0, 0, 1, 2, 9, 10, 90, 100, 9000, rng.randint(0, 9999)])


# --- money ---------------------------------------------------------------------------------

CENT = Decimal("0.01")


def money(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class NumberStyle:
    group: str            # thousands separator ('' for none)
    decimal: str          # ',' or '.'
    mark: str             # currency mark ('' for none)
    mark_before: bool
    mark_in_cells: bool   # whether amounts in the table carry the mark too
    qty_decimals: int     # 0, or 3 as 1C prints quantities ("2,000")

    def amount(self, value, with_mark=False):
        sign = "-" if value < 0 else ""
        whole, frac = ("%.2f" % abs(value)).split(".")
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        text = sign + self.group.join(groups) + self.decimal + frac
        if with_mark and self.mark:
            text = (self.mark + ("" if self.mark in "$¥" else " ") + text) if self.mark_before else text + " " + self.mark
        return text

    def cell(self, value):
        return self.amount(value, with_mark=self.mark_in_cells)

    def quantity(self, value):
        if self.qty_decimals:
            return str(int(value)) + self.decimal + "0" * self.qty_decimals
        return str(int(value))

    def describe(self):
        names = {"": "none", " ": "space", "\u00a0": "nbsp", "\u202f": "nnbsp", "\u2009": "thin", "'": "apostrophe",
                 ".": "dot", ",": "comma"}
        return "group=%s decimal=%s mark=%s%s" % (names[self.group], self.decimal, self.mark or "none",
                                                   "(before)" if self.mark_before else "")


GROUPS = ["", " ", "\u00a0", "\u202f", "\u2009", "'", ".", ","]


def number_style(rng, currency):
    group = rng.choice(GROUPS)
    if group == ".":
        decimal = ","
    elif group == ",":
        decimal = "."
    else:
        decimal = rng.choice([",", "."])
    mark = rng.choice(vocab.CURRENCY_MARKS[currency] + [""])
    return NumberStyle(group, decimal, mark, mark in ("$", "¥", "US$") or rng.random() < 0.2,
                       rng.random() < 0.25, 3 if rng.random() < 0.15 else 0)


# --- amounts in words ----------------------------------------------------------------------

RU_UNITS = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять",
            "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать",
            "семнадцать", "восемнадцать", "девятнадцать"]
RU_TENS = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"]
RU_HUNDREDS = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"]


def ru_plural(n, one, few, many):
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def ru_triple(n, feminine):
    words = [RU_HUNDREDS[n // 100]]
    rest = n % 100
    if rest < 20:
        unit = RU_UNITS[rest]
    else:
        words.append(RU_TENS[rest // 10])
        unit = RU_UNITS[rest % 10]
    if feminine:
        unit = {"один": "одна", "два": "две"}.get(unit, unit)
    words.append(unit)
    return [w for w in words if w]


def ru_words(value, currency):
    whole, cents = divmod(int(round(value * 100)), 100)
    words = []
    billions, millions = whole // 1000000000, whole // 1000000 % 1000
    thousands, rest = whole // 1000 % 1000, whole % 1000
    if billions:
        words += ru_triple(billions, False) + [ru_plural(billions, "миллиард", "миллиарда", "миллиардов")]
    if millions:
        words += ru_triple(millions, False) + [ru_plural(millions, "миллион", "миллиона", "миллионов")]
    if thousands:
        words += ru_triple(thousands, True) + [ru_plural(thousands, "тысяча", "тысячи", "тысяч")]
    words += ru_triple(rest, False) or (["ноль"] if not whole else [])
    unit = {"RUB": ("рубль", "рубля", "рублей"), "CNY": ("юань", "юаня", "юаней"),
            "USD": ("доллар США", "доллара США", "долларов США")}[currency]
    minor = {"RUB": ("копейка", "копейки", "копеек"), "CNY": ("фэнь", "фэня", "фэней"),
             "USD": ("цент", "цента", "центов")}[currency]
    text = " ".join(words + [ru_plural(whole, *unit), "%02d" % cents, ru_plural(cents, *minor)])
    return text[0].upper() + text[1:]


EN_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def en_below_thousand(n):
    words = []
    if n >= 100:
        words += [EN_SMALL[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(EN_TENS[n // 10] + ("-" + EN_SMALL[n % 10] if n % 10 else ""))
    elif n or not words:
        words.append(EN_SMALL[n])
    return words


def en_words(value, currency):
    whole, cents = divmod(int(round(value * 100)), 100)
    words = []
    for size, name in ((1000000000, "billion"), (1000000, "million"), (1000, "thousand")):
        if whole // size % 1000 if size < 1000000000 else whole // size:
            words += en_below_thousand(whole // size % 1000) + [name]
    if whole % 1000 or not words:
        words += en_below_thousand(whole % 1000)
    name = {"RUB": "roubles", "CNY": "yuan", "USD": "US dollars"}[currency]
    return "%s %s and %02d/100 only" % (" ".join(words).capitalize(), name, cents)


ZH_DIGITS = "零壹贰叁肆伍陆柒捌玖"
ZH_PLACES = ["", "拾", "佰", "仟"]


def zh_group(n):
    text, zero = "", False
    for place in range(3, -1, -1):
        digit = n // 10 ** place % 10
        if digit:
            if zero and text:
                text += "零"
            text += ZH_DIGITS[digit] + ZH_PLACES[place]
            zero = False
        else:
            zero = True
    return text


def zh_words(value, currency):
    whole, cents = divmod(int(round(value * 100)), 100)
    top, high, low = whole // 100000000, whole // 10000 % 10000, whole % 10000
    text = zh_group(top) + "亿" if top else ""
    if high:
        text += ("零" if top and high < 1000 else "") + zh_group(high) + "万"
    if low:
        text += ("零" if (top or high) and (low < 1000 or not high) else "") + zh_group(low)
    unit = {"RUB": "卢布", "CNY": "圆", "USD": "美元"}[currency]
    text = (text or "零") + unit
    if cents:
        text += (ZH_DIGITS[cents // 10] + "角" if cents // 10 else "零") + (ZH_DIGITS[cents % 10] + "分" if cents % 10 else "")
    else:
        text += "整"
    return ("人民币" if currency == "CNY" else "") + text


WORDS = {"ru": ru_words, "en": en_words, "zh": zh_words}

# --- the invoice -----------------------------------------------------------------------------


@dataclass
class Line:
    sku: str
    article: str
    name: str
    hs: str
    unit: str
    qty: Decimal
    price: Decimal
    rate: int

    @property
    def amount(self):
        return money(self.qty * self.price)

    @property
    def vat(self):
        return money(self.amount * self.rate / (100 + self.rate))


@dataclass
class Invoice:
    seed: int
    posting: str
    number: str
    date: str                     # ISO
    seller_name: str
    seller_id: str                # INN or USCC
    seller_kpp: str               # '' for a Chinese seller
    origin: str
    currency: str
    lines: list
    total_override: Decimal = None
    vat_override: dict = field(default_factory=dict)   # line index -> VAT amount shown

    @property
    def order(self):
        return self.posting.rsplit("-", 1)[0]

    @property
    def total(self):
        return self.total_override if self.total_override is not None else sum(l.amount for l in self.lines)

    def line_vat(self, index):
        return self.vat_override.get(index, self.lines[index].vat)

    @property
    def vat_total(self):
        return sum(self.line_vat(i) for i in range(len(self.lines)))


def posting_number(seed, rng):
    return "%010d-%04d-%d" % (3000000000 + seed, rng.randint(1, 40), rng.randint(1, 3))


def make_invoice(seed, rng, language):
    russian_seller = language == "ru" or (language in ("en", "ru-en", "en-ru") and rng.random() < 0.4)
    if russian_seller:
        seller_id = inn10(rng)
        seller = rng.choice(vocab.PARTIES["ru_seller"])
        seller_kpp, origin, currency = kpp(seller_id, rng), rng.choice(["RU", "CN"]), "RUB"
    else:
        seller_id, seller_kpp = uscc(rng), ""
        seller = rng.choice(vocab.PARTIES["cn_seller"])
        origin, currency = "CN", rng.choice(["CNY", "CNY", "RUB", "USD"])
    name_language = language.split("-")[0]
    if name_language == "zh" and rng.random() < 0.5:
        name_language = "ru"       # Ozon listings of Chinese sellers carry Russian names
    unit = rng.choice(vocab.UNITS[language.split("-")[0]])
    count = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40])
    lines = []
    for i in range(count):
        price = Decimal(rng.choice([rng.randint(50, 900), rng.randint(900, 9999), rng.randint(1000, 250000)]))
        price += Decimal(rng.choice([0, 0, 50, 99, rng.randint(1, 99)])) / 100
        lines.append(Line(sku=str(rng.randint(100000000, 2999999999)), article="%s-%d-%02d" % (
            rng.choice(["ART", "SKU", "A", "CN", "KR"]), seed % 100000, i), name=rng.choice(vocab.NAMES[name_language]),
            hs=hs_code(rng), unit=unit, qty=Decimal(rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 10, 12, 24, 100, 1500])),
            price=price, rate=rng.choice([22, 22, 22, 10])))
    # Duplicate names with equal quantities (and another rate or HS code): matching by name fails.
    if count >= 2 and rng.random() < 0.5:
        a, b = rng.sample(range(count), 2)
        lines[b].name, lines[b].qty = lines[a].name, lines[a].qty
        lines[b].rate = 10 if lines[a].rate == 22 else 22
    year, month, day = 2026, rng.randint(9, 11), rng.randint(1, 28)
    number = rng.choice(["СФ-2026-%04d", "CI-2026-%04d", "%d", "FP%06d", "УПД-%d"]) % rng.randint(1, 9999)
    if language.startswith("zh") or language.startswith("en"):
        number = number.replace("СФ", "INV").replace("УПД", "UPD")
    return Invoice(seed=seed, posting=posting_number(seed, rng), number=number, date="%d-%02d-%02d" % (year, month, day),
                   seller_name=seller, seller_id=seller_id, seller_kpp=seller_kpp, origin=origin, currency=currency,
                   lines=lines)


# --- planted defects: the PDF disagrees with the export in exactly one fact -----------------

DEFECTS = {
    # kind: the finding code the audit should give (docs/audit.md, FindingCode.swift)
    "total": "ATTACHMENT_TOTAL_MISMATCH",
    "vat_amount": "ATTACHMENT_TOTAL_MISMATCH",
    "rate": "ATTACHMENT_TOTAL_MISMATCH",
    "hs": "ATTACHMENT_HS_MISMATCH",
    "quantity": "ATTACHMENT_ORDER_MISMATCH",
    "price": "ATTACHMENT_TOTAL_MISMATCH",
    "missing_line": "ATTACHMENT_ORDER_MISMATCH",
    "extra_line": "ATTACHMENT_ORDER_MISMATCH",
    "posting": "ATTACHMENT_ORDER_MISMATCH",
    "tax_id": "ATTACHMENT_ORDER_MISMATCH",
}


def plant(invoice, kind, rng):
    """The invoice as the PDF shows it with one defect of `kind`; returns (shown, detail)."""
    shown = replace(invoice, lines=[replace(l) for l in invoice.lines], vat_override={})
    index = rng.randrange(len(shown.lines))
    line = shown.lines[index]
    if kind == "total":
        delta = Decimal(rng.choice([100, 1, 10, 1000])) * rng.choice([1, -1]) if invoice.total > 2000 else Decimal(100)
        shown.total_override = invoice.total + delta
        return shown, "total shown %s instead of %s" % (shown.total, invoice.total)
    if kind == "vat_amount":
        shown.vat_override[index] = line.vat + Decimal(rng.choice(["10.00", "1.00", "100.00"]))
        return shown, "line %d VAT amount %s instead of %s" % (index + 1, shown.vat_override[index], line.vat)
    if kind == "rate":
        line.rate = 10 if line.rate == 22 else 22
        return shown, "line %d rate %d%%" % (index + 1, line.rate)
    if kind == "hs":
        old = line.hs
        while line.hs[:6] == old[:6]:
            line.hs = hs_code(rng)
        return shown, "line %d HS %s instead of %s" % (index + 1, line.hs, old)
    if kind == "quantity":
        old = line.qty
        line.qty = old + rng.choice([1, 2, 3]) if old < 5 or rng.random() < 0.5 else old - 1
        return shown, "line %d quantity %s instead of %s" % (index + 1, line.qty, old)
    if kind == "price":
        old = line.price
        line.price = old + Decimal(rng.choice(["1.00", "10.00", "100.00", "0.50"]))
        return shown, "line %d price %s instead of %s" % (index + 1, line.price, old)
    if kind == "missing_line":
        del shown.lines[index]
        return shown, "line %d left out" % (index + 1)
    if kind == "extra_line":
        extra = replace(line, sku=str(rng.randint(100000000, 2999999999)), article=line.article + "X",
                        name=rng.choice(vocab.NAMES["en"] + vocab.NAMES["ru"]), hs=hs_code(rng))
        shown.lines.insert(rng.randrange(len(shown.lines) + 1), extra)
        return shown, "an extra line (%s)" % extra.name
    if kind == "posting":
        shown.posting = posting_number(invoice.seed + 500000000, rng)
        return shown, "posting %s instead of %s" % (shown.posting, invoice.posting)
    if kind == "tax_id":
        shown.seller_id = inn10(rng) if invoice.seller_kpp else uscc(rng)
        return shown, "seller tax id %s instead of %s" % (shown.seller_id, invoice.seller_id)
    raise ValueError(kind)


def export_rows(invoice, file):
    """The canonical CSV rows of the ERP export for the order (docs/audit.md, Columns)."""
    return [{"posting_number": invoice.posting, "order_number": invoice.order, "status": "awaiting_deliver",
             "order_date": invoice.date, "currency": invoice.currency, "sku": l.sku, "offer_id": l.article,
             "product_name": l.name, "quantity": str(l.qty), "unit_price": "%.2f" % l.price,
             "vat_rate": "%d%%" % l.rate, "hs_code": l.hs, "origin_country": invoice.origin,
             "seller_tax_id": invoice.seller_id, "buyer_inn": BUYER_INN, "buyer_kpp": BUYER_KPP,
             "invoice_number": invoice.number, "invoice_date": invoice.date, "invoice_total": "%.2f" % invoice.total,
             "invoice_file": file, "invoice_sha256": ""} for l in invoice.lines]


EXPORT_COLUMNS = list(export_rows(Invoice(0, "0-0-0", "", "", "", "", "", "", "RUB", [Line(*[""] * 5, Decimal(1),
                                                                                              Decimal(1), 22)]), "")[0])

# --- the layout grammar: from an invoice to a document any engine draws ----------------------


@dataclass
class Document:
    language: str                 # ru, en, zh, or a pair such as zh-en
    title: str
    head: list                    # lines above the table
    columns: list                 # column keys in print order
    headings: list                # heading text per column
    rows: list                    # cell texts per row
    numeric: list                 # per column: right-aligned
    foot: list                    # lines below the table (VAT, total, total in words)
    font_size: float
    landscape: bool
    wrap_names: bool
    identifier: str               # 'sku', 'article' or 'none'
    style: NumberStyle


def pick(rng, language, table, key):
    """A phrase for `key` in `language`; bilingual documents join both languages' phrases."""
    parts = language.split("-")
    words = [rng.choice(getattr(vocab, table)[p][key]) for p in parts]
    return " / ".join(words)


def date_text(iso, language, rng):
    y, m, d = iso.split("-")
    first = language.split("-")[0]
    if first == "ru":
        months = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                  "ноября", "декабря"]
        return rng.choice(["%s.%s.%s" % (d, m, y), "%d %s %s г." % (int(d), months[int(m) - 1], y)])
    if first == "zh":
        return rng.choice(["%s年%d月%d日" % (y, int(m), int(d)), iso])
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return rng.choice([iso, "%s %d, %s" % (months[int(m) - 1], int(d), y), "%s/%s/%s" % (d, m, y)])


def layout(shown, language, rng):
    """The document for the invoice as shown: one draw of the layout grammar."""
    first = language.split("-")[0]
    style = number_style(rng, shown.currency)
    date = date_text(shown.date, language, rng)
    title = rng.choice(vocab.TITLES[first]).format(number=shown.number, date=date)
    if "-" in language:
        title += " / " + rng.choice(vocab.TITLES[language.split("-")[1]]).format(number=shown.number, date=date)
    buyer = vocab.PARTIES["buyer"]["ru" if first == "ru" else "en"]
    seller_id = ("%s: %s / %s" % (pick(rng, language, "LABELS", "seller_id"), shown.seller_id, shown.seller_kpp)
                 if shown.seller_kpp else "%s: %s" % (pick(rng, language, "LABELS", "seller_uscc"), shown.seller_id))
    head = ["%s: %s" % (pick(rng, language, "LABELS", "date"), date),
            "%s: %s" % (pick(rng, language, "LABELS", "seller"), shown.seller_name), seller_id,
            "%s: %s" % (pick(rng, language, "LABELS", "buyer"), buyer),
            "%s: %s / %s" % (pick(rng, language, "LABELS", "buyer_id"), BUYER_INN, BUYER_KPP),
            "%s: %s" % (pick(rng, language, "LABELS", "posting"), shown.posting),
            "%s: %s" % (pick(rng, language, "LABELS", "currency"), vocab.CURRENCY_NAMES[first][shown.currency])]
    if rng.random() < 0.3:
        head[2:5] = [head[2], head[4], head[3]]   # ids before the buyer's name, as some forms print them
    identifier = rng.choice(["sku", "article", "none", "article"])
    columns = ["pos", "name", "hs", "unit", "qty", "price", "rate", "vat", "amount"]
    if identifier != "none":
        columns.insert(rng.choice([1, 2]), "ident")
    if rng.random() < 0.4:
        columns.insert(columns.index("rate"), "net")
    if rng.random() < 0.6:
        columns.append("origin")
    if rng.random() < 0.2:
        columns.remove("unit")
    if rng.random() < 0.1:
        columns.remove("pos")
    order = rng.random()
    if order < 0.25:                       # Chinese invoice order: name, model, unit, qty, price, amount, rate, tax
        for key in ("hs", "origin"):
            if key in columns:
                columns.remove(key)
                columns.insert(rng.randrange(1, len(columns) + 1), key)
    elif order < 0.45:                     # any order after the position column
        rest = [c for c in columns if c != "pos"]
        rng.shuffle(rest)
        columns = (["pos"] if "pos" in columns else []) + rest
    headings = []
    for key in columns:
        name = identifier if key == "ident" else key
        headings.append(pick(rng, language, "HEADINGS", name))
    rows = []
    rate_style = rng.choice(["%d%%", "%d %%", "%d"])
    hs_dotted = rng.random() < 0.1
    for i, line in enumerate(shown.lines):
        cells = {"pos": str(i + 1), "ident": line.sku if identifier == "sku" else line.article, "name": line.name,
                 "hs": "%s.%s.%s" % (line.hs[:4], line.hs[4:6], line.hs[6:]) if hs_dotted else line.hs,
                 "unit": line.unit, "qty": style.quantity(line.qty), "price": style.cell(line.price),
                 "net": style.cell(line.amount - shown.line_vat(i)), "rate": rate_style % line.rate,
                 "vat": style.cell(shown.line_vat(i)), "amount": style.cell(line.amount), "origin": shown.origin}
        rows.append([cells[c] for c in columns])
    numeric = [c in ("qty", "price", "net", "vat", "amount") for c in columns]
    total = style.amount(shown.total, with_mark=True) if style.mark else style.amount(shown.total) + " " + shown.currency
    foot = ["%s: %s" % (pick(rng, language, "LABELS", "vat_total"), style.amount(shown.vat_total)),
            "%s: %s" % (pick(rng, language, "LABELS", "total"), total)]
    if rng.random() < 0.6:
        words = WORDS[first](shown.total, shown.currency)
        label = pick(rng, language, "LABELS", "words").format(n=len(shown.lines))
        if rng.random() < 0.5:
            foot.append("%s: %s" % (label, words))
        else:
            foot[1] += "  (%s)" % words
    return Document(language=language, title=title, head=head, columns=columns, headings=headings, rows=rows,
                    numeric=numeric, foot=foot, font_size=rng.choice([7, 8, 8, 9, 10, 11]), landscape=rng.random() < 0.5,
                    wrap_names=rng.random() < 0.5, identifier=identifier, style=style)
