/// The spreadsheet form of a report (RFC 4180): one table per section, separated by a blank line.
///
/// Each table's header starts with the section name (`summary`, `by_category`, …) and each row
/// with its key, so a spreadsheet shows the sections one under the other. Numbers are plain
/// (`1234.5`, rates as fractions `0.425`), rounded as in the JSON form; an absent figure is an
/// empty cell. Lines end with CRLF as RFC 4180 §2 says.
extension Report {
    /// The report as CSV text.
    public func csv() -> String {
        var tables: [[[String]]] = [summaryRows()]
        for breakdown in breakdowns {
            let named = breakdown.key == "by_partner" || breakdown.key == "by_district"
            var rows = [[breakdown.key] + (named ? ["name"] : []) + ["collections", "items", "weight_kg"]]
            for entry in breakdown.entries {
                var row = [entry.key]
                if named { row.append(entry.label == entry.key ? "" : Report.cell(text: entry.label)) }
                row += Report.cells(entry.tally)
                rows.append(row)
            }
            tables.append(rows)
        }
        var goals = [["objectives", "target", "actual", "achievement"]]
        for objective in objectives {
            let places = Report.decimalPlaces(objective.metric)
            goals.append([
                objective.metric.rawValue, Report.cell(objective.target, places: places),
                Report.cell(objective.actual, places: places), Report.cell(objective.achievement, places: 4),
            ])
        }
        tables.append(goals)
        var partnerRows = [["partners", "name", "roles", "collections", "items", "weight_kg"]]
        for partner in partners {
            partnerRows.append(
                [partner.id, partner.name.map(Report.cell(text:)) ?? "", partner.roles.joined(separator: ";")]
                    + Report.cells(partner.supplied))
        }
        tables.append(partnerRows)
        tables += evaluationTables()
        return tables.map { rows in
            rows.map { $0.map(Report.quoted).joined(separator: ",") + "\r\n" }.joined()
        }.joined(separator: "\r\n")
    }

    func summaryRows() -> [[String]] {
        func int(_ v: Int64?) -> String { v.map { String($0) } ?? "" }
        return [
            ["summary", "value"],
            ["scope", scope.name],
            ["scope_id", scope.id ?? ""],
            ["tests", String(testCount)],
            ["test_name", test?.name.map(Report.cell(text:)) ?? ""],
            ["district_id", district?.id ?? ""],
            ["district_name", district?.name.map(Report.cell(text:)) ?? ""],
            ["population", int(district?.population)],
            ["starts_on", test?.startsOn?.description ?? ""],
            ["ends_on", test?.endsOn?.description ?? ""],
            ["days", int(test?.days.map(Int64.init))],
            ["collections", String(totals.collections)],
            ["items", String(totals.items)],
            ["weight_kg", Report.cell(totals.weightKg, places: 3)],
            ["collections_without_weight", String(collectionsWithoutWeight)],
            ["implausible_collections", String(implausibleCollections)],
            ["reuse_rate", Report.cell(reuseRate, places: 4)],
            ["valorization_rate", Report.cell(valorizationRate, places: 4)],
            ["diverted_kg", Report.cell(divertedKg, places: 3)],
            ["sold_items", String(soldItems)],
            ["kg_per_inhabitant", Report.cell(kgPerInhabitant, places: 4)],
            ["kg_per_inhabitant_per_year", Report.cell(kgPerInhabitantPerYear, places: 4)],
        ]
    }

    static func cells(_ tally: ReportTally) -> [String] {
        [String(tally.collections), String(tally.items), cell(tally.weightKg, places: 3)]
    }

    /// A plain number rounded to `places` decimals, trailing zeros removed; empty when absent.
    static func cell(_ value: Double?, places: Int) -> String {
        guard let value else { return "" }
        let text = ReportNumber.decimal(value, places: places, trim: true)
        return text == ReportNumber.absent ? "" : text
    }

    /// User text made safe for a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or CR would make
    /// it a formula (OWASP "CSV injection"), so such text gets a leading apostrophe.
    static func cell(text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// A field quoted per RFC 4180 §2.6–2.7 when it holds a comma, a quote, CR or LF.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Replaces every occurrence of a character without Foundation.
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
