/// A temporary file of the audit that could not be made, written or read (exit status 2).
public struct TemporaryFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (already unlinked), or the name pattern when it could not be made.
    public var path: String
    /// What it holds: `rows` (the export's rows) or `report` (the report's entries).
    public var purpose: String
    /// `create`, `write` or `read`.
    public var action: String
    public var reason: String

    public var description: String {
        "\(path): cannot \(action) the audit's temporary file of \(purpose): \(reason); "
            + "point TMPDIR at a folder with free space"
    }
}
