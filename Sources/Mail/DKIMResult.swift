/// The outcome of checking a message's DKIM signature offline, against the keys given.
public enum DKIMResult: String, Sendable, Hashable, Codable, CaseIterable {
    /// A signature verifies: the signing domain sent exactly these headers and this body.
    case pass
    /// A signature is there but does not verify: the message was changed after signing.
    case fail
    /// The message carries no DKIM-Signature.
    case none
    /// A signature is there, but the key file has no key for its selector and domain.
    case unknownKey = "unknown-key"
}
