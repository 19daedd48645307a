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

    /// What was wrong, without the kind and field, in the current ``Language``.
    public var reason: String {
        switch problem {
        case .unknownKind(let name):
            return localized(
                "validation.unknownKind",
                ["name": name, "choices": RecordKind.allCases.map(\.rawValue).joined(separator: ", ")])
        case .unknownField(let known):
            return localized("validation.unknownField", ["fields": known.joined(separator: ", ")])
        case .wrongType(let expected, let got):
            return localized("validation.wrongType", ["expected": expected, "got": got])
        case .notAChoice(let allowed, let got):
            return localized("validation.notAChoice", ["got": got, "choices": allowed.joined(separator: ", ")])
        case .outOfRange(let rule, let got):
            return localized("validation.wrongType", ["expected": rule, "got": got])
        case .textTooLong(let maximum, let got):
            return localized("validation.textTooLong", ["got": String(got), "maximum": String(maximum)])
        case .textTooLarge(let maximum, let got):
            return localized("validation.textTooLarge", ["got": String(got), "maximum": String(maximum)])
        case .controlCharacter(let value, let offset, let lineBreaksAllowed):
            let hex = String(value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return localized("validation.control", ["code": code, "position": String(offset + 1)]) + " "
                + localized(lineBreaksAllowed ? "validation.control.multiLine" : "validation.control.oneLine")
        case .invalidID(let why):
            return localized("validation.invalidID", ["why": why])
        case .invalidDate(let got):
            return localized("validation.invalidDate", ["got": got])
        case .invalidDateTime(let got):
            return localized("validation.invalidDateTime", ["got": got])
        case .missingRequired:
            return localized("validation.missingRequired")
        case .other(let text):
            return text
        }
    }

    /// `collection field weight_kg: must be a number of at least 0, got -3`.
    public var description: String {
        switch (kind, field) {
        case (let kind?, let field?):
            return localized("validation.subject.kindField", ["kind": kind.rawValue, "field": field, "reason": reason])
        case (nil, let field?):
            return localized("validation.subject.field", ["field": field, "reason": reason])
        case (let kind?, nil):
            return localized("validation.subject.kind", ["kind": kind.rawValue, "reason": reason])
        case (nil, nil):
            return reason
        }
    }
}

