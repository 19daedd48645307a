/// The language `gisement` speaks to its user: English or French.
///
/// Chosen once per invocation (`--lang`, else the POSIX locale variables) and bound for the
/// duration of the command with ``Language/$current``, so that the code that builds a sentence
/// deep in a command needs no language parameter. A task-local rather than a global: in-process
/// tests can run commands in both languages side by side.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case en
    case fr

    /// The language of the running command (English unless a caller bound another).
    @TaskLocal public static var current: Language = .en

    /// The language the locale variables ask for, read the POSIX way: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides; French when it starts with `fr`
    /// (`fr_FR.UTF-8`, `fr_BE`, `fr`), English otherwise.
    public static func fromLocale(lcAll: String?, lcMessages: String?, lang: String?) -> Language {
        for value in [lcAll, lcMessages, lang] {
            guard let value, !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("fr") ? .fr : .en
        }
        return .en
    }
}
