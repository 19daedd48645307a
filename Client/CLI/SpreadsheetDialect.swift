import GisementCommandLine
import GisementShared

/// What a spreadsheet program wrote: the text encoding and the field separator, found from the
/// bytes so that a sheet saved by French Excel (`;`, Windows-1252, a BOM or not) imports as it is.
///
/// - Encoding: bytes that are valid UTF-8 are UTF-8 (a BOM is skipped); any others are read as
///   Windows-1252, what Excel's plain "CSV" writes on a French Windows. UTF-16 ("Unicode text")
///   is refused with what to save instead.
/// - Separator: `;` when the header row holds one (French Excel), a tab when it holds a tab and
///   no comma, else `,`. Field names hold none of them, so the header decides without guessing.
struct SpreadsheetDialect: Equatable {
    enum Encoding: String { case utf8 = "UTF-8", windows1252 = "Windows-1252" }

    var encoding: Encoding
    var separator: UInt8

    /// What `export --excel` writes: UTF-8 with a BOM, `;`, decimal commas.
    static let excel = SpreadsheetDialect(encoding: .utf8, separator: UInt8(ascii: ";"))

    /// The sheet's text as UTF-8 (without BOM) and its dialect.
    /// - Throws: ``CLIError`` (exit 65) for UTF-16 and for bytes Windows-1252 leaves undefined.
    static func read(_ bytes: [UInt8], file: String) throws(CLIError) -> (text: [UInt8], dialect: SpreadsheetDialect) {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw CLIError.data(localized("sheet.utf16", ["file": file]))
        }
        var text = bytes
        var encoding = Encoding.utf8
        if text.count >= 3, text[0] == 0xEF, text[1] == 0xBB, text[2] == 0xBF {
            text.removeFirst(3)
        } else if String(validating: text, as: UTF8.self) == nil {
            text = try windows1252ToUTF8(text, file: file)
            encoding = .windows1252
        }
        if encoding == .utf8, String(validating: text, as: UTF8.self) == nil {
            throw CLIError.data(localized("sheet.badUTF8", ["file": file]))
        }
        return (text, SpreadsheetDialect(encoding: encoding, separator: separator(of: text)))
    }

    /// The separator the first line uses.
    static func separator(of text: [UInt8]) -> UInt8 {
        let firstLine = text.prefix { $0 != 0x0A && $0 != 0x0D }
        if firstLine.contains(UInt8(ascii: ";")) { return UInt8(ascii: ";") }
        if firstLine.contains(0x09), !firstLine.contains(UInt8(ascii: ",")) { return 0x09 }
        return UInt8(ascii: ",")
    }

    /// The characters Windows-1252 puts at 0x80…0x9F (nil where it defines none); 0xA0…0xFF are
    /// Latin-1, the same code points as Unicode.
    private static let high: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil,
        0x017D, nil, nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, nil, 0x017E, 0x0178,
    ]

    static func windows1252ToUTF8(_ bytes: [UInt8], file: String) throws(CLIError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var line = 1
        for byte in bytes {
            if byte == 0x0A { line += 1 }
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            let scalarValue: UInt32
            if byte < 0xA0 {
                guard let mapped = high[Int(byte - 0x80)] else {
                    let hex = String(byte, radix: 16, uppercase: true)
                    throw CLIError.data(localized("sheet.undefinedByte", ["file": file, "byte": "0x" + hex, "line": String(line)]))
                }
                scalarValue = mapped
            } else {
                scalarValue = UInt32(byte)
            }
            out.append(contentsOf: String(Character(Unicode.Scalar(scalarValue)!)).utf8)
        }
        return out
    }
}
