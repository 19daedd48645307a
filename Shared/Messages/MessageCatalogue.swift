/// Every sentence and label `gisement` shows a person, looked up by message id in the table of
/// the current ``Language``.
///
/// The tables are data, one file per language (``MessageCatalogue/english``,
/// ``MessageCatalogue/french``); a message names its blanks `{name}`, filled by
/// ``localized(_:_:)``. Codes (kinds, fields, choice values, options) are never translated:
/// they are what users type and what JSON and CSV carry.
public enum MessageCatalogue {
    /// The table of `language`.
    public static func table(_ language: Language) -> [String: String] {
        switch language {
        case .en: return english
        case .fr: return french
        }
    }

    /// The message `id` in `language` with its `{name}` blanks filled from `arguments`.
    /// An id missing from the table (a programming error the catalogue tests catch) shows the
    /// English text, or the id itself, rather than nothing.
    public static func text(_ id: String, _ arguments: [String: String] = [:], language: Language = .current)
        -> String
    {
        let template = table(language)[id] ?? english[id] ?? id
        return fill(template, arguments)
    }

    /// Whether the catalogues hold `id`.
    public static func contains(_ id: String) -> Bool { english[id] != nil }

    /// `template` with each `{name}` replaced by `arguments[name]` (a blank with no argument stays).
    static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = String(after[..<close])
            out += arguments[name] ?? "{" + name + "}"
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    /// The blank names of a template, `{count}` → `count`, for the catalogue tests.
    public static func placeholders(_ template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            names.insert(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return names
    }
}

/// The message `id` in the current language, blanks filled: `localized("parse.unknownOption", ["option": token])`.
public func localized(_ id: String, _ arguments: [String: String] = [:]) -> String {
    MessageCatalogue.text(id, arguments)
}

/// A message kept unrendered (its id and blanks), for a value said later or in several languages.
public struct CatalogueMessage: Hashable, Sendable {
    public var id: String
    public var arguments: [String: String]

    public init(_ id: String, _ arguments: [String: String] = [:]) {
        self.id = id
        self.arguments = arguments
    }

    /// The message in `language` (the current one by default).
    public func text(in language: Language = .current) -> String {
        MessageCatalogue.text(id, arguments, language: language)
    }
}
