/// A content-stream operator the text interpreter acts on, by its bytes packed into a number
/// (`BT` is 0x4254, `'` is 0x27): the lexer packs every operator's bytes as it reads them, and
/// `PDFOperator(rawValue:)` and one switch find the case without building a `String`. Every
/// other operator (paths, colours, marked points...) is counted and skipped.
enum PDFOperator: UInt32, CaseIterable {
    case beginText = 0x4254                // BT
    case endText = 0x4554                  // ET
    case font = 0x5466                     // Tf
    case moveText = 0x5464                 // Td
    case moveTextSettingLeading = 0x5444   // TD
    case textMatrix = 0x546D               // Tm
    case nextLine = 0x542A                 // T*
    case showText = 0x546A                 // Tj
    case showTextArray = 0x544A            // TJ
    case nextLineShowText = 0x27           // '
    case nextLineSpacedShowText = 0x22     // "
    case charSpacing = 0x5463              // Tc
    case wordSpacing = 0x5477              // Tw
    case horizontalScaling = 0x547A        // Tz
    case leading = 0x544C                  // TL
    case rise = 0x5473                     // Ts
    case renderMode = 0x5472               // Tr
    case save = 0x71                       // q
    case restore = 0x51                    // Q
    case concatMatrix = 0x636D             // cm
    case drawObject = 0x446F               // Do
    case beginInlineImage = 0x4249         // BI
    case beginMarkedContent = 0x42_4443    // BDC
    case beginMarkedContentSequence = 0x42_4D43  // BMC
    case endMarkedContent = 0x45_4D43      // EMC
}
