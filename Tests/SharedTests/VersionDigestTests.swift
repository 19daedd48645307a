import GisementShared
import Testing

struct VersionDigestTests {
    private static let key0: UInt64 = 0x0706_0504_0302_0100
    private static let key1: UInt64 = 0x0f0e_0d0c_0b0a_0908

    /// The reference vectors of the SipHash paper (Aumasson & Bernstein, appendix A; the
    /// reference implementation's vectors.h): key 00…0f, message 00…(n-1).
    @Test(arguments: [
        (0, 0x726f_db47_dd0e_0e31 as UInt64), (1, 0x74f8_39c5_93dc_67fd), (8, 0x93f5_f579_9a93_2462),
        (15, 0xa129_ca61_49be_45e5), (63, 0x958a_324c_eb06_4572),
    ])
    func sipHash_matchesTheReferenceVectors(length: Int, expected: UInt64) {
        var hasher = SipHasher(key0: Self.key0, key1: Self.key1)
        hasher.addBytes((0..<length).map { UInt8($0) })
        #expect(hasher.finalize() == expected)
    }

    @Test func sipHash_isTheSame_byteByByte_orInOneGo() {
        let bytes = (0..<37).map { UInt8($0 * 7 & 0xff) }
        var whole = SipHasher(key0: 1, key1: 2)
        whole.addBytes(bytes)
        var single = SipHasher(key0: 1, key1: 2)
        for byte in bytes { single.addByte(byte) }
        #expect(whole.finalize() == single.finalize())
    }

    /// Words and contiguous bytes take a faster path than single bytes: at every offset within the
    /// 8-byte block, they must hash exactly as the same bytes added one by one.
    @Test(arguments: 0..<9)
    func sipHash_ofWordsAndStrings_isTheSame_asTheirBytesOneByOne(offset: Int) {
        let text = "Vélo cargo n°\(offset) — réparé"
        let word: UInt64 = 0x0123_4567_89ab_cdef
        var fast = SipHasher(key0: 3, key1: 4)
        var slow = SipHasher(key0: 3, key1: 4)
        for byte in 0..<offset {
            fast.addByte(UInt8(byte))
            slow.addByte(UInt8(byte))
        }
        fast.addWord(word)
        fast.addBytes(text.utf8)
        fast.addWord(~word)
        for shift in stride(from: 0, to: 64, by: 8) { slow.addByte(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        for byte in Array(text.utf8) { slow.addByte(byte) }
        for shift in stride(from: 0, to: 64, by: 8) { slow.addByte(UInt8(truncatingIfNeeded: ~word >> UInt64(shift))) }
        #expect(fast.finalize() == slow.finalize())
    }

    private let record = RecordKey(kind: .collection, id: "c-1")

    private func version(_ value: FieldValue, counter: UInt64 = 1) -> FieldVersion {
        FieldVersion(
            value: value, hlc: HLCTimestamp(wall: 1_763_720_130_000, logical: 0), dot: Dot(replica: "r-1", counter: counter),
            clock: VectorClock())
    }

    @Test func versionHash_tellsApartWhatTheMergeTellsApart() {
        let base = VersionDigest.hash(record, field: "notes", version(.text("é")))
        // NFC "é" and NFD "e" + combining acute are different values: different bytes.
        #expect(base != VersionDigest.hash(record, field: "notes", version(.text("e\u{301}"))))
        #expect(base != VersionDigest.hash(record, field: "notes", version(.text("é"), counter: 2)))
        #expect(base != VersionDigest.hash(record, field: "item", version(.text("é"))))
        #expect(base != VersionDigest.hash(RecordKey(kind: .partner, id: "c-1"), field: "notes", version(.text("é"))))
        #expect(base == VersionDigest.hash(record, field: "notes", version(.text("é"))))
    }

    @Test func versionHash_ofAnIntegralDecimal_isTheInteger_andTheClockIsLeftOut() {
        #expect(
            VersionDigest.hash(record, field: "weight_kg", version(.decimal(12)))
                == VersionDigest.hash(record, field: "weight_kg", version(.integer(12))))
        #expect(
            VersionDigest.hash(record, field: "weight_kg", version(.decimal(12.5)))
                != VersionDigest.hash(record, field: "weight_kg", version(.decimal(12.25))))
        var seen = version(.integer(3))
        seen.clock = VectorClock(["r-2": 9])
        #expect(VersionDigest.hash(record, field: "items", seen) == VersionDigest.hash(record, field: "items", version(.integer(3))))
    }

    /// The digest definitions are protocol: these values must never change (docs/protocol.md).
    @Test func digests_areStableAcrossVersions() {
        #expect(VersionDigest.bucket(record) == VersionDigest.bucket(RecordKey(kind: .collection, id: "c-1")))
        #expect((0..<VersionDigest.bucketCount).contains(VersionDigest.bucket(record)))
        let versions = ["notes": version(.text("x")), "items": version(.integer(2), counter: 2)]
        let sum = VersionDigest.hash(record, field: "notes", versions["notes"]!)
            &+ VersionDigest.hash(record, field: "items", versions["items"]!)
        #expect(VersionDigest.digest(record, versions) == sum)
    }

    @Test func buckets_spreadRecords() {
        var counts = [Int](repeating: 0, count: VersionDigest.bucketCount)
        for i in 0..<20_000 { counts[VersionDigest.bucket(RecordKey(kind: .collection, id: "c-\(i)"))] += 1 }
        // 19.5 per bucket on average: a fair hash puts none near 60.
        #expect(counts.max()! < 60 && counts.min()! > 0)
    }
}
