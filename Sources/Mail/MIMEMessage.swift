import Foundation
import Findings
private import CGMime

/// The one owner of GMime objects: parses one raw message and hands back plain Swift values.
/// GMime is used for everything MIME: RFC 2047 headers, RFC 2231 file names, charsets through
/// iconv, base64 and quoted-printable, nested `message/rfc822`; subjects are joined from their
/// raw value by `EncodedWordText` (which says why). No GMime pointer leaves this file.
final class MIMEMessage {
    /// What a parsed message holds, as Swift values.
    struct Content {
        var messageID: String?
        /// ISO 8601 with offset, from the `Date:` header.
        var date: String?
        var from: String?
        var subject: String?
        /// ISO 8601 time of the newest `Received:` header (when the receiving server took the message).
        var received: String?
        /// Subjects of forwarded messages inside it.
        var nestedSubjects: [String] = []
        var parts: [MIMEPart] = []
        /// What GMime noticed while parsing (a multipart never closed, a truncated message, ...).
        var parserWarnings: [MessageText] = []
        /// The budget the tree exceeded while it was walked, if any; the parts up to there are kept.
        var exceeded: MessageText?
    }

    private static let initialised: Bool = {
        g_mime_init()
        return true
    }()

    private let message: UnsafeMutablePointer<GMimeMessage>
    private let warnings: WarningSink

    /// Parses `raw`; nil when GMime finds no message at all in it.
    init?(raw: Data) {
        _ = Self.initialised
        let stream = raw.withUnsafeBytes { buffer in
            g_mime_stream_mem_new_with_buffer(buffer.baseAddress?.assumingMemoryBound(to: CChar.self), buffer.count)
        }
        defer { faktura_gobject_unref(stream) }
        let parser = g_mime_parser_new_with_stream(stream)
        defer { faktura_gobject_unref(parser) }
        let options = g_mime_parser_options_new()
        defer { g_mime_parser_options_free(options) }
        // Undeclared 8-bit header text: UTF-8 first, then the two legacy charsets sellers' mail uses.
        let fallbacks: [UnsafeMutablePointer<CChar>?] = ["UTF-8", "GB18030", "windows-1251"].map { (name: String) in strdup(name) }
        defer { fallbacks.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = fallbacks.map { $0.map { UnsafePointer($0) } } + [nil]
        pointers.withUnsafeMutableBufferPointer { g_mime_parser_options_set_fallback_charsets(options, $0.baseAddress) }
        let sink = WarningSink()
        g_mime_parser_options_set_warning_callback(options, { offset, code, item, context in
            guard let context else { return }
            let sink = Unmanaged<WarningSink>.fromOpaque(context).takeUnretainedValue()
            sink.add(offset: Int64(offset), code: code.rawValue, item: item.map { String(cString: $0) })
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard let parsed = g_mime_parser_construct_message(parser, options) else { return nil }
        message = parsed
        warnings = sink
    }

    deinit {
        faktura_gobject_unref(message)
    }

    /// The headers and the decoded leaves, walked without recursion under `budget`.
    func content(budget: MIMEBudget) -> Content {
        var content = Content()
        content.messageID = g_mime_message_get_message_id(message).map { String(cString: $0) }
        if let date = g_mime_message_get_date(message), let text = g_date_time_format_iso8601(date) {
            content.date = String(cString: text)
            g_free(text)
        }
        if let from = g_mime_message_get_from(message), let text = internet_address_list_to_string(from, nil, 0) {
            let value = String(cString: text)
            g_free(text)
            if !value.isEmpty { content.from = value }
        }
        content.subject = Self.subject(of: message)
        if let received = g_mime_object_get_header(Self.cast(message, to: GMimeObject.self), "Received") as UnsafePointer<CChar>? {
            // `from ... by ...; Tue, 24 Nov 2026 10:15:02 +0300`: the time follows the last ';'.
            let text = String(cString: received)
            if let stamp = text.split(separator: ";").last.map(String.init),
               let date = g_mime_utils_header_decode_date(stamp), let iso = g_date_time_format_iso8601(date) {
                content.received = String(cString: iso)
                g_free(iso)
                g_date_time_unref(date)
            }
        }

        var stack: [(object: UnsafeMutablePointer<GMimeObject>, depth: Int, path: String)] = []
        if let root = g_mime_message_get_mime_part(message) { stack.append((root, 1, "1")) }
        var visited = 0
        while let (object, depth, path) = stack.popLast() {
            visited += 1
            if visited > budget.parts {
                content.exceeded = MessageText("mail.limit.parts", ["limit": .data(String(budget.parts))])
                break
            }
            if depth > budget.depth {
                content.exceeded = MessageText("mail.limit.depth", ["limit": .data(String(budget.depth)), "part": .data(path)])
                break
            }
            if faktura_gmime_is_multipart(object) != 0 {
                let multipart = Self.cast(object, to: GMimeMultipart.self)
                let count = Int(g_mime_multipart_get_count(multipart))
                // Pushed in reverse so that parts come out in document order.
                for index in stride(from: count - 1, through: 0, by: -1) {
                    if let child = g_mime_multipart_get_part(multipart, Int32(index)) {
                        stack.append((child, depth + 1, "\(path).\(index + 1)"))
                    }
                }
            } else if faktura_gmime_is_message_part(object) != 0 {
                let part = Self.cast(object, to: GMimeMessagePart.self)
                if let inner = g_mime_message_part_get_message(part) {
                    if let subject = Self.subject(of: inner) { content.nestedSubjects.append(subject) }
                    if let root = g_mime_message_get_mime_part(inner) { stack.append((root, depth + 1, "\(path).1")) }
                }
            } else if faktura_gmime_is_part(object) != 0 {
                content.parts.append(Self.leaf(object, path: path))
            }
        }
        content.parserWarnings = warnings.messages
        return content
    }

    /// The Subject decoded whole from its raw value (nil when the message has none).
    private static func subject(of message: UnsafeMutablePointer<GMimeMessage>) -> String? {
        guard let headers = g_mime_object_get_header_list(cast(message, to: GMimeObject.self)),
              let header = g_mime_header_list_get_header(headers, "Subject"),
              let raw = g_mime_header_get_raw_value(header) else { return nil }
        return EncodedWordText.decode(Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self),
                                                                count: strlen(raw))))
    }

