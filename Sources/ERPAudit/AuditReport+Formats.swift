public import Foundation
import FakturaXML
import InvoiceModel
import Findings

/// The audit report as JSON (docs/audit.md), a text table, JUnit XML and a self-contained HTML page.
extension AuditReport {
    /// The output formats of `faktura audit --format`.
    public enum Format: String, CaseIterable, Sendable {
        case text, json, junit, html
    }

    /// The report in a format, as bytes to write; with `summaryOnly`, only the summary and the
    /// findings by code (text or JSON; JUnit and HTML have no such form and stay whole).
    public func rendered(as format: Format, summaryOnly: Bool = false) -> Data {
        if summaryOnly, format == .text { return Data(summaryText().utf8) }
        if summaryOnly, format == .json { return summaryJSON() }
        var whole: [UInt8] = []
        write(as: format) { whole.append(contentsOf: $0) }
        return Data(whole)
    }

    /// docs/audit.md JSON plus `tool` (and `export`, `unreadableRows`), keys in a fixed order so the
    /// same audit gives the same bytes. Written by hand: a report of half a million postings
    /// must not go through a generic encoder's dictionaries.
    public func json() -> Data {
        var whole: [UInt8] = []
        json { whole.append(contentsOf: $0) }
        return Data(whole)
    }

    /// Writes the report to `handle` as it is rendered, a megabyte at a time, so that a report of
    /// hundreds of thousands of postings is never held as one buffer (nor as two, text and bytes).
    public func write(as format: Format, summaryOnly: Bool = false, to handle: FileHandle) throws {
        if summaryOnly, format == .text || format == .json {
            try handle.write(contentsOf: rendered(as: format, summaryOnly: true))
            return
        }
        var failure: (any Error)?
        write(as: format) { chunk in
            guard failure == nil else { return }
            do { try handle.write(contentsOf: chunk) } catch { failure = error }
        }
        if let failure { throw failure }
        // Postings that could not be kept or read back: the report written is incomplete.
        if let incomplete = log.failure { throw incomplete }
    }

    /// The whole report in `format`, handed to `emit` in pieces of about a megabyte.
    func write(as format: Format, emit: ([UInt8]) -> Void) {
        switch format {
        case .json: json(emit: emit)
        case .text: text { emit(Array($0.utf8)) }
        case .junit: junit { emit(Array($0.utf8)) }
        case .html: html { emit(Array($0.utf8)) }
        }
    }

    /// The JSON report handed to `emit` in pieces of about a megabyte.
    func json(emit: ([UInt8]) -> Void) {
        var out = AuditJSONWriter()
        writeHead(into: &out)
        out.raw("}},\n  \"postings\": [")
        var index = 0
        forEachPosting { posting in
            out.raw(index == 0 ? "\n    {\"postingNumber\": " : ",\n    {\"postingNumber\": ")
            index += 1
            out.string(posting.postingNumber)
            out.raw(", \"status\": \"\(posting.status.rawValue)\", \"findings\": ")
            out.findings(posting.findings, indent: "      ", language: language)
            out.raw("}")
            if out.bytes.count > 1 << 20 {
                emit(out.bytes)
                out.clear()
            }
        }
        out.raw(index == 0 ? "],\n  \"unreadableRows\": " : "\n  ],\n  \"unreadableRows\": ")
        out.findings(unreadableRows, indent: "    ", language: language)
        out.raw("\n}\n")
        emit(out.bytes)
    }

