import GisementShared

/// The compact text form of a vector clock in the replica's tables: `r-4f9a=42,r-77aa=17`.
///
/// `=` and `,` cannot appear in a replica id (`A-Z a-z 0-9 . _ : -`), so the form needs no escaping;
/// entries stay sorted by replica id, as ``VectorClock`` keeps them.
public enum ClockCodec {
    /// Encodes a clock.
    public static func encode(_ clock: VectorClock) -> String {
        var text = ""
        for (i, entry) in clock.entries.enumerated() {
            if i > 0 { text += "," }
            text += entry.replica
            text += "="
            text += String(entry.counter)
        }
        return text
    }

    /// Decodes a clock; malformed entries are skipped (the text is only ever written by ``encode(_:)``).
    public static func decode(_ text: String) -> VectorClock {
        if text.isEmpty { return VectorClock() }
        var entries: [(replica: ReplicaID, counter: UInt64)] = []
        for part in text.utf8.split(separator: UInt8(ascii: ",")) {
            guard let eq = part.lastIndex(of: UInt8(ascii: "=")),
                let counter = UInt64(String(decoding: part[part.index(after: eq)...], as: UTF8.self))
            else { continue }
            entries.append((String(decoding: part[..<eq], as: UTF8.self), counter))
        }
        return VectorClock(sortedEntries: entries)
    }
}
