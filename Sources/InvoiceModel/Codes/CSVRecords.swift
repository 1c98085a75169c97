/// A minimal RFC 4180 reader: comma-separated fields, double-quoted fields that may hold
/// commas, line breaks and doubled quotes, CRLF or LF line ends, an optional UTF-8 BOM.
struct CSVRecords {
    struct Malformed: Error {
        /// 1-based line on which the bad record starts.
        let line: Int
        let reason: String
    }

    /// Each record with the line it starts on; blank lines are skipped.
    static func parse(_ text: String) throws(Malformed) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(String(field))
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append((recordLine, fields))
            }
            fields = []
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }

        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                fieldWasQuoted = false
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                if fieldWasQuoted {
                    throw Malformed(line: line, reason: "text after the closing quote of a field; a quote inside a quoted field is written twice (\"\")")
                }
                field.append(c)
            }
        }
        if inQuotes {
            throw Malformed(line: recordLine, reason: "a quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
