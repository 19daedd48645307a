import GisementShared

/// Builds help and usage texts from a ``CommandConfiguration``, in swift-argument-parser's layout:
/// `OVERVIEW`, the discussion, `USAGE`, `ARGUMENTS`, `OPTIONS`, `SUBCOMMANDS`, with labels in a
/// 26-column column and text wrapped at 80 columns. Both programs' help goes through it.
public struct HelpFormatter {
    /// Width of the label column (two spaces of indent included).
    public static let labelColumnWidth = 26
    /// Width that text is wrapped to.
    public static let lineWidth = 80

    public let program: CommandLineProgram

    public init(program: CommandLineProgram) {
        self.program = program
    }

    var programName: String { program.name }

    /// The full help of a command; `path` is its command path (`["district", "add"]`).
    public func help(path: [String], configuration: CommandConfiguration) -> String {
        var out = ""
        out += wrap(localized("help.heading.overview") + " " + configuration.abstract, indent: 0) + "\n"
        if !configuration.discussion.isEmpty {
            out += "\n" + discussion(configuration.discussion) + "\n"
        }
        out += "\n" + usage(path: path, configuration: configuration) + "\n"
        if !configuration.arguments.isEmpty {
            out += "\n" + localized("help.heading.arguments") + "\n"
            for argument in configuration.arguments {
                out += entry(label: "<\(argument.name)>", text: argument.help)
            }
        }
        out += "\n" + localized("help.heading.options") + "\n"
        let version = OptionSpec("version", help: localized("help.global.version"))
        let globals = program.globalOptions.filter { configuration.acceptsJSON || $0.name != "json" }
        let options = configuration.isGroup ? [version] : configuration.options + globals + [version]
        for option in options {
            out += entry(label: option.label, text: HelpFormatter.text(of: option))
        }
        out += entry(label: "-h, --help", text: localized("help.global.help"))
        if !configuration.subcommands.isEmpty {
            out += "\n" + localized("help.heading.subcommands") + "\n"
            for sub in configuration.subcommands {
                out += entry(label: sub.name, text: sub.abstract)
            }
            let prefix = ([programName, "help"] + path).joined(separator: " ")
            out += "\n" + localized("help.seeSubcommand", ["command": prefix]) + "\n"
        }
        return out
    }

    /// The discussion with its prose paragraphs wrapped at 80 columns; indented lines (examples)
    /// are kept as they are written.
    func discussion(_ text: String) -> String {
        var out: [String] = []
        var paragraph: [Substring] = []
        func flush() {
            if !paragraph.isEmpty { out.append(wrap(paragraph.joined(separator: " "), indent: 0)) }
            paragraph.removeAll()
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty || line.hasPrefix(" ") {
                flush()
                out.append(String(line))
            } else {
                paragraph.append(line)
            }
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// The `USAGE:` line(s) of a command.
    public func usage(path: [String], configuration: CommandConfiguration) -> String {
        var words = [programName] + path
        if configuration.isGroup {
            words.append("<subcommand>")
        } else {
            for argument in configuration.arguments where !argument.isRepeating {
                words.append(argument.usage)
            }
            for option in configuration.options {
                words.append(option.isRequired ? option.label : "[\(option.label)]")
            }
            for argument in configuration.arguments where argument.isRepeating {
                words.append(argument.usage)
            }
        }
        return wrap(localized("help.heading.usage") + " " + words.joined(separator: " "), indent: 7, breakAtSpacesOnlyBefore: "[-")
    }

    /// The help text of an option followed by `(values: …; default: …)`.
    static func text(of option: OptionSpec) -> String {
        var notes: [String] = []
        if !option.allowedValues.isEmpty { notes.append(localized("help.values") + " " + option.allowedValues.joined(separator: ", ")) }
        if let value = option.defaultValue { notes.append(localized("help.default") + " " + value) }
        return notes.isEmpty ? option.help : option.help + " (" + notes.joined(separator: "; ") + ")"
    }

    /// One `  label                   text` entry, text wrapped under the text column.
    func entry(label: String, text: String) -> String {
        let head = "  " + label
        let pad = HelpFormatter.labelColumnWidth
        let body = wrap(text, indent: pad, firstLineIndent: pad)
        if head.count <= pad - 2 {
            return head + String(repeating: " ", count: pad - head.count) + body + "\n"
        }
        return head + "\n" + String(repeating: " ", count: pad) + body + "\n"
    }

    /// Wraps `text` at spaces: the first line fills `width - firstLineIndent` columns, later lines
    /// start with `indent` spaces and fill the rest of `width`. With `starters`, a space only breaks
    /// before a word starting with one of them, so `[--opt <value>]` stays on one line.
    func wrap(
        _ text: String, indent: Int, width: Int = HelpFormatter.lineWidth, firstLineIndent: Int = 0,
        breakAtSpacesOnlyBefore starters: String? = nil
    ) -> String {
        var pieces: [String] = []
        for word in text.split(separator: " ") {
            if let starters, let last = pieces.last, let first = word.first, !starters.contains(first) {
                pieces[pieces.count - 1] = last + " " + word
            } else {
                pieces.append(String(word))
            }
        }
        var lines: [String] = []
        var line = ""
        var available = width - firstLineIndent
        for piece in pieces {
            if line.isEmpty {
                line = piece
            } else if line.count + 1 + piece.count <= available {
                line += " " + piece
            } else {
                lines.append(line)
                line = piece
                available = width - indent
            }
        }
        lines.append(line)
        let spaces = String(repeating: " ", count: indent)
        return lines.enumerated().map { $0.offset == 0 ? $0.element : spaces + $0.element }.joined(separator: "\n")
    }
}
