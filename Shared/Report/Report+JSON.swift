/// The JSON form of a report: the contract of `GET /v1/reports/tests/{id}` and
/// `gisement report --format json`.
///
/// One function builds it with a fixed key order and fixed rounding (kg to 3 decimals, rates,
/// achievements and per-inhabitant figures to 4), so the replica and the server print the same
/// bytes for the same records. It never contains the current time. The shape is in
/// `docs/indicators.md`.
extension Report {
    /// The report as compact JSON bytes (UTF-8, no trailing newline).
    public func json() -> [UInt8] {
        JSONWriter.encode(jsonValue())
    }

    /// The report as a JSON document, keys in their contract order.
    public func jsonValue() -> JSONValue {
        var root = JSONObject()
        root["test"] = test.map(Report.json(test:)) ?? .null
        var scopeObject = JSONObject()
        scopeObject["kind"] = .string(scope.name)
        scopeObject["id"] = scope.id.map(JSONValue.string) ?? .null
        scopeObject["tests"] = .integer(Int64(testCount))
        root["scope"] = .object(scopeObject)
        root["district"] = district.map(Report.json(district:)) ?? .null
        root["collections"] = .integer(Int64(totals.collections))
        root["items"] = .integer(totals.items)
        root["weight_kg"] = Report.kg(totals.weightKg)
        root["collections_without_weight"] = .integer(Int64(collectionsWithoutWeight))
        root["implausible_collections"] = .integer(Int64(implausibleCollections))
        root["by_category"] = Report.json(byCategory)
        root["by_source"] = Report.json(bySource)
        root["by_partner"] = Report.json(byPartner)
        root["by_outcome"] = Report.json(byOutcome)
        root["by_district"] = Report.json(byDistrict)
        root["reuse_rate"] = Report.fraction(reuseRate)
        root["valorization_rate"] = Report.fraction(valorizationRate)
        root["diverted_kg"] = Report.kg(divertedKg)
        root["sold_items"] = .integer(soldItems)
        root["kg_per_inhabitant"] = Report.fraction(kgPerInhabitant)
        root["kg_per_inhabitant_per_year"] = Report.fraction(kgPerInhabitantPerYear)
        var goals = JSONObject()
        for objective in objectives {
            goals[objective.metric.rawValue] = .object([
                "target": Report.json(objective.metric, objective.target),
                "actual": Report.json(objective.metric, objective.actual),
                "achievement": Report.fraction(objective.achievement),
            ])
        }
        root["objectives"] = .object(goals)
        root["partners"] = .array(partners.map(Report.json(partner:)))
        root["jobs"] = Report.json(jobs: jobs)
        root["participation"] = Report.json(participation: participation)
        return .object(root)
    }

    static func kg(_ value: Double?) -> JSONValue { .number(value.flatMap { ReportNumber.rounded($0, places: 3) }) }
    static func fraction(_ value: Double?) -> JSONValue {
        .number(value.flatMap { ReportNumber.rounded($0, places: 4) })
    }

    static func json(_ metric: Objective.Metric, _ value: Double?) -> JSONValue {
        switch metric {
        case .weightKg: return kg(value)
        case .reuseRate, .attendanceRate: return fraction(value)
        case .items, .jobs, .members: return .number(value.flatMap { ReportNumber.rounded($0, places: 0) })
        }
    }

    static func json(_ tally: ReportTally) -> JSONValue {
        .object([
            "collections": .integer(Int64(tally.collections)), "items": .integer(tally.items),
            "weight_kg": kg(tally.weightKg),
        ])
    }

    static func json(_ entries: [ReportEntry]) -> JSONValue {
        var object = JSONObject()
        for entry in entries { object[entry.key] = json(entry.tally) }
        return .object(object)
    }

    static func json(test: TestInfo) -> JSONValue {
        .object([
            "id": .string(test.id), "name": test.name.map(JSONValue.string) ?? .null,
            "district": test.districtID.map(JSONValue.string) ?? .null,
            "starts_on": test.startsOn.map { .string($0.description) } ?? .null,
            "ends_on": test.endsOn.map { .string($0.description) } ?? .null,
            "status": test.status.map(JSONValue.string) ?? .null,
            "days": test.days.map { .integer(Int64($0)) } ?? .null,
        ])
    }

    static func json(district: DistrictInfo) -> JSONValue {
        .object([
            "id": .string(district.id), "name": district.name.map(JSONValue.string) ?? .null,
            "population": district.population.map(JSONValue.integer) ?? .null,
        ])
    }

    static func json(partner: PartnerLine) -> JSONValue {
        .object([
            "id": .string(partner.id), "name": partner.name.map(JSONValue.string) ?? .null,
            "roles": .array(partner.roles.map(JSONValue.string)),
            "collections": .integer(Int64(partner.supplied.collections)), "items": .integer(partner.supplied.items),
            "weight_kg": kg(partner.supplied.weightKg),
        ])
    }
}
