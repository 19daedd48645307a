extension FieldValue {
    /// The value as JSON: `null`, a boolean, a number or a string. A decimal stays a number
    /// (a non-finite one, which validation never lets in, becomes `null`).
    public var json: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .integer(let i): return .integer(i)
        case .decimal(let d): return .number(d)
        case .text(let s): return .string(s)
        }
    }
}
