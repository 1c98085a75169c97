import Foundation
@testable import Findings
@testable import ERPAudit

/// Drives a ``PostingGrouper`` over items as the audit does (replaying the items when the
/// grouper leaves direct mode), and gives every posting by index, in first-seen order.
struct AuditGrouping {
    var postings: [ExportPosting]
    var unreadableRows: [Finding]
    /// The grouper after the run (its mode, what it reopened).
    var grouper: PostingGrouper

    init(_ items: [ExportItem], canReplay: Bool = true) throws {
        var grouper = PostingGrouper(skipStatuses: PostingStatusPolicy.defaultSkipped, mapping: .identity, canReplay: canReplay)
        var byIndex: [Int: ExportPosting] = [:]
        func replay(_ count: Int) throws {
            for item in items.prefix(count) where try !grouper.replay(item) { throw CocoaError(.fileReadCorruptFile) }
            try grouper.endReplay()
        }
        for item in items {
            switch try grouper.add(item) {
            case .kept: break
            case .completed(let posting): byIndex[grouper.directCount - 1] = posting
            case .replayNeeded(let count): try replay(count)
            }
        }
        var unreadable: [Finding] = []
        finishing: while true {
            switch try grouper.finishReading() {
            case .replayNeeded(let count): try replay(count)
            case .done(let rows, let last):
                unreadable = rows
                if let last { byIndex[grouper.postingCount - 1] = last }
                break finishing
            }
        }
        for id in grouper.spooledPostingIDs { byIndex[id] = try grouper.takePosting(id) }
        postings = (0..<grouper.postingCount).map { byIndex[$0]! }
        unreadableRows = unreadable
        self.grouper = grouper
    }
}
