/// Why a sync body could not be read: where (the index of the change in the `changes` array,
/// the field) and what, in one sentence.
///
/// The server turns it into `400 invalid_json` or `400 invalid_change` with `index` and
/// `field` (see ``apiCode``); the client shows it when a server answers something it cannot read.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which layer of the body was wrong.
    public enum Category: Hashable, Sendable {
        /// The bytes are not JSON at all (see ``WireError/offset``).
        case syntax
        /// Valid JSON, but the body does not have the expected shape (a missing `changes`…).
        case body
        /// One change is malformed: a missing key, a wrong type, an unknown kind.
        case change
    }

    public var category: Category
    /// The position of the offending change in the `changes` array, when the problem lies inside it.
    public var index: Int?
    /// The key that was wrong: `"hlc"`, `"clock"`, `"value"`, `"kind"`, `"changes"`…
    public var field: String?
    /// One sentence, for people.
    public var message: String
    /// Byte offset where reading stopped.
    public var offset: Int?

    public init(category: Category, index: Int? = nil, field: String? = nil, message: String, offset: Int? = nil) {
        self.category = category
        self.index = index
        self.field = field
        self.message = message
        self.offset = offset
    }

    /// The API error code the server answers with: `invalid_change` for a malformed change,
    /// `invalid_json` for everything else.
    public var apiCode: String { category == .change ? "invalid_change" : "invalid_json" }

    public var description: String {
        var where_ = ""
        if let index { where_ += "change \(index)" }
        if let field { where_ += (where_.isEmpty ? "" : ", ") + "field \(field)" }
        return where_.isEmpty ? message : "\(message) (\(where_))"
    }
}
