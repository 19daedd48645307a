extension String {
    /// The string without leading and trailing spaces and tabs (HTTP's optional whitespace,
    /// RFC 9110 §5.6.3), as header values and list elements are read.
    public var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
