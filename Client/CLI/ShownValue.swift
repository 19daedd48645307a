import GisementShared

/// A value a person typed, as an error message repeats it: quoted when short, described by its
/// length when long (a 5,000-character note is not echoed back whole).
enum ShownValue {
    /// Longer values are described rather than repeated.
    static let maxShownCharacters = 60

    /// `'12,5x'`, or "a value of 2 345 characters".
    static func quoted(_ text: String) -> String {
        let count = text.count
        guard count > maxShownCharacters else { return "'" + text + "'" }
        return localized("value.long", ["count": LocalFormat.integer(Int64(count))])
    }
}
