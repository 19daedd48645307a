/// Text cells made safe for a spreadsheet, reversibly: a cell starting with `=`, `+`, `-`, `@`, a
/// tab or a CR is a formula to Excel and LibreOffice (OWASP "CSV injection"), so `export` writes it
/// with a leading apostrophe, and `import` takes exactly that apostrophe off again. A value that
/// itself starts with apostrophes before such a character gets one more, so every value survives
/// export then import unchanged.
enum SpreadsheetGuard {
    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// Whether `text` needs the apostrophe.
    static func needsGuard<S: StringProtocol>(_ text: S) -> Bool {
        guard let first = text.first else { return false }
        if formulaStarts.contains(first) { return true }
        return first == "'" && needsGuard(text.dropFirst())
    }

    /// The cell `export` writes for a text value.
    static func guarded(_ text: String) -> String {
        needsGuard(text) ? "'" + text : text
    }

    /// The value `import` reads from a text cell.
    static func unguarded(_ cell: String) -> String {
        cell.first == "'" && needsGuard(cell.dropFirst()) ? String(cell.dropFirst()) : cell
    }
}
