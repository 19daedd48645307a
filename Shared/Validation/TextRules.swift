/// What a text field accepts besides its length: no control characters.
///
/// C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F) are refused on input, in every text
/// field, so that no value can carry a terminal escape sequence (`ESC ] 52` writes the clipboard,
/// `ESC [ 2 J` clears the screen) to whoever prints it. Free-text fields (``FieldSpec/isMultiLine``:
/// the notes) also accept tab, line feed and carriage return + line feed.
enum TextRules {
    /// The first control character of `text` that the field does not allow, with its position
    /// (in Unicode scalars, from 0).
    static func forbiddenControl(in text: String, multiLine: Bool) -> (scalar: Unicode.Scalar, offset: Int)? {
        var scalars = text.unicodeScalars.makeIterator()
        var offset = 0
        var next = scalars.next()
        while let scalar = next {
            next = scalars.next()
            if ControlEscaping.isControl(scalar),
                !(multiLine && ControlEscaping.isLineBreakOrTab(scalar, next: next))
            {
                return (scalar, offset)
            }
            offset += 1
        }
        return nil
    }
}

extension FieldSpec {
    /// Whether the field is free text that may span lines (tab and line breaks allowed): the notes.
    public var isMultiLine: Bool { type == .text && name == "notes" }
}
