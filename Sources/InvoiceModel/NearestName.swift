/// The known name closest to a misspelt one, by edit distance (Levenshtein, ignoring case):
/// `pricesIncludesVAT` → `pricesIncludeVat`. Used wherever an unknown name is reported, so the
/// message can say what was probably meant.
public enum NearestName {
    /// The candidate with the smallest edit distance to `name` (the first of equals), or nil
    /// when there are no candidates.
    public static func nearest(to name: String, in candidates: some Sequence<String>) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(name, candidate)
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        return best?.name
    }

    /// The number of single-character insertions, deletions and substitutions that turn one
    /// text into the other, letters compared without case.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
