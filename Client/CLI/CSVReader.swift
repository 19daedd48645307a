import GisementShared

/// Reads CSV text as RFC 4180 defines it: comma-separated fields (or `;`, as French spreadsheets write them), fields in double quotes may hold
/// commas, line breaks and doubled quotes (`""`). CRLF and LF line ends are both accepted, and a
/// UTF-8 byte order mark at the start is skipped (spreadsheets write one).
/// See https://www.rfc-editor.org/rfc/rfc4180#section-2
public struct CSVReader {
    /// One record and the line of the file it starts on (1-based), for error messages.
    public struct Row: Sendable, Hashable {
        public var line: Int
        public var cells: [String]
    }

    /// A malformed file: where and what.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public var line: Int
        public var problem: String

        public init(line: Int, problem: String) {
            self.line = line
            self.problem = problem
        }

        public var description: String { localized("csv.line", ["line": String(line), "problem": problem]) }
    }

    /// Parses the whole text. Blank lines are skipped.
    /// - Throws: ``Failure`` for a quote that is never closed or text right after a closing quote.
    public static func parse(_ bytes: [UInt8], separator: UInt8 = UInt8(ascii: ",")) throws(Failure) -> [Row] {
        var rows: [Row] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var line = 1
        var rowLine = 1
        var i = 0
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        let quote = UInt8(ascii: "\""), comma = separator, cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

        func endRow() {
            cells.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll(keepingCapacity: true)
            if !(cells.count == 1 && cells[0].isEmpty) { rows.append(Row(line: rowLine, cells: cells)) }
            cells.removeAll(keepingCapacity: true)
        }

        var atCellStart = true
        while i < n {
            let byte = bytes[i]
            if atCellStart && byte == quote {
                // A quoted field: runs to the next quote that is not doubled.
                let start = line
                i += 1
                var closed = false
                while i < n {
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < n && bytes[i + 1] == quote {
                            cell.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if b == lf { line += 1 }
                    cell.append(b)
                    i += 1
                }
                guard closed else { throw Failure(line: start, problem: localized("csv.unclosedQuote")) }
                if i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                    throw Failure(line: line, problem: localized("csv.textAfterQuote"))
                }
                atCellStart = false
                continue
            }
            atCellStart = false
            switch byte {
            case comma:
                cells.append(String(decoding: cell, as: UTF8.self))
                cell.removeAll(keepingCapacity: true)
                atCellStart = true
                i += 1
            case cr where i + 1 < n && bytes[i + 1] == lf:
                i += 1
            case lf, cr:
                endRow()
                line += 1
                rowLine = line
                atCellStart = true
                i += 1
            default:
                cell.append(byte)
                i += 1
            }
        }
        if !cell.isEmpty || !cells.isEmpty { endRow() }
        return rows
    }
}

/// Writes CSV per RFC 4180: CRLF line ends, a field quoted when it holds the separator, a quote, a
/// line break or leading/trailing spaces, quotes doubled inside. The separator is `,`, or `;` for
/// the sheets French Excel opens directly (``SpreadsheetDialect/excel``).
public struct CSVWriter {
    public private(set) var text = ""
    public let separator: Character

    public init(separator: Character = ",") {
        self.separator = separator
    }

    /// Appends one record.
    public mutating func append(_ cells: [String]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { text.append(separator) }
            text += CSVWriter.escape(cell, separator: separator)
        }
        text += "\r\n"
    }

    /// A field as it goes in the file.
    public static func escape(_ cell: String, separator: Character = ",") -> String {
        let mark = separator.asciiValue ?? UInt8(ascii: ",")
        let needsQuotes = cell.utf8.contains { $0 == mark || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || cell.hasPrefix(" ") || cell.hasSuffix(" ")
        guard needsQuotes else { return cell }
        var out = "\""
        for character in cell {
            if character == "\"" { out += "\"\"" } else { out.append(character) }
        }
        return out + "\""
    }
}
