import GisementShared
import Testing

/// "Jobs" and "Participation" (contract 1.1), every figure computed by hand on the worked
/// example of docs/indicators.md: the report fixture plus the jobs and members of its tests,
/// workshops and satisfactions, with deleted records and absent inputs that must not count.
struct ReportEvaluationTests {
    typealias F = ReportFixture

    static func with(_ record: Record, _ extra: [String: FieldValue]) -> Record {
        var fields = record.fields
        for (key, value) in extra { fields[key] = value }
        return Record(kind: record.kind, id: record.id, fields: fields)
    }

    static func workshop(_ id: String, test: String, places: Int64? = nil, attendees: Int64? = nil,
                         newMembers: Int64? = nil, deleted: Bool = false) -> Record {
        var fields: [String: FieldValue] = ["test": .text(test), "held_on": .text("2026-03-14")]
        if let places { fields["places"] = .integer(places) }
        if let attendees { fields["attendees"] = .integer(attendees) }
        if let newMembers { fields["new_members"] = .integer(newMembers) }
        if deleted { fields["deleted"] = .bool(true) }
        return F.record(.workshop, id, fields)
    }

    /// The worked example: t1 has everything, t2 zero requalified and members after only, t3 is
    /// deleted (its figures never count), t4 has nothing.
    static var input: ReportInput {
        var input = F.input
        input.tests = F.tests.map { test in
            switch test.id {
            case "t1":
                return with(test, [
                    "requalified": .integer(8), "employed_after": .integer(6), "jobs_created": .integer(3),
                    "target_jobs": .integer(4), "members_before": .integer(40), "members_after": .integer(52),
                    "target_members": .integer(60), "target_attendance_rate": .decimal(0.75),
                ])
            case "t2": return with(test, ["requalified": .integer(0), "employed_after": .integer(0), "members_after": .integer(10)])
            case "t3": return with(test, ["requalified": .integer(100), "employed_after": .integer(100), "jobs_created": .integer(9)])
            default: return test
            }
        }
        input.participations = F.participations.map { participation in
            switch participation.id {
            case "t1.p1": return with(participation, ["satisfaction": .integer(4)])
            case "t1.p2": return with(participation, ["satisfaction": .integer(5), "satisfaction_notes": .text("ravis")])
            case "t1.p3", "t1.p4": return with(participation, ["satisfaction": .integer(1)])  // deleted partner, deleted participation
            case "t2.p1": return with(participation, ["satisfaction": .integer(2)])
            default: return participation
            }
        }
        input.workshops = [
            workshop("w1", test: "t1", places: 12, attendees: 9, newMembers: 2),
            workshop("w2", test: "t1", places: 10, attendees: 8, newMembers: 1),
            workshop("w3", test: "t1", attendees: 5),  // no places: attendees count, the rate does not
            workshop("w4", test: "t1", places: 20, attendees: 1, deleted: true),
            workshop("w5", test: "t2", places: 8, attendees: 8),
            workshop("w6", test: "t3", places: 100, attendees: 100),  // of a deleted test
            workshop("w7", test: "t1", places: 6),  // no attendees: places count, the rate does not
        ]
        return input
    }

    static func report(_ scope: ReportScope) throws -> Report { try ReportBuilder.make(scope: scope, input: input) }

    static func json(_ value: JSONValue) -> String { String(decoding: JSONWriter.encode(value), as: UTF8.self) }

    @Test func test_jobsAndParticipation_byHand() throws {
        let report = try Self.report(.test("t1"))
        #expect(report.jobs.requalified == 8 && report.jobs.employedAfter == 6 && report.jobs.jobsCreated == 3)
        #expect(report.jobs.exitToEmployment == 0.75)
        let p = report.participation
        #expect(p.workshops == 4)  // w1, w2, w3, w7; w4 deleted
        #expect(p.places == 28 && p.attendees == 22 && p.newMembers == 3)
        #expect(p.attendanceRate == 17.0 / 22.0)  // w1 and w2 only: (9 + 8) ÷ (12 + 10)
        #expect(p.membersBefore == 40 && p.membersAfter == 52 && p.membersGrowth == 12)
        #expect(p.satisfaction == 4.5 && p.satisfactionResponses == 2)
        #expect(p.satisfactionByPartner.map(\.id) == ["p1", "p2"])
        #expect(p.satisfactionByPartner.map(\.mean) == [4, 5])
    }

