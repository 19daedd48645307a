/// The record schema: every kind's fields exactly as in the contract.
///
/// The one place the fields are listed. The client's tables, the server's validation,
/// the command line help and `docs/` all read from here.
public enum Schema {
    /// Every kind has this boolean field; removing a record sets it to true.
    public static let deletedField = "deleted"

    public static let district = KindSchema(
        kind: .district,
        fields: [
            FieldSpec("name", .text, required: true, summary: "name of the district"),
            FieldSpec("commune", .text, summary: "commune it belongs to"),
            FieldSpec("code", .text, summary: "official or local code"),
            FieldSpec("population", .integer, minimum: 0, summary: "inhabitants"),
            FieldSpec("habitat", .choice(Vocabulary.habitats), summary: "housing zone"),
        ])

    public static let partner = KindSchema(
        kind: .partner,
        fields: [
            FieldSpec("name", .text, required: true, summary: "name of the partner"),
            FieldSpec("kind", .choice(Vocabulary.partnerKinds), summary: "kind of partner"),
            FieldSpec("contact", .text, summary: "contact person, phone or e-mail"),
            FieldSpec("notes", .text, summary: "free notes"),
        ])

    public static let pilotTest = KindSchema(
        kind: .pilotTest,
        fields: [
            FieldSpec("name", .text, required: true, summary: "name of the collection test"),
            FieldSpec("district", .reference(.district), required: true, summary: "district where it runs"),
            FieldSpec("starts_on", .date, summary: "first day"),
            FieldSpec("ends_on", .date, summary: "last day (included)"),
            FieldSpec(
                "status", .choice(Vocabulary.testStatuses), default: .text("planned"), summary: "stage of the test"),
            FieldSpec("target_kg", .decimal, minimum: 0, summary: "objective: kg collected"),
            FieldSpec("target_items", .integer, minimum: 0, summary: "objective: items collected"),
            FieldSpec("target_reuse_rate", .decimal, minimum: 0, maximum: 1, summary: "objective: reuse rate 0…1"),
            FieldSpec("jobs_created", .integer, minimum: 0, summary: "jobs created"),
            FieldSpec("notes", .text, summary: "free notes"),
            FieldSpec("requalified", .integer, minimum: 0, summary: "people in insertion requalified"),
            FieldSpec(
                "employed_after", .integer, minimum: 0, summary: "of them, employed at the end of their requalification"),
            FieldSpec("members_before", .integer, minimum: 0, summary: "members when the test started"),
            FieldSpec("members_after", .integer, minimum: 0, summary: "members when the test ended"),
            FieldSpec("target_jobs", .integer, minimum: 0, summary: "objective: jobs created"),
            FieldSpec(
                "target_attendance_rate", .decimal, minimum: 0, maximum: 1,
                summary: "objective: workshop attendance rate 0…1"),
            FieldSpec("target_members", .integer, minimum: 0, summary: "objective: members at the end"),
        ])

    public static let participation = KindSchema(
        kind: .participation,
        fields: [
            FieldSpec("test", .reference(.pilotTest), required: true, summary: "the collection test"),
            FieldSpec("partner", .reference(.partner), required: true, summary: "the partner"),
            FieldSpec("role", .choice(Vocabulary.roles), summary: "role the partner plays"),
            FieldSpec("satisfaction", .integer, minimum: 1, maximum: 5, summary: "partner's satisfaction 1…5"),
            FieldSpec("satisfaction_notes", .text, summary: "what the partner said"),
        ])

    public static let collection = KindSchema(
        kind: .collection,
        fields: [
            FieldSpec("test", .reference(.pilotTest), required: true, summary: "the collection test"),
            FieldSpec("district", .reference(.district), summary: "district (defaults to the test's)"),
            FieldSpec("collected_at", .dateTime, required: true, summary: "when (defaults to now)"),
            FieldSpec("source", .choice(Vocabulary.sources), summary: "source of supply"),
            FieldSpec("partner", .reference(.partner), summary: "supplying partner"),
            FieldSpec("category", .choice(Vocabulary.categories), required: true, summary: "product category"),
            FieldSpec("item", .text, summary: "what it is, e.g. bike, phone, laptop"),
            FieldSpec("items", .integer, default: .integer(1), minimum: 0, summary: "number of items"),
            FieldSpec("weight_kg", .decimal, minimum: 0, summary: "weight in kg"),
            FieldSpec("condition", .choice(Vocabulary.conditions), summary: "condition at collection"),
            FieldSpec(
                "outcome", .choice(Vocabulary.outcomes), default: .text("pending"), summary: "outcome after triage"),
            FieldSpec("sold_items", .integer, minimum: 0, summary: "items sold"),
            FieldSpec("agent", .text, summary: "field agent who logged it"),
            FieldSpec("notes", .text, summary: "free notes"),
        ])

    public static let workshop = KindSchema(
        kind: .workshop,
        fields: [
            FieldSpec("test", .reference(.pilotTest), required: true, summary: "the collection test"),
            FieldSpec("held_on", .date, required: true, summary: "day it was held"),
            FieldSpec("topic", .text, summary: "what was repaired or taught"),
            FieldSpec("places", .integer, minimum: 0, summary: "places offered"),
            FieldSpec("attendees", .integer, minimum: 0, summary: "people who came"),
            FieldSpec("new_members", .integer, minimum: 0, summary: "people who joined at the workshop"),
            FieldSpec("notes", .text, summary: "free notes"),
        ])

    /// The schema of a kind.
    public static func of(_ kind: RecordKind) -> KindSchema {
        switch kind {
        case .district: return district
        case .partner: return partner
        case .pilotTest: return pilotTest
        case .participation: return participation
        case .collection: return collection
        case .workshop: return workshop
        }
    }

    /// All kinds in the order their records depend on each other (referenced kinds first).
    public static let kindsInDependencyOrder: [RecordKind] = [
        .district, .partner, .pilotTest, .participation, .collection, .workshop,
    ]

    /// The id of the participation of `partner` in `test`: two replicas adding the same partner
    /// to the same test make one record.
    public static func participationID(test: RecordID, partner: RecordID) -> RecordID {
        "\(test).\(partner)"
    }
}
