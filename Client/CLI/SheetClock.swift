import GisementShared

/// The `_clock` column of an exported sheet: the record's vector clock when it was exported, as
/// `r-1a2b…=12;r-9f8e…=3` (replica id `=` counter, `;` between entries, sorted by replica id).
///
/// On import, a cell whose current version was written under a dot this clock does not hold was
/// written after the export, by someone who had not seen the sheet: overwriting it would undo
/// that edit (see ``StaleCell``).
enum SheetClock {
    /// The column's name: the leading underscore keeps it apart from the contract's field names.
    static let column = "_clock"

    /// The text of a clock.
    static func text(_ clock: VectorClock) -> String {
        clock.entries.map { "\($0.replica)=\($0.counter)" }.joined(separator: ";")
    }

    /// Reads a clock written by ``text(_:)``; empty text is the empty clock (a sheet that saw nothing).
    /// - Returns: nil when the text is not such a clock.
    static func parse(_ text: String) -> VectorClock? {
        var entries: [ReplicaID: UInt64] = [:]
        for part in text.split(separator: ";", omittingEmptySubsequences: true) {
            guard let eq = part.lastIndex(of: "=") else { return nil }
            let replica = String(part[..<eq]).trimmingSpaces
            guard Identifier.isValid(String(replica)), let counter = UInt64(part[part.index(after: eq)...]) else {
                return nil
            }
            entries[String(replica)] = max(entries[String(replica)] ?? 0, counter)
        }
        return VectorClock(entries)
    }
}
