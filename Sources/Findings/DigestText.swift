/// Lower-case hex of a digest, as SHA-256 values are recorded in exports and the archive.
/// A table lookup: `String(format:)` per byte is slow when thousands of files are hashed.
public enum DigestText {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