    /// `{"tool", "export", "summary": {…, "byCode": {…}`: the start both JSON forms share,
    /// left open after the codes.
    private func writeHead(into out: inout AuditJSONWriter) {
        out.raw("{\n  \"tool\": {\"name\": ")
        out.string(tool.name)
        out.raw(", \"version\": ")
        out.string(tool.version)
        out.raw(", \"rules\": ")
        out.string(tool.rules)
        out.raw("},\n  \"export\": ")
        out.string(export)
        if let headerRow {
            out.raw(",\n  \"headerRow\": {\"line\": \(headerRow.line), \"titleRows\": [")
            for (index, title) in headerRow.titleRows.enumerated() {
                out.raw(index == 0 ? "{\"line\": \(title.line), \"text\": " : ", {\"line\": \(title.line), \"text\": ")
                out.string(title.text)
                out.raw("}")
            }
            out.raw("]}")
        }
        out.raw(",\n  \"summary\": {\"records\": \(summary.records), \"postings\": \(summary.postings), \"ok\": \(summary.ok), ")
        out.raw("\"failed\": \(summary.failed), \"skipped\": \(summary.skipped), \"malformedRows\": \(summary.malformedRows), \"byCode\": {")
        for (index, (code, count)) in summary.byCode.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.raw(", ") }
            out.string(code)
            out.raw(": \(count)")
        }
    }

    /// `{"tool", "export", "summary"}`: the JSON report without its postings.
    public func summaryJSON() -> Data {
        var out = AuditJSONWriter()
        writeHead(into: &out)
        out.raw("}}\n}\n")
        return Data(out.bytes)
    }

    /// The summary lines of the text report.
    public func summaryText() -> String {
        let words = catalogue
        var out = words.text("audit.summary", [
            "rows": .data(String(summary.records)), "postings": .data(String(summary.postings)), "ok": .data(String(summary.ok)),
            "failed": .data(String(summary.failed)), "skipped": .data(String(summary.skipped)),
            "malformed": .data(String(summary.malformedRows)),
        ]) + "\n"
        if !summary.byCode.isEmpty {
            out += words.text("audit.byCode") + "\n"
            for (code, count) in summary.byCode.sorted(by: { $0.key < $1.key }) {
                out += "  \(pad(code, 28)) \(count)\n"
            }
        }
        out += toolLine + "\n"
        return out
    }

    /// The catalogue of the report's language.
    var catalogue: MessageCatalogue { MessageCatalogue.of(language ?? .english) }

    /// `faktura 0.1.0, rules …` in the report's language.
    private var toolLine: String {
        catalogue.text("report.tool", ["name": .data(tool.name), "version": .data(tool.version), "rules": .data(tool.rules)])
    }

    /// `error CODE [field]: message`, in the report's language.
    private func line(_ finding: Finding) -> String {
        let language = self.language ?? .english
        return "\(catalogue.text("severity.\(finding.severity.rawValue)")) \(finding.code.rawValue)"
            + "\(finding.field.map { " [\($0)]" } ?? ""): \(finding.message(in: language))"
    }

    // MARK: Text

    /// A table a person reads: failed postings first with their findings, then the summary.
    public func text() -> String {
        var whole = ""
        text { whole += $0 }
        return whole
    }

    /// The text report handed to `emit` in pieces of about a megabyte.
    func text(emit: (String) -> Void) {
        let words = catalogue
        var out = words.text("audit.title", ["export": .data(ExportTextDecoder.printable(export))]) + "\n\n"
        if let headerRow, !headerRow.titleRows.isEmpty {
            out += words.text("audit.headerRow", ["line": .data(String(headerRow.line))]) + "\n"
            for title in headerRow.titleRows { out += "  \(title.line): \(ExportTextDecoder.printable(title.text))\n" }
            out += "\n"
        }
        func flush(_ force: Bool = false) {
            if force || out.utf8.count > 1 << 20 {
                emit(out)
                out = ""
            }
        }
        var width = 14
        forEachPosting(.failed) { width = max(width, $0.postingNumber.count) }
        if summary.failed == 0 && unreadableRows.isEmpty {
            out += words.text("audit.noFailures") + "\n\n"
        }
        if summary.failed > 0 {
            // Column heads padded by the columns they take on a terminal (a CJK character takes two).
            out += padColumns(words.text("audit.column.posting"), width) + "  " + padColumns(words.text("audit.column.line"), 5) + "  "
                + padColumns(words.text("audit.column.status"), 19) + "  " + words.text("audit.column.findings") + "\n"
            forEachPosting(.failed) { posting in
                let first = "\(pad(ExportTextDecoder.printable(posting.postingNumber), width))  \(pad(String(posting.line), 5))  "
                    + "\(pad(ExportTextDecoder.printable(posting.exportStatus), 19))  "
                let lines = posting.findings.map { ExportTextDecoder.printable(line($0)) }
                out += first + (lines.first ?? "") + "\n"
                for more in lines.dropFirst() { out += String(repeating: " ", count: width + 36) + more + "\n" }
                flush()
            }
            out += "\n"
        }
        if !unreadableRows.isEmpty {
            out += words.text("audit.unreadableRows") + "\n"
            for finding in unreadableRows {
                out += ExportTextDecoder.printable("  \(finding.field ?? ""): \(finding.message(in: language ?? .english))") + "\n"
            }
            out += "\n"
        }
        var warned = false
        forEachPosting { posting in
            guard posting.status != .failed, !posting.findings.isEmpty else { return }
            if !warned {
                out += words.text("audit.passedNotes") + "\n"
                warned = true
            }
            for finding in posting.findings {
                out += ExportTextDecoder.printable("  \(posting.postingNumber): \(line(finding))") + "\n"
            }
            flush()
        }
        if warned { out += "\n" }
        out += summaryText()
        flush(true)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `text` padded to `width` terminal columns, East Asian wide characters counted as two.
    private func padColumns(_ text: String, _ width: Int) -> String {
        let columns = text.unicodeScalars.reduce(0) { sum, scalar in
            let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
                || (0x20000...0x3FFFD).contains(scalar.value)
            return sum + (wide ? 2 : 1)
        }
        return columns >= width ? text : text + String(repeating: " ", count: width - columns)
    }

    // MARK: JUnit

    /// One `testcase` per posting (skipped ones marked skipped), failures with their findings.
    public func junit() -> String {
        var whole = ""
        junit { whole += $0 }
        return whole
    }

    /// The JUnit report handed to `emit` in pieces of about a megabyte.
    func junit(emit: (String) -> Void) {
        let name = Self.xml("faktura audit \(export)")
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let failures = summary.failed + (unreadableRows.isEmpty ? 0 : 1)
        let tests = summary.postings + (unreadableRows.isEmpty ? 0 : 1)
        out += "<testsuites name=\"\(name)\" tests=\"\(tests)\" failures=\"\(failures)\" skipped=\"\(summary.skipped)\">\n"
        out += "  <testsuite name=\"\(name)\" tests=\"\(tests)\" failures=\"\(failures)\" skipped=\"\(summary.skipped)\" errors=\"0\">\n"
        out += "    <properties><property name=\"tool\" value=\"\(Self.xml("\(tool.name) \(tool.version) \(tool.rules)"))\"/></properties>\n"
        forEachPosting { posting in
            out += "    <testcase classname=\"posting\" name=\"\(Self.xml(posting.postingNumber))\">"
            let body = posting.findings.map(line).joined(separator: "\n")
            switch posting.status {
            case .ok:
                if !body.isEmpty { out += "<system-out>\(Self.xml(body, attribute: false))</system-out>" }
            case .skipped:
                out += "<skipped message=\"\(Self.xml(catalogue.text("audit.junit.skipped", ["status": .data(posting.exportStatus)])))\"/>"
            case .failed:
                let codes = Array(Set(posting.findings.filter { $0.severity == .error }.map(\.code.rawValue))).sorted()
                out += "\n      <failure type=\"\(Self.xml(codes.joined(separator: ",")))\" message=\"\(Self.xml(codes.joined(separator: ", ")))\">\(Self.xml(body, attribute: false))</failure>\n    "
            }
            out += "</testcase>\n"
            if out.utf8.count > 1 << 20 {
                emit(out)
                out = ""
            }
        }
        if !unreadableRows.isEmpty {
            let body = unreadableRows.map { "\($0.field ?? ""): \($0.message(in: language ?? .english))" }.joined(separator: "\n")
            let message = Self.xml(catalogue.text("audit.junit.unreadable", ["count": .data(String(unreadableRows.count))]))
            out += "    <testcase classname=\"rows\" name=\"unreadable rows\">\n      <failure type=\"ROW_MALFORMED\" message=\"\(message)\">\(Self.xml(body, attribute: false))</failure>\n    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        emit(out)
    }

    /// Text for an XML attribute (or, with `attribute: false`, element content).
    static func xml(_ text: String, attribute: Bool = true) -> String {
        XMLText.escaped(text, inAttribute: attribute)
    }

    // MARK: HTML

    /// One self-contained page (inline CSS and JS, nothing fetched): the summary, counts per
    /// code and a table of postings filterable by status, code and text. Everything that came
    /// from the export is escaped.
    public func html() -> String {
        var whole = ""
        html { whole += $0 }
        return whole
    }

    /// The HTML page handed to `emit` in pieces of about a megabyte: the head, the rows of
    /// failed, ok and skipped postings (one pass over the log each), the foot.
    func html(emit: (String) -> Void) {
        let h = { (text: String) in Self.xml(text) }
        let language = self.language ?? .english
        let words = catalogue
        let (head, foot) = htmlFrame()
        emit(head)
        var rows = ""
        func row(_ posting: Posting) {
            let codes = Set(posting.findings.map(\.code.rawValue)).sorted().joined(separator: " ")
            let findings = posting.findings.map { f in
                "<li class=\"\(f.severity.rawValue)\" title=\"\(h(words.text("audit.html.hint") + " " + f.hint(in: language)))\"><b>\(h(f.code.rawValue))</b>"
                    + "\(f.field.map { " <code>\(h($0.description))</code>" } ?? "") \(h(f.message(in: language)))</li>"
            }.joined()
            rows += "<tr class=\"\(posting.status.rawValue)\" data-status=\"\(posting.status.rawValue)\" data-codes=\"\(h(codes))\">"
                + "<td>\(h(posting.postingNumber))</td><td>\(posting.line)</td><td>\(h(posting.exportStatus))</td>"
                + "<td class=\"verdict\">\(h(words.text("verdict.\(posting.status.rawValue)")))</td><td><ul>\(findings)</ul></td></tr>\n"
            if rows.utf8.count > 1 << 20 {
                emit(rows)
                rows = ""
            }
        }
        for status in [Status.failed, .ok, .skipped] { forEachPosting(status, row) }
        for finding in unreadableRows {
            rows += "<tr class=\"failed\" data-status=\"failed\" data-codes=\"ROW_MALFORMED\"><td>—</td><td>\(h(finding.field?.description ?? ""))</td><td></td>"
                + "<td class=\"verdict\">\(h(words.text("verdict.failed")))</td><td><ul><li class=\"error\"><b>ROW_MALFORMED</b> \(h(finding.message(in: language)))</li></ul></td></tr>\n"
        }
        emit(rows + foot)
    }

    /// The page before and after the postings' rows (split at a NUL, which no part of the page
    /// can hold: every text in it is a path, a version or escaped).
    private func htmlFrame() -> (head: String, foot: String) {
        let h = { (text: String) in Self.xml(text) }
        let codeRows = summary.byCode.sorted { $0.key < $1.key }
            .map { "<tr><td><a href=\"#\" data-code=\"\(h($0.key))\">\(h($0.key))</a></td><td>\($0.value)</td></tr>" }.joined()
        let codeOptions = summary.byCode.keys.sorted().map { "<option>\(h($0))</option>" }.joined()
        let w = { (key: String) in h(self.catalogue.text(key)) }
        let verdict = { (status: String) in "<option value=\"\(status)\">\(w("verdict.\(status)"))</option>" }
        // The JavaScript's "3 of 10 shown": the text's pieces as string literals, the numbers the script's.
        let shown = catalogue.text("audit.html.shown", ["shown": .data("\u{1}n\u{1}"), "total": .data("\u{1}rows.length\u{1}")])
            .split(separator: "\u{1}", omittingEmptySubsequences: false).enumerated()
            .compactMap { index, piece -> String? in
                if index % 2 == 1 { return String(piece) }
                guard !piece.isEmpty else { return nil }
                return "'" + piece.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
                    .replacingOccurrences(of: "<", with: "\\x3c") + "'"
            }.joined(separator: "+")
        let page = """
        <!DOCTYPE html>
        <html lang="\(h((language ?? .english).tag))"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
        <title>\(h(catalogue.text("audit.html.title", ["export": .data(export)])))</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
        h1{font-size:1.4em} table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}
        .cards{display:flex;gap:1em;margin:1em 0}.card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;min-width:6em}
        .card b{display:block;font-size:1.6em}.failed .verdict{color:#b00020;font-weight:bold}.ok .verdict{color:#1b7f3b}
        .skipped .verdict{color:#777} ul{margin:0;padding-left:1.2em} li.warning{color:#8a5a00} li.info{color:#555}
        #filters{margin:1em 0;display:flex;gap:1em;flex-wrap:wrap} code{background:#f4f4f4;padding:0 3px}
        #postings td:first-child,.verdict{white-space:nowrap} #search{min-width:18em}
        </style></head><body>
        <h1>\(w("audit.html.heading")) <code>\(h(export))</code></h1>
        <div class="cards">
        <div class="card">\(w("audit.html.rows"))<b>\(summary.records)</b></div><div class="card">\(w("audit.html.postings"))<b>\(summary.postings)</b></div>
        <div class="card">\(w("verdict.ok"))<b>\(summary.ok)</b></div><div class="card">\(w("verdict.failed"))<b>\(summary.failed)</b></div>
        <div class="card">\(w("verdict.skipped"))<b>\(summary.skipped)</b></div><div class="card">\(w("audit.html.malformedRows"))<b>\(summary.malformedRows)</b></div>
        </div>
        <h2>\(w("audit.html.byCode"))</h2>
        <table id="codes"><tr><th>\(w("audit.html.code"))</th><th>\(w("audit.html.count"))</th></tr>\(codeRows)</table>
        <h2>\(w("audit.html.postingsHeading"))</h2>
        <div id="filters">
        <label>\(w("audit.html.status")) <select id="status"><option value="">\(w("audit.html.all"))</option>\(verdict("failed"))\(verdict("ok"))\(verdict("skipped"))</select></label>
        <label>\(w("audit.html.code")) <select id="code"><option value="">\(w("audit.html.all"))</option>\(codeOptions)</select></label>
        <label>\(w("audit.html.search")) <input id="search" type="search" placeholder="\(w("audit.html.searchPlaceholder"))"></label>
        <span id="shown"></span>
        </div>
        <table id="postings"><thead><tr><th>\(w("audit.html.posting"))</th><th>\(w("audit.html.line"))</th><th>\(w("audit.html.exportStatus"))</th><th>\(w("audit.html.verdict"))</th><th>\(w("audit.html.findings"))</th></tr></thead>
        <tbody>
        \u{0}</tbody></table>
        <p>\(h(toolLine))</p>
        <script>
        (function(){
          var s=document.getElementById('status'),c=document.getElementById('code'),q=document.getElementById('search');
          var rows=document.querySelectorAll('#postings tbody tr'),shown=document.getElementById('shown');
          function apply(){var n=0,t=q.value.toLowerCase();
            rows.forEach(function(r){var ok=(!s.value||r.dataset.status===s.value)&&(!c.value||(' '+r.dataset.codes+' ').indexOf(' '+c.value+' ')>=0)&&(!t||r.textContent.toLowerCase().indexOf(t)>=0);
              r.style.display=ok?'':'none';if(ok)n++;});
            shown.textContent=\(shown);}
          [s,c].forEach(function(e){e.addEventListener('change',apply)});q.addEventListener('input',apply);
          document.querySelectorAll('#codes a').forEach(function(a){a.addEventListener('click',function(e){e.preventDefault();c.value=a.dataset.code;apply();});});
          apply();
        })();
        </script>
        </body></html>

        """
        let parts = page.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), String(parts[1]))
    }
}
