extension InvoiceXML {
    /// The XSD of the invoice XML (namespace `urn:faktura:invoice:1`).
    ///
    /// Elements mirror the canonical JSON of docs/invoice.md, in the same order: an absent element is a
    /// JSON null, a repeated element (`paymentDocument`, `line`, `taxId`) is one JSON array entry.
    /// Decimals are plain decimal strings (`12345.67`, `0.375`, no exponent), dates `YYYY-MM-DD`,
    /// codes are strings so leading zeros stay. The schema checks structure and lexical form;
    /// whether a code, rate or identifier is right is for the validator, which reports findings.
    public static let schemaText = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                   xmlns:inv="urn:faktura:invoice:1"
                   targetNamespace="urn:faktura:invoice:1"
                   elementFormDefault="qualified"
                   attributeFormDefault="unqualified">

          <xs:element name="invoice" type="inv:Invoice"/>

          <xs:complexType name="Invoice">
            <xs:sequence>
              <xs:element name="number" type="xs:string"/>
              <xs:element name="date" type="inv:Date"/>
              <!-- a corrected invoice: the correction's number and date (line 1a) -->
              <xs:element name="correction" type="inv:DocumentReference" minOccurs="0"/>
              <!-- ISO 4217 alphabetic code as given -->
              <xs:element name="currency" type="xs:string"/>
              <!-- ISO 3166 alpha-2 of the tax law; RU when absent -->
              <xs:element name="jurisdiction" type="xs:string" minOccurs="0"/>
              <!-- false when absent -->
              <xs:element name="pricesIncludeVat" type="xs:boolean" minOccurs="0"/>
              <!-- goods when absent; services: lines 3 and 4 of a счёт-фактура print a dash -->
              <xs:element name="supply" type="inv:Supply" minOccurs="0"/>
              <xs:element name="order" type="inv:OrderReference" minOccurs="0"/>
              <xs:element name="seller" type="inv:Party"/>
              <xs:element name="buyer" type="inv:Party"/>
              <xs:element name="shipper" type="inv:Party" minOccurs="0"/>
              <xs:element name="consignee" type="inv:Party" minOccurs="0"/>
              <xs:element name="paymentDocument" type="inv:DocumentReference" minOccurs="0" maxOccurs="unbounded"/>
              <xs:element name="shippingDocument" type="inv:DocumentReference" minOccurs="0" maxOccurs="unbounded"/>
              <xs:element name="contract" type="inv:DocumentReference" minOccurs="0"/>
              <xs:element name="line" type="inv:InvoiceLine" minOccurs="0" maxOccurs="unbounded"/>
              <xs:element name="totals" type="inv:InvoiceTotals" minOccurs="0"/>
              <!-- who signs for the seller -->
              <xs:element name="signer" type="inv:Signer" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>

          <xs:complexType name="OrderReference">
            <xs:sequence>
              <xs:element name="marketplace" type="xs:string" minOccurs="0"/>
              <xs:element name="orderNumber" type="xs:string" minOccurs="0"/>
              <xs:element name="postingNumber" type="xs:string" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>

          <xs:complexType name="Party">
            <xs:sequence>
              <xs:element name="name" type="xs:string"/>
              <!-- the name in the party's own script -->
              <xs:element name="localName" type="xs:string" minOccurs="0"/>
              <!-- ISO 3166 alpha-2 -->
              <xs:element name="country" type="xs:string" minOccurs="0"/>
              <xs:element name="taxId" type="inv:TaxID" minOccurs="0" maxOccurs="unbounded"/>
              <xs:element name="address" type="xs:string" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>

          <!-- <taxId scheme="ru-inn">7707083893</taxId> -->
          <xs:complexType name="TaxID">
            <xs:simpleContent>
              <xs:extension base="xs:string">
                <xs:attribute name="scheme" type="xs:string" use="required"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>

          <xs:complexType name="DocumentReference">
            <xs:sequence>
              <xs:element name="number" type="xs:string"/>
              <xs:element name="date" type="inv:Date" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>

