/// Fuzz bytes read as a stream of small decisions: each read takes the next byte, and an
/// exhausted input answers 0, so every byte string is a valid schedule.
///
/// ```swift
/// var input = FuzzInput(bytes)
/// let replicas = 2 + input.next(below: 3)
/// ```
struct FuzzInput {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether unread bytes are left.
    var isExhausted: Bool { position >= bytes.count }

    /// The next byte (0 once exhausted).
    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// A number in `0..<bound` taken from the next byte.
    mutating func next(below bound: Int) -> Int { bound <= 1 ? 0 : Int(byte()) % bound }

    /// The unread bytes, consumed.
    mutating func rest() -> [UInt8] {
        defer { position = bytes.count }
        return position < bytes.count ? Array(bytes[position...]) : []
    }
}

/// The outcome of one fuzz check: nil when every property held, else what broke.
typealias FuzzFailure = String
