import GisementClient
import Testing

@Suite struct CSVReaderTests {
    func rows(_ text: String) throws -> [[String]] {
        try CSVReader.parse(Array(text.utf8)).map(\.cells)
    }

    @Test func parse_rfc4180Quoting() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n,,\n"
        #expect(try rows(text) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["", "", ""]])
    }

    @Test func parse_skipsBOMAndBlankLines_keepsLineNumbers() throws {
        let parsed = try CSVReader.parse(Array("\u{FEFF}h1,h2\n\n\"a\nb\",c\nd,e".utf8))
        #expect(parsed.map(\.cells) == [["h1", "h2"], ["a\nb", "c"], ["d", "e"]])
        #expect(parsed.map(\.line) == [1, 3, 5])
    }

    @Test func parse_unclosedQuote_fails() {
        #expect(throws: CSVReader.Failure(line: 2, problem: "a quoted field is never closed")) {
            try CSVReader.parse(Array("a\n\"oops,b\n".utf8))
        }
    }

    @Test func writer_quotesWhatNeedsIt_andReadsBack() throws {
        var writer = CSVWriter()
        let cells = ["plain", "a,b", "say \"x\"", "line\nbreak", " padded", "été"]
        writer.append(cells)
        #expect(writer.text == "plain,\"a,b\",\"say \"\"x\"\"\",\"line\nbreak\",\" padded\",été\r\n")
        #expect(try rows(writer.text) == [cells])
    }
}
