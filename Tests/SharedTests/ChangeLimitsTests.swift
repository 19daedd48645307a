import GisementShared
import Testing

/// Text measured in bytes as well as characters, control characters refused, clocks bounded.
struct ChangeLimitsTests {
    static let name = Schema.partner.field("name")!
    static let notes = Schema.partner.field("notes")!

    @Test func text_ofOneCharacterAndAMegabyte_isRefusedByItsBytes() {
        let text = "a" + String(repeating: "\u{0301}", count: 500_000)
        #expect(text.count == 1)
        #expect(throws: ValidationError(kind: nil, field: "notes", problem: .textTooLarge(maximumBytes: 65_536, got: 1_000_001))) {
            try Self.notes.normalize(.text(text))
        }
    }

    @Test func text_ofRealScripts_atTheCharacterLimit_passesTheByteLimit() throws {
        for unit in ["é", "क्षि", "👨‍👩‍👧‍👦", "🇫🇷", "漢"] {
            let text = String(repeating: unit, count: FieldSpec.maxTextLength)
            #expect(text.count == FieldSpec.maxTextLength)
            _ = try Self.notes.normalize(.text(text))
        }
    }

    @Test(arguments: [0x00, 0x07, 0x08, 0x1B, 0x7F, 0x85, 0x9B, 0x9D] as [UInt32])
    func controlCharacters_areRefused_inEveryTextField(_ value: UInt32) {
        let text = "Evil" + String(Unicode.Scalar(value)!) + "]0;pwn"
        for spec in [Self.name, Self.notes] {
            #expect(throws: ValidationError(
                kind: nil, field: spec.name,
                problem: .controlCharacter(value, offset: 4, lineBreaksAllowed: spec.isMultiLine))) {
                try spec.normalize(.text(text))
            }
        }
    }

    @Test func tabsAndLineBreaks_areAllowed_inNotesOnly() throws {
        let text = "first line\n\tindented\r\nlast"
        #expect(try Self.notes.normalize(.text(text)) == .text(text))
        #expect(throws: ValidationError.self) { try Self.name.normalize(.text(text)) }
        #expect(throws: ValidationError.self) { try Self.notes.normalize(.text("a lone\rcarriage return")) }
        let error = ValidationError(kind: .partner, field: "name", problem: .controlCharacter(0x1B, offset: 4, lineBreaksAllowed: false))
        #expect(error.description == "partner field name: contains the control character U+001B at position 5; remove it (this field is one line of text without tabs)")
    }

    static func change(clock: VectorClock) -> Change {
        Change(
            kind: .partner, id: "p-1", field: "name", value: .text("P"), hlc: HLCTimestamp(wall: 1, logical: 0),
            replica: "r-1", counter: 1, clock: clock)
    }

    @Test func clocks_areLimitedInEntries_andInBytes() throws {
        var entries: [ReplicaID: UInt64] = ["r-1": 1]
        for index in 0..<999 { entries["r-\(index + 1000)"] = 1 }
        _ = try Self.change(clock: VectorClock(entries)).validated()
        entries["r-extra"] = 1
        #expect(throws: ValidationError.self) { try Self.change(clock: VectorClock(entries)).validated() }

        var wide: [ReplicaID: UInt64] = ["r-1": 1]
        for index in 0..<400 { wide["r-" + String(repeating: "x", count: 150) + "\(index)"] = 1 }
        #expect(ChangeLimits.byteCount(of: VectorClock(wide)) > ChangeLimits.maxClockBytes)
        #expect(throws: ValidationError.self) { try Self.change(clock: VectorClock(wide)).validated() }
    }
}
