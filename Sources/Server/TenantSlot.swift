import Archive
import Foundation

/// The tenant of one request, written once by the tenant middleware and read by the request
/// log; a reference so that copies of the request context share it.
final class TenantSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: TenantName?

    var value: TenantName? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
        set {
            lock.lock()
            stored = newValue
            lock.unlock()
        }
    }
}
