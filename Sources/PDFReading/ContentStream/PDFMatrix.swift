/// A PDF transformation matrix `[a b c d e f]` (a point is a row vector: x' = a·x + c·y + e).
struct PDFMatrix: Sendable, Equatable {
    var a = 1.0, b = 0.0, c = 0.0, d = 1.0, e = 0.0, f = 0.0

    static let identity = PDFMatrix()

    /// `self` applied first, then `other`.
    func concatenating(_ other: PDFMatrix) -> PDFMatrix {
        PDFMatrix(a: a * other.a + b * other.c, b: a * other.b + b * other.d,
                  c: c * other.a + d * other.c, d: c * other.b + d * other.d,
                  e: e * other.a + f * other.c + other.e, f: e * other.b + f * other.d + other.f)
    }

    func translated(_ x: Double, _ y: Double) -> PDFMatrix {
        PDFMatrix(a: 1, b: 0, c: 0, d: 1, e: x, f: y).concatenating(self)
    }

    func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (a * x + c * y + e, b * x + d * y + f)
    }
}
