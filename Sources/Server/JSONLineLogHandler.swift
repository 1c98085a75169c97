public import Logging
import Foundation
import InvoiceModel

/// A swift-log handler writing one JSON object per line (`time`, `level`, `label`, `message`,
/// then the metadata as strings), through the project's JSON writer. Lines are written whole
/// with one `write`, under a lock, so concurrent requests never interleave.
public struct JSONLineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: LineSink

    /// Where the lines go: standard error (the default) or a file descriptor given by the caller.
    public init(label: String, fileDescriptor: Int32 = 2) {
        self.label = label
        self.sink = LineSink.shared(for: fileDescriptor)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        var fields: [(String, JSONText)] = [
            ("time", .string(Self.timestamp())), ("level", .string(level.rawValue)),
            ("label", .string(label)), ("message", .string(message.description)),
        ]
        let merged = metadata.merging(explicit ?? [:]) { _, new in new }
        for key in merged.keys.sorted() {
            fields.append((key, Self.json(merged[key]!)))
        }
        sink.write(JSONText.object(fields).rendered(indent: 0) + "\n")
    }

    private static func json(_ value: Logger.MetadataValue) -> JSONText {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let value): .string(value.description)
        case .array(let items): .array(items.map(json))
        case .dictionary(let members): .object(members.keys.sorted().map { ($0, json(members[$0]!)) })
        }
    }

    private static func timestamp() -> String {
        Date().ISO8601Format()
    }
}
