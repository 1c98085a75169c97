import Findings

/// The rows of an export that no posting can claim (no posting number, or one no row read whole
/// carries), as the report lists them: the first ``kept`` by line, each a `ROW_MALFORMED`
/// finding, then one finding that counts the rest and gives their lines' span. A hostile or
/// broken export of a million such rows costs the report a thousand entries, not a million.
struct UnreadableRows {
    /// How many rows are listed one by one.
    static let kept = 1_000

    private var rows: [MalformedRow] = []
    private(set) var count = 0
    /// The span of the lines not listed.
    private var omittedLines: ClosedRange<Int>?

    init() {}

    /// Takes one row (in any order of lines).
    mutating func add(_ row: MalformedRow) {
        count += 1
        rows.append(row)
        // Trimmed in batches, so each row costs a share of one sort of 2 × kept rows.
        if rows.count >= 2 * Self.kept { trim() }
    }

    private mutating func trim() {
        rows.sort { $0.line < $1.line }
        guard rows.count > Self.kept else { return }
        for row in rows[Self.kept...] {
            omittedLines = min(omittedLines?.lowerBound ?? row.line, row.line)...max(omittedLines?.upperBound ?? row.line, row.line)
        }
        rows.removeSubrange(Self.kept...)
    }

    /// The report's findings, by line.
    var findings: [Finding] {
        var copy = self
        copy.trim()
        var findings = copy.rows.map(PostingGrouper.finding)
        if let lines = copy.omittedLines {
            let more = count - copy.rows.count
            findings.append(Finding(
                code: .rowMalformed, field: .label("lines \(lines.lowerBound)-\(lines.upperBound)"),
                key: more == 1 ? "rows.omitted.one" : "rows.omitted.other", ["count": .data(String(more)), "kept": .data(String(Self.kept))]))
        }
        return findings
    }
}
