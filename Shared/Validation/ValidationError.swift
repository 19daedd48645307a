/// Why a value, a field or a record was refused: which kind, which field, what was wrong.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Problem: Hashable, Sendable {
        case unknownKind(String)
        case unknownField(known: [String])
        /// The JSON type is wrong: `expected` names the field's type.
        case wrongType(expected: String, got: String)
        case notAChoice(allowed: [String], got: String)
        case outOfRange(rule: String, got: String)
        case textTooLong(maximum: Int, got: Int)
        /// More UTF-8 bytes than ``ChangeLimits/maxTextBytes`` (however few characters).
        case textTooLarge(maximumBytes: Int, got: Int)
        /// A C0/C1 control character (the scalar value) at a position counted in Unicode scalars.
        case controlCharacter(UInt32, offset: Int, lineBreaksAllowed: Bool)
        case invalidID(String)
        case invalidDate(got: String)
        case invalidDateTime(got: String)
        case missingRequired
        /// Anything else, in one sentence.
        case other(String)
    }

    public var kind: RecordKind?
    public var field: String?
    public var problem: Problem

    public init(kind: RecordKind?, field: String?, problem: Problem) {
        self.kind = kind
        self.field = field
        self.problem = problem
    }

    /// What was wrong, without the kind and field.
    public var reason: String {
        switch problem {
        case .unknownKind(let name):
            return "unknown kind '\(name)'; use one of " + RecordKind.allCases.map(\.rawValue).joined(separator: ", ")
        case .unknownField(let known):
            return "no such field; fields are " + known.joined(separator: ", ")
        case .wrongType(let expected, let got):
            return "must be \(expected), got \(got)"
        case .notAChoice(let allowed, let got):
            return "'\(got)' is not allowed; use one of " + allowed.joined(separator: ", ")
        case .outOfRange(let rule, let got):
            return "must be \(rule), got \(got)"
        case .textTooLong(let maximum, let got):
            return "is \(got) characters long; the limit is \(maximum)"
        case .textTooLarge(let maximum, let got):
            return "is \(got) bytes long in UTF-8; the limit is \(maximum) bytes"
        case .controlCharacter(let value, let offset, let lineBreaksAllowed):
            let hex = String(value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return "contains the control character \(code) at position \(offset + 1); remove it"
                + (lineBreaksAllowed ? " (tabs and line breaks are allowed)" : " (this field is one line of text without tabs)")
        case .invalidID(let why):
            return "id \(why)"
        case .invalidDate(let got):
            return "'\(got)' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-21"
        case .invalidDateTime(let got):
            return "'\(got)' is not a date-time with a zone; write it like 2026-11-21T10:15:30Z or 2026-11-21T11:15:30+01:00"
        case .missingRequired:
            return "is required"
        case .other(let text):
            return text
        }
    }

    /// `collection field weight_kg: must be decimal ≥ 0, got -3`.
    public var description: String {
        var subject = ""
        if let kind { subject = kind.rawValue }
        if let field { subject += (subject.isEmpty ? "field " : " field ") + field }
        return subject.isEmpty ? reason : "\(subject): \(reason)"
    }
}

