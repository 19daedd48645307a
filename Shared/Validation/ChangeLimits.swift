/// The sizes a change may have, beyond the contract's 2,000 characters of text.
///
/// They exist so that one change can never cost the server, a pull page or another replica more
/// than a bounded amount of memory, and they are far above anything a real network writes
/// (docs/protocol.md, "Limits"):
/// - text: 2,000 grapheme clusters *and* 65,536 UTF-8 bytes. The contract counts characters, but a
///   single character may hold any number of combining marks; 32 bytes per character on average is
///   more than any script or emoji sequence needs (a flag is 8, a family emoji 25, an Indic
///   conjunct 9–12), while `"a"` followed by 500,000 combining marks (1 MB) is refused.
/// - vector clock: 1,000 entries and 64 KiB of replica ids. A record's clock holds one entry per
///   replica id that ever wrote that record; a network of 100 devices that each restore a copy
///   twice a year needs 30 years to give one record 1,000 writers.
public enum ChangeLimits {
    /// The most UTF-8 bytes of one text value.
    public static let maxTextBytes = 65_536
    /// The most entries in a change's vector clock.
    public static let maxClockEntries = 1_000
    /// The most bytes of a change's vector clock, counted as the replica ids plus 20 per entry (a counter).
    public static let maxClockBytes = 65_536

    /// The clock's size as ``maxClockBytes`` counts it.
    public static func byteCount(of clock: VectorClock) -> Int {
        clock.entries.reduce(0) { $0 + $1.replica.utf8.count + 20 }
    }
}
