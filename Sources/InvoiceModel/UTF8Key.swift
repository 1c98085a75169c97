/// A string as a dictionary key, compared and hashed by its UTF-8 bytes. Swift's own `String`
/// hashing first brings non-ASCII text to NFC, which for the Russian and Chinese labels the
/// render and reading caches hold costs more than the work the caches save. Two spellings of
/// one text (NFC and NFD) are two keys: a memo of what is worked out from the bytes may take
/// that as it is, and a table of words may where its words and the texts looked up are
/// compared byte for byte.
public struct UTF8Key: Hashable, Sendable {
    public let text: String

    @inlinable
    public init(text: String) {
        self.text = text
    }

    @inlinable
    public static func == (left: UTF8Key, right: UTF8Key) -> Bool {
        left.text.utf8.count == right.text.utf8.count && left.text.utf8.elementsEqual(right.text.utf8)
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
