public import Foundation

extension MailScan {
    /// Reads one message held in memory as a mailbox scan reads each of its messages (budgets,
    /// GMime, DKIM against `dkimKeys` only, PDF attachments through the budgeted PDF reader).
    /// `source` names it in findings. For a message that arrives as bytes, not in a mailbox.
    public static func scan(message bytes: Data, source: String, budget: MIMEBudget = .standard,
                            dkimKeys: String? = nil) throws(MailError) -> ScannedMessage {
        let scanner = try MessageScanner(budget: budget, dkimKeys: dkimKeys)
        let oversize = bytes.count > budget.messageBytes
        let raw = RawMessage(location: MessageLocation(file: source), bytes: oversize ? Data() : bytes,
                             oversizeBytes: oversize ? bytes.count : nil)
        return scanner.scan(raw)
    }
}
