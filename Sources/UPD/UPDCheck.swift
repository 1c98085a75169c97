public import Foundation
public import InvoiceModel
public import FakturaXML
public import Findings

/// What checking a UPD file found: the schema's and its rules' findings, and the invoice read
/// from the file when it could be read (for Faktura's own rules, which the caller runs).
public struct UPDCheckResult: Sendable {
    public var findings: [Finding]
    public var invoice: Invoice?
    /// `Документ/@Функция` (`СЧФ`, `СЧФДОП`, …) when the file has one.
    public var function: String?
}

/// Checks files in the tax service's UPD format 5.03 (docs/upd.md): against the XSD (libxml2),
/// against each Schematron assert of the schema (as rules read from it, evaluated by libxml2's
/// XPath engine with the service's `usch:` functions), then reads the invoice.
///
/// ```swift
/// if UPDCheck.looksLikeUPD(data) { let result = UPDCheck.check(data, source: "ON_NSCHFDOPPR_….xml") }
/// ```
public enum UPDCheck {
    /// True when the first 4 KiB hold the start tag `<Файл` in windows-1251 (the format's own
    /// encoding), UTF-8 or UTF-16: cheap enough for every XML file;
    /// ``check(_:source:fileName:budget:)`` then reads the root and the form code.
    public static func looksLikeUPD(_ data: Data) -> Bool {
        let head = data.prefix(4096)
        return rootMarkers.contains { head.firstRange(of: $0) != nil }
    }

    /// `<Файл` in the encodings a UPD comes in.
    private static let rootMarkers: [[UInt8]] = {
        let tag = "<Файл"
        let utf16LE = tag.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16BE = tag.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        return [[0x3C, 0xD4, 0xE0, 0xE9, 0xEB], Array(tag.utf8), utf16LE, utf16BE]
    }()

