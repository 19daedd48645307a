import GisementCommandLine
import GisementShared

/// An aligned table for people: upper-case headers, columns padded to their widest cell, numbers
/// right-aligned, two spaces between columns.
///
/// ```
/// ID          NAME      POPULATION  HABITAT
/// d-3f2a…     Bellevue       12400  dense-urban
/// ```
public struct TextTable {
    public struct Column {
        public var title: String
        public var isRightAligned: Bool

        public init(_ title: String, rightAligned: Bool = false) {
            self.title = title
            self.isRightAligned = rightAligned
        }
    }

    public var columns: [Column]
    public private(set) var rows: [[String]] = []

    public init(_ columns: [Column]) {
        self.columns = columns
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "a row needs \(columns.count) cells")
        // A cell is one line of text, wherever the table goes (a pipe, a file, `less -R`): a control
        // character or a line break in a record would act there, or break the columns.
        rows.append(row.map { ControlEscaping.escaped($0, allowing: .logLine) })
    }

    /// Writes the table to the console; an empty table writes only `emptyMessage`.
    public func write(to console: Console, emptyMessage: String) {
        if rows.isEmpty {
            console.line(emptyMessage)
            return
        }
        var widths = columns.map { $0.title.count }
        for row in rows {
            for (i, cell) in row.enumerated() where cell.count > widths[i] { widths[i] = cell.count }
        }
        console.line(render(columns.map { $0.title.uppercased() }, widths))
        for row in rows { console.line(render(row, widths)) }
    }

    private func render(_ cells: [String], _ widths: [Int]) -> String {
        var line = ""
        for (i, cell) in cells.enumerated() {
            let pad = String(repeating: " ", count: widths[i] - cell.count)
            let isLast = i == cells.count - 1
            if i > 0 { line += "  " }
            if columns[i].isRightAligned {
                line += pad + cell
            } else {
                line += isLast ? cell : cell + pad
            }
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }
}
