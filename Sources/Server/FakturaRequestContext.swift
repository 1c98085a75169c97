public import Archive
public import Hummingbird

/// Per-request state: the tenant the bearer token named (or `default` without tokens).
public struct FakturaRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Shared by every copy of the context, so the outermost middleware can log the tenant
    /// that an inner one found.
    let tenantSlot = TenantSlot()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The tenant of a `/v1` request, set by ``TenantMiddleware``.
    public var tenant: TenantName? { tenantSlot.value }
}
