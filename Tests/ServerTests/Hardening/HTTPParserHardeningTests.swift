import Foundation
import Testing

@testable import GisementHTTP
@testable import GisementServer

/// Regressions found by fuzzing the HTTP parser (FuzzHTTPParser; inputs kept in
/// Tests/Fixtures/fuzz/FuzzHTTPParser).
@Suite struct HTTPParserHardeningTests {
    /// Found by the chunked-vs-whole property: when a read ended exactly at the end of a header
    /// line, compaction dropped the parsed lines and the header-bytes bound started again from 0.
    /// A head sent one line per packet could grow past the 431 bound up to the header count bound
    /// (100 lines of 32 KiB: 3.2 MiB per connection instead of 32 KiB).
    @Test func headerBound_holds_whenEachLineArrivesInItsOwnRead() {
        var parser = HTTPParser(limits: HTTPLimits(maxHeaderBytes: 1024))
        parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8))
        var outcome = "accepted"
        for index in 0..<50 {
            parser.append(Array("X-Line-\(index): \(String(repeating: "v", count: 60))\r\n".utf8))
            do {
                if try parser.nextRequest() != nil { break }
            } catch {
                outcome = "\(error.status.code) after \(index + 1) lines"
                break
            }
        }
        // Host (9 bytes) + 15 lines of 72 or 73 bytes exceed 1 KiB; 14 do not.
        #expect(outcome == "431 after 15 lines")
    }

    @Test func headerBound_isTheSame_whateverTheReadBoundaries() {
        let head = "GET / HTTP/1.1\r\nHost: x\r\n" + (0..<12).map { "X-\($0): \(String(repeating: "w", count: 40))\r\n" }.joined() + "\r\n"
        // Split on LF bytes: as Characters, "\r\n" is one grapheme and would never match "\n".
        let lines = Array(head.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { Array($0) + [0x0A] }
        for limit in [300, 560, 572, 573, 574, 575, 600] {
            #expect(Self.outcome(of: [Array(head.utf8)], limit: limit) == Self.outcome(of: lines, limit: limit), "limit \(limit)")
        }
    }

    /// "200" for a parsed request, the status of the parse error, or "incomplete".
    static func outcome(of reads: [[UInt8]], limit: Int) -> String {
        var parser = HTTPParser(limits: HTTPLimits(maxHeaderBytes: limit))
        for read in reads {
            parser.append(read)
            do {
                if try parser.nextRequest() != nil { return "200" }
            } catch {
                return "\(error.status.code)"
            }
        }
        return "incomplete"
    }

    /// The same over a socket against the real app: 40 KiB of headers sent one line per packet.
    @Test func app_answers431_toHeadersSentOneLinePerPacket() async throws {
        let live = try await LiveAPIServer.start()
        let port = live.server.port
        let (statuses, closed) = try await onOwnThread { () -> ([Int], Bool) in
            let client = try RawHTTPClient(port: port, timeout: 3)
            client.send("GET /v1/health HTTP/1.1\r\nHost: x\r\n")
            for index in 0..<20 {
                guard client.send("X-Pad-\(index): \(String(repeating: "p", count: 2048))\r\n") else { break }
                usleep(5_000)
            }
            client.send("\r\n")
            let (responses, closed) = client.readAllUntilClosed()
            return (responses.map(\.status), closed)
        }
        #expect(statuses == [431])
        #expect(closed)
        await live.stop()
    }
}
