import Foundation
import Findings

/// One leaf of a message's MIME tree, decoded (transfer encoding undone, text in UTF-8).
struct MIMEPart: Sendable {
    /// `type/subtype`, lower case.
    var mediaType: String
    /// The file name (RFC 2231 and RFC 2047 decoded), when the part has one.
    var fileName: String?
    /// The bytes after base64 / quoted-printable decoding.
    var content: Data
    /// For text parts: the content converted from its charset to UTF-8.
    var text: String?
    /// For base64 parts: where the encoded text breaks the alphabet (nil when it is clean).
    var encodingDamage: MessageText?
    /// The path of the part in the tree, `1.2.1`, for messages.
    var path: String
}
