import Testing

@testable import GisementServer

@Suite struct GzipTests {
    @Test func gzip_roundTrips() throws {
        let input = Array((0..<50_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let compressed = try #require(Gzip.compress(input))
        #expect(compressed.prefix(2) == [0x1F, 0x8B])
        #expect(try Gzip.decompress(compressed, limit: input.count) == input)
    }

    @Test func gzip_refusesBomb_overLimit() throws {
        let bomb = try #require(Gzip.compress([UInt8](repeating: 0, count: 10 << 20)))
        #expect(bomb.count < 20_000)
        #expect(throws: Gzip.Failure.tooLarge) { try Gzip.decompress(bomb, limit: 1 << 20) }
    }

    @Test func gzip_refusesCorruptAndTruncatedInput() throws {
        #expect(throws: Gzip.Failure.corrupt) { try Gzip.decompress(Array("not gzip".utf8), limit: 100) }
        let good = try #require(Gzip.compress(Array(String(repeating: "abc", count: 1000).utf8)))
        #expect(throws: Gzip.Failure.corrupt) { try Gzip.decompress(Array(good.dropLast(10)), limit: 1 << 20) }
    }

    @Test func gzip_inflatesConcatenatedMembers() throws {
        let one = try #require(Gzip.compress(Array("hello ".utf8)))
        let two = try #require(Gzip.compress(Array("world".utf8)))
        #expect(try Gzip.decompress(one + two, limit: 100) == Array("hello world".utf8))
    }
}
