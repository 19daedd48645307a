import Foundation
import GisementServer
import GisementShared
import TestSupport
import Testing

/// `GET /v1/reports/tests/{id}` and `GET /v1/reports/districts/{id}` over HTTP: JSON by default
/// (the same bytes as the shared report), CSV and HTML by `?format=` or `Accept`, HTML in French
/// by `?lang=fr` or `Accept-Language`.
@Suite(.serialized) struct ReportRouteTests {
    static func seed(_ live: LiveAPIServer) async throws {
        var a = ChangeMaker(replica: "r-a")
        let changes = [
            a.write(.district, "d-1", "name", .text("Bellevue")),
            a.write(.district, "d-1", "population", .integer(12400)),
            a.write(.pilotTest, "t-1", "name", .text("Printemps")),
            a.write(.pilotTest, "t-1", "district", .text("d-1")),
            a.write(.pilotTest, "t-2", "name", .text("Automne")),
            a.write(.pilotTest, "t-2", "district", .text("d-1")),
            a.write(.partner, "p-1", "name", .text("Habitat 44 bailleur")),
            a.write(.collection, "c-1", "test", .text("t-1")),
            a.write(.collection, "c-1", "category", .text("books-media")),
            a.write(.collection, "c-1", "source", .text("door-to-door")),
            a.write(.collection, "c-1", "partner", .text("p-1")),
            a.write(.collection, "c-1", "weight_kg", .decimal(1234.5)),
            a.write(.collection, "c-1", "collected_at", .text("2026-03-21T10:15:30Z")),
            a.write(.collection, "c-2", "test", .text("t-2")),
            a.write(.collection, "c-2", "category", .text("tools")),
            a.write(.collection, "c-2", "weight_kg", .decimal(10)),
            a.write(.collection, "c-2", "collected_at", .text("2026-10-01T10:15:30Z")),
        ]
        _ = try await live.client(.coordinator).push(changes, replica: "r-a")  // a district and tests (contract "Scopes")
    }

    static func records() -> [Record] {
        [
            Record(kind: .district, id: "d-1", fields: ["name": .text("Bellevue"), "population": .integer(12400)]),
            Record(kind: .pilotTest, id: "t-1", fields: ["name": .text("Printemps"), "district": .text("d-1")]),
            Record(kind: .pilotTest, id: "t-2", fields: ["name": .text("Automne"), "district": .text("d-1")]),
            Record(kind: .partner, id: "p-1", fields: ["name": .text("Habitat 44 bailleur")]),
            Record(kind: .collection, id: "c-1", fields: [
                "test": .text("t-1"), "category": .text("books-media"), "source": .text("door-to-door"),
                "partner": .text("p-1"), "weight_kg": .decimal(1234.5), "collected_at": .text("2026-03-21T10:15:30Z"),
            ]),
            Record(kind: .collection, id: "c-2", fields: [
                "test": .text("t-2"), "category": .text("tools"), "weight_kg": .decimal(10),
                "collected_at": .text("2026-10-01T10:15:30Z"),
            ]),
        ]
    }

    @Test func districtReport_json_isTheSharedReport() async throws {
        let live = try await LiveAPIServer.start()
        try await Self.seed(live)
        let reply = try await live.client(.coordinator).get("/v1/reports/districts/d-1")
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true)
        let expected = try ReportBuilder.make(scope: .district("d-1"), input: ReportInput(records: Self.records()))
        #expect([UInt8](reply.body) == expected.json())
        #expect(try await live.client(.coordinator).get("/v1/reports/districts/d-404").errorCode == "not_found")
        #expect(try await live.client(.agent).get("/v1/reports/districts/d-1").status == 403)
        await live.stop()
    }

    @Test func formats_byQueryAndByAccept() async throws {
        let live = try await LiveAPIServer.start()
        try await Self.seed(live)
        let coordinator = live.client(.coordinator)
        let csv = try await coordinator.get("/v1/reports/tests/t-1?format=csv")
        #expect(csv.status == 200)
        #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(String(decoding: csv.body, as: UTF8.self).hasPrefix("summary,value\r\n"))
        let html = try await coordinator.send("GET", "/v1/reports/tests/t-1", headers: ["Accept": "text/html,*/*"])
        #expect(html.status == 200)
        #expect(html.headers["content-type"]?.hasPrefix("text/html") == true)
        let page = String(decoding: html.body, as: UTF8.self)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.contains("<h1>Test \u{201C}Printemps\u{201D}</h1>"))
        let bad = try await coordinator.get("/v1/reports/tests/t-1?format=pdf")
        #expect(bad.status == 400)
        let district = try await coordinator.send("GET", "/v1/reports/districts/d-1", headers: ["Accept": "text/csv"])
        #expect(district.headers["content-type"]?.hasPrefix("text/csv") == true)
        await live.stop()
    }

    @Test func html_inFrench_namesNotIdsInTitleAndTables() async throws {
        let live = try await LiveAPIServer.start()
        try await Self.seed(live)
        let coordinator = live.client(.coordinator)
        for reply in [
            try await coordinator.get("/v1/reports/tests/t-1?format=html&lang=fr"),
            try await coordinator.send("GET", "/v1/reports/tests/t-1?format=html", headers: ["Accept-Language": "fr-FR,fr;q=0.9"]),
        ] {
            let page = String(decoding: reply.body, as: UTF8.self)
            #expect(page.contains("<html lang=\"fr\">"))
            #expect(page.contains("<h1>Test «\u{00A0}Printemps\u{00A0}»</h1>"))
            #expect(page.contains("Quartier : Bellevue, 12 400 habitants"))
            #expect(page.contains("livres et médias"))
            #expect(page.contains("porte-à-porte"))
            #expect(page.contains("1\u{202F}234,5\u{202F}kg"))
            // Ids only in the appendix, after the tables.
            let appendix = try #require(page.range(of: "<section class=\"appendix\">"))
            #expect(!page[..<appendix.lowerBound].contains("t-1"))
            #expect(!page[..<appendix.lowerBound].contains("p-1"))
            #expect(page[appendix.lowerBound...].contains("<td class=\"id\"><span class=\"w\">p-1</span></td>"))
        }
        let district = try await coordinator.get("/v1/reports/districts/d-1?format=html&lang=fr")
        #expect(String(decoding: district.body, as: UTF8.self).contains("<h1>Quartier «\u{00A0}Bellevue\u{00A0}»</h1>"))
        await live.stop()
    }
}
