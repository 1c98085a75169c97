public import Foundation
public import FakturaXML
import CUPDSchema

/// The tax service's UPD 5.03 schema (`schemas/upd-5.03/`), compiled into the binary, and what
/// Faktura makes of it: the compiled XSD and the Schematron rules written into its annotations.
public enum UPDSchema {
    /// The schema's file name as the tax service publishes it.
    public static let fileName = "ON_NSCHFDOPPR_1_997_01_05_03_05.xsd"
    /// Format version (`Файл/@ВерсФорм`) and form code (`Документ/@КНД`) of the files it describes.
    public static let formatVersion = "5.03"
    public static let formCode = "1115131"
    /// The namespaces of the rules: Schematron, and the tax service's extension functions.
    public static let schematronNamespace = "http://purl.oclc.org/dsdl/schematron"
    public static let extensionsNamespace = "http://www.unisoftware.ru/schematron-extensions"

    /// The schema's bytes, exactly as published (windows-1251).
    public static let bytes: Data = {
        var length = 0
        guard let start = faktura_upd_schema(&length) else { return Data() }
        return Data(bytes: start, count: length)
    }()

    /// The compiled XSD, or why it could not be compiled (then every UPD check says so).
    public static let compiled: Result<XMLSchema, XMLError> = Result { () throws(XMLError) in
        try XMLSchema(xsdData: bytes, source: fileName)
    }

    /// The Schematron rules read from the schema, or why they could not be read.
    public static let rules: Result<UPDRuleBook, UPDRuleError> = Result { () throws(UPDRuleError) in
        try UPDRuleBook(xsd: bytes, source: fileName)
    }
}
