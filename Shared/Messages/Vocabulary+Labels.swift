extension Vocabulary {
    /// The label a person reads for `code`, a value of the choice field `field`
    /// (`door-to-door` → "porte-à-porte" in French). English shows the code itself, which is
    /// also what commands take; unknown codes are shown as they are.
    public static func label(_ code: String, field: String) -> String {
        let id = "value.\(field).\(code)"
        return MessageCatalogue.contains(id) ? localized(id) : code
    }

    /// A kind's name in the current language (`collection` → "collecte"), singular or plural.
    public static func kindName(_ kind: RecordKind, plural: Bool = false) -> String {
        localized("kind.\(kind.rawValue)" + (plural ? ".plural" : ""))
    }
}
