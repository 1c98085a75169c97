/// A scheme's worked examples, kept beside its check as python-stdnum keeps doctests in each
/// module: values it accepts (published numbers), and values it refuses with the kind of
/// refusal and a phrase its message must hold. One parameterised test runs every scheme's
/// examples, so a new scheme is tested by writing its examples.
public struct IdentifierExamples: Sendable {
    /// The kind of ``IdentifierError`` a value is refused with.
    public enum Refusal: String, Sendable {
        case format, length, checksum, component

        /// The refusal `error` is.
        public init(_ error: IdentifierError) {
            switch error {
            case .invalidFormat: self = .format
            case .invalidLength: self = .length
            case .invalidChecksum: self = .checksum
            case .invalidComponent: self = .component
            }
        }
    }

    /// A value the scheme refuses, how, and (when given) a phrase its message names.
    public struct Invalid: Sendable {
        public var value: String
        public var refusal: Refusal
        public var mentions: String?

        public init(_ value: String, _ refusal: Refusal, mentions: String? = nil) {
            self.value = value
            self.refusal = refusal
            self.mentions = mentions
        }
    }

    /// Values the scheme accepts, as people write them.
    public var valid: [String]
    public var invalid: [Invalid]

    public init(valid: [String], invalid: [Invalid]) {
        self.valid = valid
        self.invalid = invalid
    }
}