    @Test func test_json_exactBytes() throws {
        let report = try Self.report(.test("t1"))
        let json = String(decoding: report.json(), as: UTF8.self)
        let objectives: String = [
            #""objectives":{"weight_kg":{"target":100,"actual":70,"achievement":0.7},"#,
            #""items":{"target":20,"actual":13,"achievement":0.65},"#,
            #""reuse_rate":{"target":0.5,"actual":0.5071,"achievement":1.0143},"#,
            #""jobs":{"target":4,"actual":3,"achievement":0.75},"#,
            #""attendance_rate":{"target":0.75,"actual":0.7727,"achievement":1.0303},"#,
            #""members":{"target":60,"actual":52,"achievement":0.8667}}"#,
        ].joined()
        #expect(json.contains(objectives))
        let sections: String = [
            #""jobs":{"requalified":8,"employed_after":6,"exit_to_employment":0.75,"jobs_created":3},"#,
            #""participation":{"workshops":4,"places":28,"attendees":22,"attendance_rate":0.7727,"#,
            #""new_members":3,"members_before":40,"members_after":52,"members_growth":12,"#,
            #""satisfaction":4.5,"satisfaction_responses":2,"satisfaction_by_partner":["#,
            #"{"id":"p1","name":"Ressourcerie du Centre","satisfaction":4,"responses":1},"#,
            #"{"id":"p2","name":"Habitat Social","satisfaction":5,"responses":1}]}}"#,
        ].joined()
        #expect(json.hasSuffix(sections))
    }

    @Test func noWorkshops_noInputs_absentFiguresNeverZero() throws {
        let report = try Self.report(.test("t4"))
        #expect(Self.json(Report.json(jobs: report.jobs))
            == #"{"requalified":null,"employed_after":null,"exit_to_employment":null,"jobs_created":null}"#)
        let empty: String = [
            #"{"workshops":0,"places":null,"attendees":null,"attendance_rate":null,"new_members":null,"#,
            #""members_before":null,"members_after":null,"members_growth":null,"satisfaction":null,"#,
            #""satisfaction_responses":0,"satisfaction_by_partner":[]}"#,
        ].joined()
        #expect(Self.json(Report.json(participation: report.participation)) == empty)
        #expect(report.objectives.isEmpty)
        #expect(!report.text().contains("nan") && !report.csv().contains("nan"))
    }

    @Test func zeroRequalified_andWorkshopsWithoutPlaces_giveNoRate() throws {
        let d2 = try Self.report(.test("t2"))
        #expect(d2.jobs.requalified == 0 && d2.jobs.employedAfter == 0)
        #expect(d2.jobs.exitToEmployment == nil, "0 ÷ 0 is absent, not 0 or NaN")
        #expect(d2.participation.membersAfter == 10 && d2.participation.membersGrowth == nil)
        // Workshops with attendees but no places: attendees counted, no rate.
        var input = Self.input
        input.workshops = [Self.workshop("a", test: "t4", attendees: 7), Self.workshop("b", test: "t4", places: 0, attendees: 0)]
        let t4 = try ReportBuilder.make(scope: .test("t4"), input: input)
        #expect(t4.participation.workshops == 2 && t4.participation.attendees == 7 && t4.participation.places == 0)
        #expect(t4.participation.attendanceRate == nil)
    }

    @Test func districtAndNetwork_sumTheirTests() throws {
        let d1 = try Self.report(.district("d1"))  // t1 and t4; t3 deleted
        #expect(d1.jobs.requalified == 8 && d1.jobs.exitToEmployment == 0.75 && d1.jobs.jobsCreated == 3)
        #expect(d1.participation.workshops == 4 && d1.participation.attendanceRate == 17.0 / 22.0)
        #expect(d1.objectives.isEmpty, "objectives are set per test")

        let all = try Self.report(.all)  // t1, t2, t4
        #expect(all.jobs.requalified == 8 && all.jobs.employedAfter == 6 && all.jobs.exitToEmployment == 0.75)
        let p = all.participation
        #expect(p.workshops == 5 && p.places == 36 && p.attendees == 30 && p.newMembers == 3)
        #expect(p.attendanceRate == 25.0 / 30.0)
        #expect(p.membersBefore == 40 && p.membersAfter == 62 && p.membersGrowth == 12)
        #expect(p.satisfactionResponses == 3 && p.satisfaction == 11.0 / 3.0)
        #expect(p.satisfactionByPartner.map(\.mean) == [3, 5] && p.satisfactionByPartner.map(\.responses) == [2, 1])
        let prefix: String = [
            #"{"workshops":5,"places":36,"attendees":30,"attendance_rate":0.8333,"new_members":3,"#,
            #""members_before":40,"members_after":62,"members_growth":12,"satisfaction":3.6667,"#,
        ].joined()
        #expect(Self.json(Report.json(participation: p)).hasPrefix(prefix))
    }

    @Test func everyFormat_hasTheJobsAndParticipationSections() throws {
        let report = try Self.report(.test("t1"))
        let text = report.text()
        #expect(text.contains("\nJobs\n") && text.contains("\nParticipation\n"))
        #expect(text.contains("Exit to employment   75.0 %") || text.contains("75.0 %"))
        #expect(text.contains("Workshop attendance rate"))
        let csv = ReportCSVTests.lines(report.csv())
        #expect(csv.contains("exit_to_employment,0.75") && csv.contains("attendance_rate,0.7727"))
        #expect(csv.contains("jobs,4,3,0.75") && csv.contains("members,60,52,0.8667"))
        let html = report.html(generatedAt: "now")
        #expect(html.contains("<h2>Jobs</h2>") && html.contains("<h2>Participation</h2>"))
        #expect(html.contains("Workshop attendance rate") && html.contains("Satisfaction by partner"))
    }
}
