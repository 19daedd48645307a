import GisementShared
import Testing

/// The JSON form: exact bytes, key order, rounding and null for absent figures.
struct ReportJSONTests {
    typealias F = ReportFixture

    static let zero = #"{"collections":0,"items":0,"weight_kg":0}"#
    static let one5 = #"{"collections":1,"items":1,"weight_kg":5}"#

    @Test func json_smallTest_exactBytes() throws {
        let z = Self.zero
        let expected =
            #"{"test":{"id":"t4","name":"Autumn pilot","district":"d1","starts_on":null,"ends_on":null,"#
            + #""status":"planned","days":null},"scope":{"kind":"test","id":"t4","tests":1},"#
            + #""district":{"id":"d1","name":"Centre","population":2000},"#
            + #""collections":1,"items":1,"weight_kg":5,"collections_without_weight":0,"implausible_collections":0,"#
            + #""by_category":{"electrical":\#(z),"textiles":\#(z),"furniture":\#(z),"books-media":\#(z),"#
            + #""leisure":\#(z),"tools":\#(Self.one5),"other":\#(z)},"#
            + #""by_source":{"door-to-door":\#(z),"drop-off-point":\#(z),"partner-site":\#(z),"event":\#(z),"#
            + #""waste-center":\#(z),"other":\#(z),"unspecified":\#(Self.one5)},"#
            + #""by_partner":{"unspecified":\#(Self.one5)},"#
            + #""by_outcome":{"pending":\#(z),"reused":\#(Self.one5),"repaired":\#(z),"recycled":\#(z),"#
            + #""disposed":\#(z)},"#
            + #""by_district":{"d1":\#(Self.one5)},"#
            + #""reuse_rate":1,"valorization_rate":1,"diverted_kg":5,"sold_items":0,"#
            + #""kg_per_inhabitant":0.0025,"kg_per_inhabitant_per_year":null,"objectives":{},"partners":[],"#
            + #""jobs":{"requalified":null,"employed_after":null,"exit_to_employment":null,"jobs_created":null},"#
            + #""participation":{"workshops":0,"places":null,"attendees":null,"attendance_rate":null,"#
            + #""new_members":null,"members_before":null,"members_after":null,"members_growth":null,"#
            + #""satisfaction":null,"satisfaction_responses":0,"satisfaction_by_partner":[]}}"#
        let bytes = try F.report(.test("t4")).json()
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test func json_fixtureTest_roundedFigures() throws {
        let json = String(decoding: try F.report(.test("t1")).json(), as: UTF8.self)
        #expect(json.hasPrefix(#"{"test":{"id":"t1","name":"Spring drive","district":"d1","starts_on":"2026-03-01","ends_on":"2026-03-31","status":"running","days":31}"#))
        #expect(json.contains(#""collections":6,"items":13,"weight_kg":70,"collections_without_weight":1,"#))
        #expect(json.contains(#""by_partner":{"p1":{"collections":2,"items":2,"weight_kg":20},"p2":{"collections":2,"items":3,"weight_kg":35.5},"unspecified":{"collections":2,"items":8,"weight_kg":14.5}}"#))
        #expect(json.contains(#""by_district":{"d1":{"collections":5,"items":12,"weight_kg":44.5},"d2":{"collections":1,"items":1,"weight_kg":25.5}}"#))
        #expect(json.contains(
            #""reuse_rate":0.5071,"valorization_rate":0.5714,"diverted_kg":50,"sold_items":2,"#
            + #""kg_per_inhabitant":0.035,"kg_per_inhabitant_per_year":0.4121,"#))
        #expect(json.contains(
            #""objectives":{"weight_kg":{"target":100,"actual":70,"achievement":0.7},"#
            + #""items":{"target":20,"actual":13,"achievement":0.65},"#
            + #""reuse_rate":{"target":0.5,"actual":0.5071,"achievement":1.0143}}"#))
        #expect(json.contains(
            #""partners":[{"id":"p1","name":"Ressourcerie du Centre","roles":["collector"],"collections":2,"items":2,"weight_kg":20},"#
            + #"{"id":"p2","name":"Habitat Social","roles":["supplier"],"collections":2,"items":3,"weight_kg":35.5}],"#))
    }

    @Test func json_allScope_nullTestAndDistrict() throws {
        let json = String(decoding: try F.report(.all).json(), as: UTF8.self)
        #expect(json.hasPrefix(#"{"test":null,"scope":{"kind":"all","id":null,"tests":3},"district":null,"collections":8,"#))
        #expect(json.contains(#""reuse_rate":0.5843,"#))
        #expect(json.contains(#""kg_per_inhabitant":null,"kg_per_inhabitant_per_year":null,"objectives":{},"#))
    }

    @Test func json_districtScope_districtObject() throws {
        let json = String(decoding: try F.report(.district("d2")).json(), as: UTF8.self)
        #expect(json.hasPrefix(#"{"test":null,"scope":{"kind":"district","id":"d2","tests":1},"district":{"id":"d2","name":"Nord","population":500},"#))
        #expect(json.contains(#""kg_per_inhabitant":0.016,"kg_per_inhabitant_per_year":null,"#))
    }

    @Test func json_emptyTest_nullRates() throws {
        let input = ReportInput(
            tests: [F.record(.pilotTest, "e", ["name": .text("E"), "district": .text("d3"), "target_reuse_rate": .decimal(0.25)])],
            districts: F.districts)
        let json = String(decoding: try ReportBuilder.make(scope: .test("e"), input: input).json(), as: UTF8.self)
        #expect(json.contains(#""reuse_rate":null,"valorization_rate":null,"diverted_kg":0,"sold_items":0,"kg_per_inhabitant":null,"#))
        #expect(json.contains(#""objectives":{"reuse_rate":{"target":0.25,"actual":null,"achievement":null}}"#))
    }

    @Test func json_thirdsAreRounded() throws {
        let input = ReportInput(
            tests: [F.record(.pilotTest, "r", ["name": .text("R"), "district": .text("d1")])],
            collections: [
                F.collection("a", test: "r", category: "tools", kg: 1.0 / 3, outcome: "reused"),
                F.collection("b", test: "r", category: "tools", kg: 2.0 / 3, outcome: "disposed"),
            ], districts: F.districts)
        let json = String(decoding: try ReportBuilder.make(scope: .test("r"), input: input).json(), as: UTF8.self)
        #expect(json.contains(#""weight_kg":1,"#))
        #expect(json.contains(#""reuse_rate":0.3333,"valorization_rate":0.3333,"diverted_kg":0.333,"#))
        #expect(json.contains(#""tools":{"collections":2,"items":2,"weight_kg":1}"#))
    }

    @Test func json_userText_escaped() throws {
        var input = F.input
        input.partners.append(F.record(.partner, "p1", ["name": .text("Quote \" back\\slash\nline")]))
        let json = String(decoding: try F.report(.test("t1"), input).json(), as: UTF8.self)
        #expect(json.contains(#""name":"Quote \" back\\slash\nline""#))
    }
}
