import Archive
import FakturaTestSupport
import Foundation

extension TestTimestampAuthority {
    /// One of the test authorities with the CA to check its tokens against (its own by default).
    func authority(_ name: String = "good", ca: URL? = nil) throws -> TimestampAuthority {
        try TimestampAuthority(url: url(name), caPath: (ca ?? caCertificate).path)
    }
}
