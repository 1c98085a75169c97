/// The posting statuses Ozon's seller API writes (`/v3/posting/fbs/list`, `/v2/posting/fbo/list`).
/// A status value that is neither one of these nor mapped by the mapping's `statuses` table is
/// named to the user (`STATUS_UNKNOWN`), never silently taken for one of them.
public enum OzonPostingStatus: String, CaseIterable, Sendable {
    case acceptanceInProgress = "acceptance_in_progress"
    case awaitingRegistration = "awaiting_registration"
    case awaitingApprove = "awaiting_approve"
    case awaitingPackaging = "awaiting_packaging"
    case awaitingDeliver = "awaiting_deliver"
    case awaitingVerification = "awaiting_verification"
    case awaitingPayment = "awaiting_payment"
    case arbitration
    case clientArbitration = "client_arbitration"
    case delivering
    case driverPickup = "driver_pickup"
    case delivered
    case cancelled
    case cancelledFromSplitPending = "cancelled_from_split_pending"
    case notAccepted = "not_accepted"
    case sentBySeller = "sent_by_seller"
}
