import CHyphen
import Foundation
import InvoiceModel
#if canImport(Glibc)
import Glibc
#endif

/// Where a Russian or English word may be hyphenated, from libhyphen and the TeX patterns of
/// Debian's `hyphen-ru` and `hyphen-en-us` (the dictionaries LibreOffice uses).
///
/// Table headers use it when a word is wider than its column even at the smallest header
/// size: the word is then broken at a syllable boundary with a hyphen, never between two
/// arbitrary letters. A word in neither alphabet (a code, a number, Chinese) has no points.
final class Hyphenation: @unchecked Sendable {
    /// The process's dictionaries, loaded on first use (most documents never need them).
    static let shared = Hyphenation(folder: "/usr/share/hyphen")

    /// At least this many letters stay on each side of a hyphen (the Russian and English rule).
    static let minimumPart = 2

    private let lock = NSLock()
    private let folder: String
    /// Each language's dictionary is loaded when a word of it is first hyphenated (nil inside:
    /// not found): a batch of счёт-фактуры never needs the English one, whose 106 KB of
    /// patterns took about a hundredth of a thousand invoices' time to load.
    private var russianDictionary: UnsafeMutablePointer<HyphenDict>??
    private var englishDictionary: UnsafeMutablePointer<HyphenDict>??
    private var cache: [UTF8Key: [Int]] = [:]

    init(folder: String) {
        self.folder = folder
    }

    deinit {
        if let russian = russianDictionary ?? nil { hnj_hyphen_free(russian) }
        if let english = englishDictionary ?? nil { hnj_hyphen_free(english) }
    }

    /// Whether the dictionaries were found (`hyphen-ru`, `hyphen-en-us`).
    var isAvailable: Bool {
        lock.lock()
        defer { lock.unlock() }
        return russian != nil && english != nil
    }

    /// Called with the lock held.
    private var russian: UnsafeMutablePointer<HyphenDict>? {
        if let loaded = russianDictionary { return loaded }
        let loaded = hnj_hyphen_load("\(folder)/hyph_ru_RU.dic")
        russianDictionary = .some(loaded)
        return loaded
    }

    /// Called with the lock held.
    private var english: UnsafeMutablePointer<HyphenDict>? {
        if let loaded = englishDictionary { return loaded }
        let loaded = hnj_hyphen_load("\(folder)/hyph_en_US.dic")
        englishDictionary = .some(loaded)
        return loaded
    }

    /// Offsets, in Unicode scalars of `word`, before which a hyphenated break may go. Leading
    /// and trailing punctuation (`(национальное)`) stays with its part.
    func breakOffsets(_ word: String) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        let key = UTF8Key(text: word)
        if let known = cache[key] { return known }
        let found = compute(word)
        cache[key] = found
        return found
    }

    private func compute(_ word: String) -> [Int] {
        let scalars = Array(word.unicodeScalars)
        guard let first = scalars.firstIndex(where: { $0.properties.isAlphabetic }),
              let last = scalars.lastIndex(where: { $0.properties.isAlphabetic }) else { return [] }
        let letters = scalars[first...last]
        guard letters.count >= 2 * Self.minimumPart else { return [] }
        let bytes: [UInt8]
        let dictionary: UnsafeMutablePointer<HyphenDict>?
        if letters.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) }) {
            bytes = letters.map { UInt8($0.properties.lowercaseMapping.unicodeScalars.first!.value) }
            dictionary = english
        } else if letters.allSatisfy({ (0x0410...0x044F).contains($0.value) || $0.value == 0x0401 || $0.value == 0x0451 }) {
            guard let koi8 = Self.koi8r(String(String.UnicodeScalarView(letters)).lowercased()),
                  koi8.count == letters.count else { return [] }
            bytes = koi8
            dictionary = russian
        } else {
            return []
        }
        guard let dictionary else { return [] }
        var hyphens = [CChar](repeating: 0, count: bytes.count + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var pos: UnsafeMutablePointer<Int32>?
        var cut: UnsafeMutablePointer<Int32>?
        let status = bytes.withUnsafeBufferPointer { word in
            word.withMemoryRebound(to: CChar.self) { word in
                hnj_hyphen_hyphenate2(dictionary, word.baseAddress, Int32(word.count), &hyphens, nil, &rep, &pos, &cut)
            }
        }
        // Non-standard hyphenation (replacements) does not occur in these two languages' patterns.
        if let rep {
            for index in 0..<bytes.count { free(rep[index]) }
            free(rep)
        }
        free(pos)
        free(cut)
        guard status == 0 else { return [] }
        var offsets: [Int] = []
        for index in 0..<bytes.count - 1 where hyphens[index] & 1 == 1 {
            let left = index + 1
            guard left >= Self.minimumPart, bytes.count - left >= Self.minimumPart else { continue }
            offsets.append(first + left)
        }
        return offsets
    }

    /// Lower-case Cyrillic in KOI8-R, the Russian dictionary's encoding (through iconv).
    private static func koi8r(_ text: String) -> [UInt8]? {
        let converter = iconv_open("KOI8-R", "UTF-8")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count + 4)
        var inLeft = input.count, outLeft = output.count
        let result = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        guard result != -1, inLeft == 0 else { return nil }
        return output[0..<(output.count - outLeft)].map { UInt8(bitPattern: $0) }
    }
}
