import Testing

import GisementGzip

@Suite struct GzipTests {
    @Test func gzip_roundTrips() throws {
        let input = Array((0..<50_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let compressed = try #require(Gzip.compress(input))
        #expect(compressed.prefix(2) == [0x1F, 0x8B])
        #expect(try Gzip.decompress(compressed, limit: input.count) == input)
    }

    @Test func gzip_refusesBomb_overLimit() throws {
        let bomb = try #require(Gzip.compress([UInt8](repeating: 0, count: 10 << 20), level: 9))
        #expect(bomb.count < 20_000)
        #expect(throws: Gzip.Failure.tooLarge) { try Gzip.decompress(bomb, limit: 1 << 20) }
    }

    @Test func gzip_refusesCorruptAndTruncatedInput() throws {
        #expect(throws: Gzip.Failure.corrupt) { try Gzip.decompress(Array("not gzip".utf8), limit: 100) }
        let good = try #require(Gzip.compress(Array(String(repeating: "abc", count: 1000).utf8)))
        #expect(throws: Gzip.Failure.corrupt) { try Gzip.decompress(Array(good.dropLast(10)), limit: 1 << 20) }
    }

    /// The limit is exact: a body of exactly `limit` bytes inflates, one byte more does not.
    @Test func gzip_limitIsInclusive() throws {
        let bomb = try #require(Gzip.compress([UInt8](repeating: 0, count: 8 << 20), level: 9))
        #expect(bomb.count < 64 << 10)
        #expect(try Gzip.decompress(bomb, limit: 8 << 20).count == 8 << 20)
        #expect(throws: Gzip.Failure.tooLarge) { try Gzip.decompress(bomb, limit: (8 << 20) - 1) }
    }

    /// `admit` hears the inflated size before anything is kept, and can refuse it.
    @Test func gzip_asksAdmitForTheInflatedSize() throws {
        let input = Array(String(repeating: "réemploi ", count: 2_000).utf8)
        let compressed = try #require(Gzip.compress(input))
        var asked: [Int] = []
        #expect(throws: Gzip.Failure.notAdmitted) {
            try Gzip.decompress(compressed, limit: 1 << 20) { size in asked.append(size); return false }
        }
        #expect(asked == [input.count])
        #expect(try Gzip.decompress(compressed, limit: 1 << 20) { _ in true } == input)
    }

    @Test func gzip_isGzip_readsTheMagicNumber() throws {
        #expect(Gzip.isGzip(try #require(Gzip.compress([1, 2, 3]))))
        #expect(!Gzip.isGzip(Array("{}".utf8)))
        #expect(!Gzip.isGzip([0x1F]))
    }

    @Test func gzip_inflatesConcatenatedMembers() throws {
        let one = try #require(Gzip.compress(Array("hello ".utf8)))
        let two = try #require(Gzip.compress(Array("world".utf8)))
        #expect(try Gzip.decompress(one + two, limit: 100) == Array("hello world".utf8))
    }
}
