/// The kinds of record Gisement stores (`workshop` since schema version 2).
///
/// The raw value is the kind's name on the wire and on the command line
/// (`"test"` for a collection test: the Swift case is `pilotTest` so that it
/// never shadows swift-testing's `Test`).
public enum RecordKind: String, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible {
    case district
    case partner
    case pilotTest = "test"
    case participation
    case collection
    case workshop

    /// Parses a kind's name, singular or plural (`collection` or `collections`), case-insensitively.
    public init?(name: String) {
        let lower = name.lowercased()
        if let kind = RecordKind(rawValue: lower) {
            self = kind
        } else if lower.hasSuffix("s"), let kind = RecordKind(rawValue: String(lower.dropLast())) {
            self = kind
        } else {
            return nil
        }
    }

    /// The plural form used in lists and help texts.
    public var plural: String { rawValue + "s" }

    public var description: String { rawValue }

    public static func < (lhs: RecordKind, rhs: RecordKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