    private static func leaf(_ object: UnsafeMutablePointer<GMimeObject>, path: String) -> MIMEPart {
        let part = cast(object, to: GMimePart.self)
        var mediaType = "application/octet-stream"
        if let type = g_mime_object_get_content_type(object), let text = g_mime_content_type_get_mime_type(type) {
            mediaType = String(cString: text).lowercased()
            g_free(text)
        }
        let fileName = g_mime_part_get_filename(part).map { String(cString: $0) }
        var decoded = Data()
        var damage: MessageText?
        if let wrapper = g_mime_part_get_content(part) {
            let sink = g_mime_stream_mem_new()
            g_mime_data_wrapper_write_to_stream(wrapper, sink)
            decoded = bytes(of: sink)
            faktura_gobject_unref(sink)
            if g_mime_part_get_content_encoding(part) == GMIME_CONTENT_ENCODING_BASE64,
               let encoded = g_mime_data_wrapper_get_stream(wrapper) {
                let copy = g_mime_stream_mem_new()
                g_mime_stream_reset(encoded)
                g_mime_stream_write_to_stream(encoded, copy)
                g_mime_stream_reset(encoded)
                damage = Base64Damage.find(in: bytes(of: copy))
                faktura_gobject_unref(copy)
            }
        }
        var text: String?
        if faktura_gmime_is_text_part(object) != 0, let converted = g_mime_text_part_get_text(cast(object, to: GMimeTextPart.self)) {
            text = String(cString: converted)
            g_free(converted)
        }
        return MIMEPart(mediaType: mediaType, fileName: fileName, content: decoded, text: text,
                        encodingDamage: damage, path: path)
    }

    private static func bytes(of stream: UnsafeMutablePointer<GMimeStream>?) -> Data {
        guard let stream, let array = g_mime_stream_mem_get_byte_array(cast(stream, to: GMimeStreamMem.self)),
              let data = array.pointee.data else { return Data() }
        return Data(bytes: data, count: Int(array.pointee.len))
    }

    private static func cast<From, To>(_ pointer: UnsafeMutablePointer<From>, to: To.Type) -> UnsafeMutablePointer<To> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: To.self)
    }
}

/// Collects GMime's parser warnings for one message (called back from C, on this thread).
private final class WarningSink {
    private(set) var messages: [MessageText] = []

    /// The issues worth telling a user about, by GMime's warning number; the rest (a duplicated
    /// header, an 8-bit header GMime decoded anyway) change nothing Faktura reads.
    /// Catalogue keys `mail.gmime.<name>`.
    private static let described: [UInt32: String] = [
        GMIME_WARN_MALFORMED_MULTIPART.rawValue: "emptyMultipart",
        GMIME_WARN_TRUNCATED_MESSAGE.rawValue: "truncated",
        GMIME_WARN_MALFORMED_MESSAGE.rawValue: "malformed",
        GMIME_CRIT_INVALID_HEADER_NAME.rawValue: "invalidHeaderName",
        GMIME_CRIT_CONFLICTING_HEADER.rawValue: "conflictingHeaders",
        GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY.rawValue: "noBoundary",
        GMIME_CRIT_NESTING_OVERFLOW.rawValue: "nestingOverflow",
        GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT.rawValue: "emptyPart",
    ]

    func add(offset: Int64, code: UInt32, item: String?) {
        guard let name = Self.described[code], messages.count < 20 else { return }
        let warning = MessageText("mail.gmime.\(name)")
        let line = offset >= 0 ? MessageText("mail.gmime.at", ["warning": .text(warning), "offset": .data(String(offset))]) : warning
        if !messages.contains(line) { messages.append(line) }
    }
}