    /// The name `getFileName()` answers for a path: the last component without its extension.
    public static func documentName(of source: String) -> String {
        let name = source.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? source
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// Checks one file. `source` names it in findings and gives the file name the rule
    /// 0400400007 compares with `ИдФайл` (pass `fileName` when the source is not the file's name).
    public static func check(_ data: Data, source: String, fileName: String? = nil,
                             budget: XMLBudget = .standard) -> UPDCheckResult {
        let schema: XMLSchema
        let book: UPDRuleBook
        switch (UPDSchema.compiled, UPDSchema.rules) {
        case (.success(let compiled), .success(let rules)):
            schema = compiled
            book = rules
        case (.failure(let error), _):
            return UPDCheckResult(findings: [Finding(code: .updSchema, key: "upd.schemaNotCompiled", ["englishDetail": .data("\(error)")])])
        case (_, .failure(let error)):
            return UPDCheckResult(findings: [Finding(code: .updRule, key: "upd.ruleBook", ["englishDetail": .data(error.description)])])
        }
        let document: XPathDocument
        do {
            document = try XPathDocument(data, source: source, budget: budget,
                                         namespaces: ["usch": UPDSchema.extensionsNamespace],
                                         extensions: XPathExtensions(namespace: UPDSchema.extensionsNamespace,
                                                                     documentName: documentName(of: fileName ?? source)))
        } catch {
            return UPDCheckResult(findings: xmlFindings(error))
        }
        guard let root = document.root, root.name == "Файл", root.namespace == nil else {
            return UPDCheckResult(findings: [Finding(code: .updSchema, field: .line(document.root?.line ?? 1),
                key: "upd.notUPD", ["root": .data(document.root?.name ?? "")])])
        }
        let function = (try? document.string("Документ/@Функция", at: root)).flatMap { $0.isEmpty ? nil : $0 }
        let formCode = (try? document.string("Документ/@КНД", at: root)) ?? ""
        let version = document.attribute("ВерсФорм", of: root) ?? ""
        var findings: [Finding] = []
        if formCode != UPDSchema.formCode || version != UPDSchema.formatVersion {
            findings.append(Finding(code: .updSchema, field: .line(root.line),
                key: "upd.otherForm", [
                    "form": formCode.isEmpty ? .key("upd.form.none") : .key("upd.form.code", ["code": .data(formCode)]),
                    "version": version.isEmpty ? .key("upd.version.none") : .data(version),
                    "formCode": .data(UPDSchema.formCode), "formatVersion": .data(UPDSchema.formatVersion)]))
            return UPDCheckResult(findings: findings, function: function)
        }
        findings += document.issues(against: schema).map { issue in
            Finding(code: .updSchema, field: issue.line > 0 ? .line(issue.line) : nil, text: issue.text)
        }
        findings += ruleFindings(book, in: document)
        findings += fileNameFindings(document, root: root)
        var invoice: Invoice?
        do {
            invoice = try UPDReader.invoice(from: document.tree(), source: source)
        } catch let error as UPDReadError {
            findings.append(Finding(code: .updSchema, field: error.line > 0 ? .line(error.line) : nil, text: error.text))
        } catch {
            findings.append(Finding(code: .updSchema, key: "upd.unreadable", ["englishDetail": .data("\(error)")]))
        }
        return UPDCheckResult(findings: findings, invoice: invoice, function: function)
    }

    /// Every rule on every element its context names, in rule order then document order.
    static func ruleFindings(_ book: UPDRuleBook, in document: XPathDocument) -> [Finding] {
        var findings: [Finding] = []
        // One walk of the document finds the elements of every rule's context.
        let elementsByName = document.elements(named: Set(book.rules.map(\.context)))
        for rule in book.rules {
            for element in elementsByName[rule.context] ?? [] {
                do {
                    guard try !document.boolean(rule.test, at: element) else { continue }
                    var message = ""
                    for part in rule.message {
                        switch part {
                        case .text(let text): message += text
                        case .valueOf(let select): message += (try? document.string(select, at: element)) ?? "?"
                        }
                    }
                    findings.append(Finding(code: .updRule,
                                            field: .label("\(document.path(of: element))/\(rule.path) (line \(element.line))"),
                                            key: "upd.rule", ["rule": .data(rule.code), "schemaText": .data(message)]))
                } catch {
                    findings.append(Finding(code: .updRule, field: .label("\(document.path(of: element)) (line \(element.line))"),
                        key: "upd.ruleNotEvaluated", ["line": .data(String(rule.line)), "rule": .data(rule.code),
                                                      "englishDetail": .data("\(error)")]))
                }
            }
        }
        return findings
    }

    /// Faktura's check of `ИдФайл` against the format's naming rule
    /// `ON_NSCHFDOPPR_<A>_<O>_<YYYYMMDD>_<GUID>_<N2>_<N3>_<N4>_<N5>_<N6>_<N7>`, and of the flags
    /// N2 (traceability) and N3 (marking) against what the file carries.
    static func fileNameFindings(_ document: XPathDocument, root: XPathNode) -> [Finding] {
        guard let id = document.attribute("ИдФайл", of: root) else { return [] }
        let field = FieldPath.label("Файл/@ИдФайл (line \(root.line))")
        let parts = id.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        let flags = parts.count == 12 ? Array(parts[6...]) : []
        guard parts.count == 12, parts[0] == "ON", parts[1] == "NSCHFDOPPR", !parts[2].isEmpty, !parts[3].isEmpty,
              parts[4].count == 8, parts[4].allSatisfy(\.isNumber), UUID(uuidString: parts[5]) != nil,
              flags.prefix(5).allSatisfy({ $0 == "0" || $0 == "1" }), flags[5].count == 2, flags[5].allSatisfy(\.isNumber) else {
            return [Finding(code: .updFileName, field: field,
                            key: "upd.fileName.pattern", ["id": .data(id)])]
        }
        var findings: [Finding] = []
        let checks: [(flag: String, name: String, element: String, what: MessageArgument)] = [
            (flags[0], "N2", "СведПрослеж", .key("upd.fileName.traceable")),
            (flags[1], "N3", "НомСредИдентТов", .key("upd.fileName.marked")),
        ]
        for check in checks {
            let count = Int((try? document.string("count(//\(check.element))", at: root)) ?? "0") ?? 0
            if check.flag == "0" && count > 0 {
                findings.append(Finding(code: .updFileName, field: field,
                    key: "upd.fileName.flagZero", ["flag": .data(check.name), "count": .data(String(count)),
                                                   "element": .data(check.element), "what": check.what]))
            } else if check.flag == "1" && count == 0 {
                findings.append(Finding(code: .updFileName, field: field,
                    key: "upd.fileName.flagOne", ["flag": .data(check.name), "element": .data(check.element), "what": check.what]))
            }
        }
        return findings
    }

    static func xmlFindings(_ error: XMLError) -> [Finding] {
        let field = error.line.map(FieldPath.line)
        switch error {
        case let .malformed(_, _, message):
            return [Finding(code: .schema, field: field, key: "xml.malformed", ["englishDetail": .data(message)])]
        case .doctypeNotAllowed:
            return [Finding(code: .schema, field: field, key: "xml.doctype")]
        case let .overBudget(_, _, limit, maximum, found):
            return [Finding(code: .schema, field: field, text: limit.refusal(maximum: maximum, found: found))]
        default:
            return [Finding(code: .schema, field: field, key: "xml.unreadable", ["englishDetail": .data(error.description)])]
        }
    }
}
