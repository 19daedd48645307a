import Foundation
import GisementGzip
import Testing

@testable import GisementHTTP
@testable import GisementServer

/// One budget for every body in flight (received and inflated): past it, 503 with `Retry-After`.
@Suite(.serialized) struct BodyMemoryBudgetTests {
    static func handler() -> Router {
        var router = Router()
        router.post("/hold") { request in
            try await Task.sleep(for: .milliseconds(800))
            return HTTPResponse(body: Array("\(request.body.count)".utf8))
        }
        return router
    }

    @Test func aBodyOverTheBudgetInFlight_gets503WithRetryAfter_beforeItIsRead() async throws {
        let live = try LiveHTTPServer.start(handler: Self.handler()) { $0.bodyMemoryBudget = 1 << 20 }
        let port = live.port
        let results = try await onOwnThread { () -> [String] in
            let body = [UInt8](repeating: 0x61, count: 700_000)
            let head = "POST /hold HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n"
            let first = try RawHTTPClient(port: port, timeout: 3)
            first.send(head)
            first.send(body)
            Thread.sleep(forTimeInterval: 0.2)  // the first body is with the handler, still counted
            let second = try RawHTTPClient(port: port, timeout: 3)
            second.send(head)
            let refused = second.readResponse()
            let accepted = first.readResponse()
            // Once the first request is answered, its bytes are back in the budget.
            let third = try RawHTTPClient(port: port, timeout: 3)
            third.send(head)
            third.send(body)
            return [
                "\(refused?.status ?? 0) \(refused?.header("Retry-After") ?? "-") \(second.isClosed())",
                "\(accepted?.status ?? 0) \(accepted?.text ?? "")",
                "\(third.readResponse()?.status ?? 0)",
            ]
        }
        #expect(results == ["503 1 true", "200 700000", "200"])
        await live.stop()
    }

    @Test func aGzipBodyInflatingPastTheBudget_gets503_andPastTheLimit_413() async throws {
        let live = try LiveHTTPServer.start {
            $0.bodyMemoryBudget = 1 << 20
            $0.limits.maxBodyBytes = 4 << 20
        }
        let port = live.port
        let statuses = try await onOwnThread { () -> [Int] in
            var statuses: [Int] = []
            for size in [512 << 10, 2 << 20, 8 << 20] {
                let zipped = Gzip.compress([UInt8](repeating: 0, count: size), level: 9) ?? []
                let client = try RawHTTPClient(port: port, timeout: 3)
                client.send(
                    "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: gzip\r\nContent-Length: \(zipped.count)\r\n\r\n")
                client.send(zipped)
                statuses.append(client.readResponse()?.status ?? 0)
            }
            return statuses
        }
        #expect(statuses == [200, 503, 413])
        await live.stop()
    }

    @Test func budget_reservesAtomically_andGivesBack() {
        let budget = BodyMemoryBudget(capacity: 100)
        #expect(budget.reserve(60))
        #expect(!budget.reserve(41))
        #expect(budget.reserve(40))
        budget.release(60)
        #expect(budget.reservedBytes == 40)
        #expect(budget.reserve(60))
    }
}
