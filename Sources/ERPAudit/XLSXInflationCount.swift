/// The bytes a workbook reader inflated from its ZIP, counted as they come: how a test tells
/// that a hostile workbook was refused before the work (not how long the refusal took).
final class XLSXInflationCount {
    var bytes = 0
}