          <xs:complexType name="UnitOfMeasure">
            <xs:sequence>
              <!-- OKEI code, e.g. 796 -->
              <xs:element name="code" type="xs:string"/>
              <xs:element name="name" type="xs:string" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>

          <xs:complexType name="InvoiceLine">
            <xs:sequence>
              <xs:element name="sku" type="xs:string" minOccurs="0"/>
              <xs:element name="offerId" type="xs:string" minOccurs="0"/>
              <xs:element name="name" type="xs:string"/>
              <!-- HS / TN VED code as given -->
              <xs:element name="hsCode" type="xs:string" minOccurs="0"/>
              <xs:element name="unit" type="inv:UnitOfMeasure" minOccurs="0"/>
              <xs:element name="quantity" type="inv:Decimal"/>
              <xs:element name="price" type="inv:Decimal"/>
              <xs:element name="vatRate" type="inv:VATRate"/>
              <xs:element name="excise" type="inv:Decimal" minOccurs="0"/>
              <xs:element name="originCountry" type="xs:string" minOccurs="0"/>
              <xs:element name="customsDeclaration" type="xs:string" minOccurs="0"/>
              <xs:element name="vatAmount" type="inv:Decimal" minOccurs="0"/>
              <xs:element name="amountWithoutVat" type="inv:Decimal" minOccurs="0"/>
              <xs:element name="amountWithVat" type="inv:Decimal" minOccurs="0"/>
              <!-- traceable goods: batch (РНПТ), unit, quantity, value (columns 11-14) -->
              <xs:element name="traceability" type="inv:Traceability" minOccurs="0"/>
              <!-- one marking code (КИЗ) per element -->
              <xs:element name="markingCode" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>

          <xs:complexType name="Traceability">
            <xs:sequence>
              <xs:element name="batchNumber" type="xs:string"/>
              <xs:element name="unit" type="inv:UnitOfMeasure"/>
              <xs:element name="quantity" type="inv:Decimal"/>
              <xs:element name="amountWithoutVat" type="inv:Decimal" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>

          <xs:complexType name="Signer">
            <xs:sequence>
              <xs:element name="name" type="xs:string"/>
              <xs:element name="position" type="xs:string" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>

          <xs:complexType name="InvoiceTotals">
            <xs:sequence>
              <xs:element name="amountWithoutVat" type="inv:Decimal" minOccurs="0"/>
              <xs:element name="vatAmount" type="inv:Decimal" minOccurs="0"/>
              <xs:element name="amountWithVat" type="inv:Decimal" minOccurs="0"/>
            </xs:sequence>
          </xs:complexType>

          <!-- A plain decimal: 12345.67, -1.5, 0.375; no exponent, no grouping. -->
          <xs:simpleType name="Decimal">
            <xs:restriction base="xs:decimal">
              <xs:pattern value="[+\\-]?[0-9]+(\\.[0-9]+)?"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Supply">
            <xs:restriction base="xs:token">
              <xs:enumeration value="goods"/>
              <xs:enumeration value="services"/>
            </xs:restriction>
          </xs:simpleType>

          <!-- YYYY-MM-DD; whether the day exists is checked when the invoice is read. -->
          <xs:simpleType name="Date">
            <xs:restriction base="xs:token">
              <xs:pattern value="[0-9]{4}-[0-9]{2}-[0-9]{2}"/>
            </xs:restriction>
          </xs:simpleType>

          <!-- 22%, 22/122 (calculated rate) or none (not subject to VAT). -->
          <xs:simpleType name="VATRate">
            <xs:restriction base="xs:token">
              <xs:pattern value="none|[0-9]+(\\.[0-9]+)?%|[0-9]+(\\.[0-9]+)?/[0-9]+(\\.[0-9]+)?"/>
            </xs:restriction>
          </xs:simpleType>
        </xs:schema>
        """
}
