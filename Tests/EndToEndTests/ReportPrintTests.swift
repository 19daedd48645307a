import Foundation
import Testing

/// The HTML report printed to PDF by headless Chromium, in both languages: A4, a 50-collection
/// test on a few pages with none of them half empty, and no word split across lines.
/// Needs `chromium` and poppler's `pdfinfo`/`pdftotext` (scripts/report-print-check.sh installs
/// them); skipped with that message when they are not there.
@Suite(.serialized, .enabled(if: PrintTools.available, "chromium, pdfinfo or pdftotext missing: run scripts/report-print-check.sh"))
struct ReportPrintTests {
    /// Long names, with words a narrow column would be tempted to split.
    static let partners = [
        "Habitat 44 bailleur social métropolitain", "Ressourcerie du Port de Saint-Nazaire",
        "Éco-organisme des équipements électriques", "Communauté de communes Estuaire et Sillon",
    ]

    /// A replica with one test, four partners and 50 collections (imported from a French sheet).
    static func replica(_ folder: TemporaryFolder) throws -> Agent {
        let agent = try Agent("print", folder: folder)
        try agent.ok(["init", "--agent", "Awa"])
        try agent.ok(["district", "add", "Bellevue-Saint-Hilaire", "--population", "12400"])
        try agent.ok([
            "test", "create", "Bellevue printemps", "--district", "Bellevue-Saint-Hilaire", "--starts", "2026-03-01",
            "--ends", "2026-05-31", "--target-kg", "800", "--target-items", "300", "--target-reuse-rate", "0.5",
        ])
        for (i, name) in partners.enumerated() {
            try agent.ok(["partner", "add", name, "--kind", ["social-landlord", "association", "eco-organism", "intercommunality"][i]])
            try agent.ok(["test", "add-partner", "Bellevue printemps", name, "--role", ["supplier", "repairer", "funder", "communication"][i]])
        }
        let categories = ["electrical", "textiles", "furniture", "books-media", "leisure", "tools", "other"]
        let sources = ["door-to-door", "drop-off-point", "partner-site", "event", "waste-center"]
        let outcomes = ["pending", "reused", "repaired", "recycled", "disposed"]
        var sheet = "test;collected_at;category;source;outcome;partner;items;weight_kg\n"
        for i in 1...50 {
            let day = String(format: "%02d/03/2026 10:00", i % 28 + 1)
            sheet += "Bellevue printemps;\(day);\(categories[i % 7]);\(sources[i % 5]);\(outcomes[i % 5]);"
            sheet += "\(partners[i % 4]);\(i % 4 + 1);\(i * 3),5\n"
        }
        try sheet.write(toFile: folder.file("sheet.csv"), atomically: true, encoding: .utf8)
        try agent.ok(["import", "collections", folder.file("sheet.csv")])
        return agent
    }

    @Test(arguments: ["fr", "en"])
    func fiftyCollections_printOnA4_withoutSplitWordsOrHalfEmptyPages(language: String) throws {
        let folder = TemporaryFolder()
        let agent = try Self.replica(folder)
        let html = folder.file("report-\(language).html")
        let pdf = folder.file("report-\(language).pdf")
        try agent.ok(["report", "--test", "Bellevue printemps", "--format", "html", "--out", html, "--lang", language])
        let print = try ChildProcess.run(
            PrintTools.chromium,
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + html],
            environment: ["HOME": folder.path], in: folder.path, timeout: 120)
        #expect(FileManager.default.fileExists(atPath: pdf), "\(print)")

        let info = try ChildProcess.run("/usr/bin/env", ["pdfinfo", pdf], in: folder.path)
        #expect(info.stdout.contains("(A4)"), "\(info.stdout)")
        let pages = Int(info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }?
            .split(separator: " ").last ?? "") ?? 0
        // Measured: 5 pages in both languages (docs/indicators.md, "Printing").
        #expect((2...6).contains(pages), "\(pages) pages")

        // No split word: every word of the names and labels is found whole in the PDF's text.
        let text = try ChildProcess.run("/usr/bin/env", ["pdftotext", "-raw", pdf, "-"], in: folder.path).stdout
        let tokens = Set(text.split(whereSeparator: { $0.isWhitespace || ",;:()«»\u{201C}\u{201D}".contains($0) }).map(String.init))
        let labels = language == "fr"
            ? ["électrique", "électronique", "d'approvisionnement", "apporteur", "réparateur", "financeur",
               "communication", "porte-à-porte", "déchèterie", "Identifiants"]
            : ["books-media", "door-to-door", "drop-off-point", "supplier", "repairer", "funder", "communication", "Identifiers"]
        for word in Self.partners.flatMap({ $0.split(separator: " ").map(String.init) }) + labels {
            #expect(tokens.contains(word), "'\(word)' is split or missing in the \(language) PDF")
        }
        #expect(!text.contains("-\n"), "a word is hyphenated at a line end")

        // No half-empty page: on every page but the last, text reaches the lower half.
        let boxes = try ChildProcess.run("/usr/bin/env", ["pdftotext", "-bbox", pdf, "-"], in: folder.path).stdout
        let lowest = PrintTools.lowestWordPerPage(boxes)
        #expect(lowest.count == pages)
        for (index, fraction) in lowest.dropLast().enumerated() {
            #expect(fraction > 0.5, "page \(index + 1) ends at \(Int(fraction * 100)) % of its height")
        }
    }
}

/// Finds Chromium and poppler's tools, and reads `pdftotext -bbox` output.
enum PrintTools {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    } ?? "chromium"

    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: chromium)
            && ["/usr/bin/pdfinfo", "/usr/bin/pdftotext"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// For each page, the bottom of its lowest word as a fraction of the page's height.
    static func lowestWordPerPage(_ bbox: String) -> [Double] {
        var result: [Double] = []
        var height = 1.0
        var lowest = 0.0
        var inPage = false
        func attribute(_ name: String, _ line: Substring) -> Double? {
            guard let range = line.range(of: name + "=\"") else { return nil }
            return Double(line[range.upperBound...].prefix { $0 != "\"" })
        }
        for line in bbox.split(separator: "\n") {
            if line.contains("<page ") {
                height = attribute("height", line) ?? 1
                lowest = 0
                inPage = true
            } else if line.contains("<word "), let yMax = attribute("yMax", line) {
                lowest = max(lowest, yMax)
            } else if line.contains("</page>"), inPage {
                result.append(lowest / height)
                inPage = false
            }
        }
        return result
    }
}
