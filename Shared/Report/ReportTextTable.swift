/// A table of already formatted cells, laid out in aligned columns for a terminal.
///
/// Widths count characters (not bytes), so `—` and accented names line up.
struct ReportTextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// Columns aligned to the right (numbers); others are aligned to the left.
    var rightAligned: Set<Int> = []

    init(headers: [String], rightAligned: Set<Int>) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The table's lines, each starting with `indent`, no trailing spaces.
    func lines(indent: String = "  ") -> [String] {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, width) in widths.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: width - cell.count)
                parts.append(rightAligned.contains(i) ? pad + cell : cell + pad)
            }
            var text = indent + parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var out = [line(headers)]
        out.append(indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        out += rows.map(line)
        return out
    }
}
