import GisementCommandLine
@testable import GisementClient
import Testing

/// Every control character is escaped for a terminal, nothing else is touched.
@Suite struct TerminalTextTests {
    @Test func everyC0DelAndC1Character_isEscaped_butTabAndLineFeed() {
        for value in UInt32(0)...0x9F {
            let scalar = Unicode.Scalar(value)!
            let escaped = TerminalText.escaped("a\(Character(scalar))b")
            let isControl = value < 0x20 || (0x7F...0x9F).contains(value)
            if value == 0x09 || value == 0x0A || !isControl {
                #expect(escaped == "a\(Character(scalar))b", "U+\(String(value, radix: 16))")
            } else {
                #expect(escaped == "a\\u{\(String(value, radix: 16))}b", "U+\(String(value, radix: 16))")
                #expect(!escaped.unicodeScalars.contains(scalar))
            }
        }
        #expect(TerminalText.escaped("row\r\n") == "row\r\n", "CSV line ends stay")
        #expect(TerminalText.escaped("Émile ✓ 日本") == "Émile ✓ 日本")
    }
}

/// A table cell never carries a raw control character, even when the output is not a terminal.
struct TextTableEscapingTests {
    @Test func tableCells_escapeControlsAndLineBreaks() {
        var table = TextTable([.init("name"), .init("item")])
        table.append(["a\u{1B}]0;pwned\u{7}b", "line\nbreak"])
        let console = Console.capturing()
        table.write(to: console, emptyMessage: "")
        #expect(console.capturedOutput.contains("a\\u{1b}]0;pwned\\u{7}b"))
        #expect(console.capturedOutput.contains("line\\u{a}break"))
        #expect(!console.capturedOutput.contains("\u{1B}"))
    }
}
