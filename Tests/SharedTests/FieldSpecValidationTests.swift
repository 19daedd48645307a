import GisementShared
import Testing

struct FieldSpecValidationTests {
    /// Values every field of `type` accepts, and values it refuses.
    static func samples(for spec: FieldSpec) -> (good: [FieldValue], bad: [FieldValue]) {
        let text2000 = String(repeating: "é", count: 2_000)
        let text2001 = String(repeating: "a", count: 2_001)
        switch spec.type {
        case .text:
            return ([.text(""), .text("Vélo"), .text(text2000), .null], [.text(text2001), .integer(1), .bool(true)])
        case .integer:
            if spec.minimum == 1, spec.maximum == 5 {
                // A 1…5 score (satisfaction).
                return ([.integer(1), .integer(5), .decimal(4.0), .null], [.integer(0), .integer(6), .decimal(1.5), .text("3")])
            }
            let bad: [FieldValue] = [.integer(-1), .decimal(1.5), .text("3"), .bool(false)]
            return ([.integer(0), .integer(12), .decimal(4.0), .null], bad)
        case .decimal:
            var good: [FieldValue] = [.decimal(0), .decimal(12.5), .integer(3), .null]
            var bad: [FieldValue] = [.decimal(-0.5), .text("1"), .decimal(.nan), .decimal(.infinity), .bool(true)]
            if spec.maximum == 1 {
                good = [.decimal(0), .decimal(0.75), .integer(1), .null]
                bad.append(.decimal(1.01))
            }
            return (good, bad)
        case .boolean:
            return ([.bool(true), .bool(false), .null], [.integer(1), .text("true")])
        case .date:
            let bad: [FieldValue] = [
                .text("2026-02-29"), .text("2026-13-01"), .text("2026-1-01"), .text("21/11/2026"), .text(""),
                .integer(20_261_121),
            ]
            return ([.text("2026-11-21"), .text("2028-02-29"), .text("2000-02-29"), .null], bad)
        case .dateTime:
            let good: [FieldValue] = [
                .text("2026-11-21T10:15:30Z"), .text("2026-11-21T11:15:30+01:00"), .text("2026-11-21T10:15:30.250Z"),
                .text("2026-11-21 10:15:30-05:30"), .null,
            ]
            let bad: [FieldValue] = [
                .text("2026-11-21T10:15:30"), .text("2026-11-21"), .text("2026-11-21T24:00:00Z"),
                .text("2026-02-29T10:00:00Z"), .text("2026-11-21T10:15:30+1:00"), .integer(0),
            ]
            return (good, bad)
        case .choice(let values):
            return (values.map { .text($0) } + [.null], [.text("nope"), .text(values[0].uppercased()), .integer(0)])
        case .reference:
            return ([.text("d-1"), .text("A.b_c:d-9"), .null], [.text(""), .text("has space"), .text(String(repeating: "x", count: 201)), .integer(7)])
        }
    }

    @Test(arguments: RecordKind.allCases)
    func normalize_acceptsGoodValues_andRefusesBadOnes_forEveryField(kind: RecordKind) {
        let schema = Schema.of(kind)
        for spec in schema.fields {
            let (good, bad) = Self.samples(for: spec)
            for value in good {
                #expect(throws: Never.self, "\(kind) \(spec.name) \(value)") {
                    _ = try schema.normalize(field: spec.name, value: value)
                }
            }
            for value in bad {
                do {
                    _ = try schema.normalize(field: spec.name, value: value)
                    Issue.record("\(kind).\(spec.name) accepted \(value)")
                } catch {
                    #expect(error.kind == kind)
                    #expect(error.field == spec.name)
                    #expect(!error.description.isEmpty)
                }
            }
        }
    }

    @Test func normalize_makesDecimal_fromInteger_andInteger_fromWholeDecimal() throws {
        #expect(try Schema.collection.normalize(field: "weight_kg", value: .integer(12)) == .decimal(12))
        #expect(try Schema.collection.normalize(field: "items", value: .decimal(3)) == .integer(3))
    }

    @Test func normalize_countsCharacters_notBytes_forTextLength() throws {
        let accented = String(repeating: "é", count: 2_000)  // 4,000 bytes
        #expect(try Schema.partner.normalize(field: "notes", value: .text(accented)) == .text(accented))
        #expect(throws: ValidationError.self) {
            try Schema.partner.normalize(field: "notes", value: .text(accented + "é"))
        }
    }

    @Test func normalize_refusesUnknownField_listingTheKnownOnes() {
        do {
            _ = try Schema.district.normalize(field: "colour", value: .text("red"))
            Issue.record("accepted an unknown field")
        } catch {
            #expect(error.problem == .unknownField(known: Schema.district.fieldNames))
            #expect(error.description.contains("district field colour"))
        }
    }

    @Test func everyKind_hasDeletedAsBoolean() {
        for kind in RecordKind.allCases {
            #expect(Schema.of(kind).field("deleted")?.type == .boolean)
        }
    }

    @Test func checkRequired_namesTheFirstMissingField() {
        #expect(throws: ValidationError(kind: .pilotTest, field: "district", problem: .missingRequired)) {
            try Schema.pilotTest.checkRequired(["name": .text("Test A")])
        }
        #expect(throws: Never.self) {
            try Schema.participation.checkRequired(["test": .text("t-1"), "partner": .text("p-1")])
        }
    }
}
