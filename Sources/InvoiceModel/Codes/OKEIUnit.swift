/// A unit of measure of ОКЕИ (OK 015-94), the Russian classifier printed in the unit columns
/// of a счёт-фактура.
public struct OKEIUnit: Sendable, Hashable {
    /// Three-digit code with leading zeros, e.g. `796`, `006`.
    public let code: String
    /// Russian national symbol, e.g. `шт`.
    public let symbolRU: String
    /// English name, e.g. `piece`.
    public let nameEN: String

    public init(code: String, symbolRU: String, nameEN: String) {
        self.code = code
        self.symbolRU = symbolRU
        self.nameEN = nameEN
    }
}

/// The ОКЕИ units commonly used on invoices, with lookup by code.
public enum OKEIUnits {
    /// The units known here, ordered by code.
    public static let all: [OKEIUnit] = table.sorted { $0.code < $1.code }

    private static let indexByCode = Dictionary(uniqueKeysWithValues: table.map { ($0.code, $0) })

    /// The unit with this code; `"6"` and `"006"` both find the metre.
    public static func byCode(_ s: String) -> OKEIUnit? {
        CodeText.threeDigits(s).flatMap { indexByCode[$0] }
    }

    static let table: [OKEIUnit] = [
        // Length
        OKEIUnit(code: "003", symbolRU: "мм", nameEN: "millimetre"),
        OKEIUnit(code: "004", symbolRU: "см", nameEN: "centimetre"),
        OKEIUnit(code: "005", symbolRU: "дм", nameEN: "decimetre"),
        OKEIUnit(code: "006", symbolRU: "м", nameEN: "metre"),
        OKEIUnit(code: "008", symbolRU: "км", nameEN: "kilometre"),
        OKEIUnit(code: "018", symbolRU: "пог. м", nameEN: "running metre"),
        // Area
        OKEIUnit(code: "050", symbolRU: "мм2", nameEN: "square millimetre"),
        OKEIUnit(code: "051", symbolRU: "см2", nameEN: "square centimetre"),
        OKEIUnit(code: "053", symbolRU: "дм2", nameEN: "square decimetre"),
        OKEIUnit(code: "055", symbolRU: "м2", nameEN: "square metre"),
        OKEIUnit(code: "059", symbolRU: "га", nameEN: "hectare"),
        OKEIUnit(code: "061", symbolRU: "км2", nameEN: "square kilometre"),
        // Volume
        OKEIUnit(code: "110", symbolRU: "мм3", nameEN: "cubic millimetre"),
        OKEIUnit(code: "111", symbolRU: "мл", nameEN: "millilitre (cubic centimetre)"),
        OKEIUnit(code: "112", symbolRU: "л", nameEN: "litre (cubic decimetre)"),
        OKEIUnit(code: "113", symbolRU: "м3", nameEN: "cubic metre"),
        // Mass
        OKEIUnit(code: "161", symbolRU: "мг", nameEN: "milligram"),
        OKEIUnit(code: "162", symbolRU: "кар", nameEN: "metric carat"),
        OKEIUnit(code: "163", symbolRU: "г", nameEN: "gram"),
        OKEIUnit(code: "166", symbolRU: "кг", nameEN: "kilogram"),
        OKEIUnit(code: "168", symbolRU: "т", nameEN: "tonne"),
        // Energy and power
        OKEIUnit(code: "214", symbolRU: "кВт", nameEN: "kilowatt"),
        OKEIUnit(code: "245", symbolRU: "кВт.ч", nameEN: "kilowatt-hour"),
        OKEIUnit(code: "233", symbolRU: "Гкал", nameEN: "gigacalorie"),
        // Time
        OKEIUnit(code: "354", symbolRU: "с", nameEN: "second"),
        OKEIUnit(code: "355", symbolRU: "мин", nameEN: "minute"),
        OKEIUnit(code: "356", symbolRU: "ч", nameEN: "hour"),
        OKEIUnit(code: "359", symbolRU: "сут", nameEN: "day"),
        OKEIUnit(code: "360", symbolRU: "нед", nameEN: "week"),
        OKEIUnit(code: "362", symbolRU: "мес", nameEN: "month"),
        OKEIUnit(code: "366", symbolRU: "г", nameEN: "year"),
        // Money and work
        OKEIUnit(code: "383", symbolRU: "руб", nameEN: "rouble"),
        OKEIUnit(code: "539", symbolRU: "чел.ч", nameEN: "man-hour"),
        OKEIUnit(code: "792", symbolRU: "чел", nameEN: "person"),
        // Counted goods and packaging
        OKEIUnit(code: "616", symbolRU: "боб", nameEN: "bobbin"),
        OKEIUnit(code: "625", symbolRU: "л.", nameEN: "sheet"),
        OKEIUnit(code: "657", symbolRU: "изд", nameEN: "article"),
        OKEIUnit(code: "704", symbolRU: "набор", nameEN: "set (kit)"),
        OKEIUnit(code: "715", symbolRU: "пар", nameEN: "pair"),
        OKEIUnit(code: "728", symbolRU: "пач", nameEN: "pack"),
        OKEIUnit(code: "736", symbolRU: "рул", nameEN: "roll"),
        OKEIUnit(code: "778", symbolRU: "упак", nameEN: "package"),
        OKEIUnit(code: "796", symbolRU: "шт", nameEN: "piece"),
        OKEIUnit(code: "797", symbolRU: "100 шт", nameEN: "hundred pieces"),
        OKEIUnit(code: "798", symbolRU: "тыс. шт", nameEN: "thousand pieces"),
        OKEIUnit(code: "812", symbolRU: "ящ", nameEN: "box"),
        OKEIUnit(code: "839", symbolRU: "компл", nameEN: "set"),
        OKEIUnit(code: "868", symbolRU: "бут", nameEN: "bottle"),
        OKEIUnit(code: "870", symbolRU: "ампул", nameEN: "ampoule"),
        OKEIUnit(code: "872", symbolRU: "флак", nameEN: "vial"),
        OKEIUnit(code: "876", symbolRU: "усл. ед", nameEN: "conventional unit"),
    ]
}
