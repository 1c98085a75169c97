public import Foundation
public import FakturaXML

/// One Schematron assert of the tax service's schema, as data: the elements it applies to, the
/// XPath test (with the service's `usch:` functions), and the error it reports.
///
/// ```xml
/// <sch:rule context="Документ">
///   <sch:assert test="usch:iif(@Функция='СЧФ', count(ТаблСчФакт)!=0, true())">
///     <usch:error code="0400300003" path="ТаблСчФакт">… "<usch:value-of select="@Функция"/>" …</usch:error>
/// ```
public struct UPDRule: Sendable, Hashable {
    /// A piece of the error message: literal text, or an XPath whose string value is put in.
    public enum MessagePart: Sendable, Hashable {
        case text(String)
        case valueOf(String)
    }

    /// The pattern's name (`Проверка обязательности присутствия элемента ТаблСчФакт …`).
    public let pattern: String
    /// The name of the elements the rule applies to (`Документ`, `СведТов`).
    public let context: String
    /// The XPath 1.0 test; the assert fails where it is false.
    public let test: String
    /// The tax service's error code (`0400300003`, `0400400007`).
    public let code: String
    /// What the error is about, relative to the context (`@НаимДокОпр`, `ТаблСчФакт`).
    public let path: String
    public let message: [MessagePart]
    /// The line of the assert in the schema.
    public let line: Int
}

/// Why the rules could not be read from a schema.
public enum UPDRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(XMLError)
    /// An assert lacks what a rule needs (a test, a `usch:error` with a code).
    case malformed(line: Int, message: String)
    /// A test or message calls a `usch:` function Faktura does not implement: the rule could not
    /// run, so it is named instead of skipped.
    case unimplementedFunction(name: String, line: Int)

    public var description: String {
        switch self {
        case .unreadable(let error): "the UPD schema cannot be read: \(error)"
        case let .malformed(line, message): "the UPD schema's rule at line \(line) cannot be read: \(message)"
        case let .unimplementedFunction(name, line):
            "the UPD schema's rule at line \(line) calls usch:\(name)(), which Faktura does not implement "
                + "(implemented: \(XPathExtensions.Function.allCases.map { "usch:\($0.rawValue)()" }.joined(separator: ", ")))"
        }
    }
}

/// The Schematron rules of a UPD schema, read from its `xs:appinfo` annotations. Asserts inside
/// XML comments (the schema keeps some retired rules commented out) are not rules; they are
/// counted so that a test can account for every `<sch:assert` in the text.
public struct UPDRuleBook: Sendable {
    public let rules: [UPDRule]
    /// `<sch:assert` start tags in the schema's text outside comments (each must be a rule).
    public let assertTagsInText: Int
    /// `<sch:assert` start tags inside comments (retired rules).
    public let assertTagsInComments: Int

    public init(xsd data: Data, source: String) throws(UPDRuleError) {
        let document: XPathDocument
        do {
            document = try XPathDocument(data, source: source, namespaces: [
                "sch": UPDSchema.schematronNamespace, "usch": UPDSchema.extensionsNamespace,
            ])
        } catch {
            throw .unreadable(error)
        }
        var rules: [UPDRule] = []
        do {
            for rule in try document.nodes("//sch:rule") {
                let context = document.attribute("context", of: rule) ?? ""
                let pattern = try document.string("../@name", at: rule)
                for assert in try document.nodes("sch:assert", at: rule) {
                    rules.append(try Self.rule(assert, context: context, pattern: pattern, in: document))
                }
            }
        } catch let error as XPathError {
            throw .malformed(line: 0, message: error.description)
        } catch let error as UPDRuleError {
            throw error
        } catch {
            throw .malformed(line: 0, message: "\(error)")
        }
        self.rules = rules
        (assertTagsInText, assertTagsInComments) = Self.countAssertTags(data)
    }

    private static func rule(_ assert: XPathNode, context: String, pattern: String,
                             in document: XPathDocument) throws -> UPDRule {
        guard !context.isEmpty else { throw UPDRuleError.malformed(line: assert.line, message: "its sch:rule has no context") }
        guard let test = document.attribute("test", of: assert), !test.isEmpty else {
            throw UPDRuleError.malformed(line: assert.line, message: "the sch:assert has no test")
        }
        guard let error = try document.nodes("usch:error", at: assert).first,
              let code = document.attribute("code", of: error), !code.isEmpty else {
            throw UPDRuleError.malformed(line: assert.line, message: "the sch:assert has no usch:error with a code")
        }
        var message: [UPDRule.MessagePart] = []
        for part in document.children(of: error) {
            switch part.kind {
            case .text:
                message.append(.text(document.value(of: part)))
            case .element where part.name == "value-of" && part.namespace == UPDSchema.extensionsNamespace:
                guard let select = document.attribute("select", of: part) else {
                    throw UPDRuleError.malformed(line: part.line, message: "a usch:value-of has no select")
                }
                message.append(.valueOf(select))
            case .element:
                throw UPDRuleError.malformed(line: part.line, message: "unexpected <\(part.name)> in a usch:error message")
            default:
                continue
            }
        }
        let expressions = [test] + message.compactMap { if case .valueOf(let select) = $0 { select } else { nil } }
        for expression in expressions {
            for name in calledFunctions(expression) where XPathExtensions.Function(rawValue: name) == nil {
                throw UPDRuleError.unimplementedFunction(name: name, line: assert.line)
            }
        }
        return UPDRule(pattern: pattern, context: context, test: test, code: code,
                       path: document.attribute("path", of: error) ?? "", message: tidy(message), line: assert.line)
    }

    /// The `usch:` functions an expression calls.
    static func calledFunctions(_ expression: String) -> [String] {
        expression.matches(of: /usch:([A-Za-z_][A-Za-z0-9_.\-]*)\s*\(/).map { String($0.output.1) }
    }

    /// Runs of white space (the schema's line breaks and indents) become one space; the text
    /// ends without trailing blanks.
    private static func tidy(_ parts: [UPDRule.MessagePart]) -> [UPDRule.MessagePart] {
        var result = parts.map { part -> UPDRule.MessagePart in
            guard case .text(let text) = part else { return part }
            return .text(text.replacing(/\s+/, with: " "))
        }
        if case .text(let first)? = result.first { result[0] = .text(String(first.drop { $0 == " " })) }
        if case .text(let last)? = result.last {
            result[result.count - 1] = .text(String(last.reversed().drop { $0 == " " }.reversed()))
        }
        return result
    }

    /// Counts `<sch:assert` start tags outside and inside `<!-- … -->` in the raw bytes.
    static func countAssertTags(_ data: Data) -> (outside: Int, inside: Int) {
        let bytes = [UInt8](data)
        let tag = Array("<sch:assert".utf8), open = Array("<!--".utf8), close = Array("-->".utf8)
        func matches(_ pattern: [UInt8], at index: Int) -> Bool {
            index + pattern.count <= bytes.count && pattern.indices.allSatisfy { bytes[index + $0] == pattern[$0] }
        }
        var outside = 0, inside = 0, inComment = false, index = 0
        while index < bytes.count {
            if !inComment, matches(open, at: index) {
                inComment = true
                index += open.count
            } else if inComment, matches(close, at: index) {
                inComment = false
                index += close.count
            } else if matches(tag, at: index), index + tag.count < bytes.count,
                      bytes[index + tag.count] == UInt8(ascii: " ") || bytes[index + tag.count] == UInt8(ascii: ">") {
                if inComment { inside += 1 } else { outside += 1 }
                index += tag.count
            } else {
                index += 1
            }
        }
        return (outside, inside)
    }
}
