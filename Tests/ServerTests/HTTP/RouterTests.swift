import GisementShared
import Testing

@testable import GisementHTTP
@testable import GisementServer

/// Router and middleware tests with no socket.
@Suite struct RouterTests {
    static func request(_ method: HTTPMethod, _ target: String) -> HTTPRequest {
        let path = String(target.prefix { $0 != "?" })
        return HTTPRequest(method: method, target: target, path: PercentEncoding.decode(path) ?? path)
    }

    static func makeRouter() -> Router {
        var router = Router()
        router.get("/v1/health") { _ in HTTPResponse(body: Array("ok".utf8)) }
        router.get("/v1/records/:kind/:id") { request in
            HTTPResponse(body: Array("\(request.pathParameters["kind"]!)|\(request.pathParameters["id"]!)".utf8))
        }
        router.post("/v1/changes") { _ in HTTPResponse(status: .ok, body: Array("pushed".utf8)) }
        router.get("/v1/changes") { _ in HTTPResponse(body: Array("pulled".utf8)) }
        return router
    }

    static func body(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func router_callsMatchingRoute_withDecodedParameters() async throws {
        let response = try await Self.makeRouter().handle(Self.request(.GET, "/v1/records/test/a%2Fb%20c?x=1"))
        #expect(response.status == .ok)
        #expect(Self.body(response) == "test|a/b c")
    }

    @Test func router_distinguishesMethodsOnOnePath() async throws {
        let router = Self.makeRouter()
        #expect(Self.body(try await router.handle(Self.request(.POST, "/v1/changes"))) == "pushed")
        #expect(Self.body(try await router.handle(Self.request(.GET, "/v1/changes?since=1"))) == "pulled")
    }

    @Test func router_answers404_withContractErrorBody() async throws {
        let response = try await Self.makeRouter().handle(Self.request(.GET, "/v1/nope"))
        #expect(response.status == .notFound)
        #expect(response.headers[.contentType] == "application/json")
        #expect(Self.body(response).hasPrefix(#"{"error":{"code":"not_found","message":""#))
        let tooDeep = try await Self.makeRouter().handle(Self.request(.GET, "/v1/records/test/a/b"))
        #expect(tooDeep.status == .notFound)
    }

    @Test func router_answers405_withAllowListingMethods() async throws {
        let response = try await Self.makeRouter().handle(Self.request(.DELETE, "/v1/changes"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers[.allow] == "POST, GET, HEAD")
        #expect(Self.body(response).hasPrefix(#"{"error":{"code":"method_not_allowed""#))
        let health = try await Self.makeRouter().handle(Self.request(.POST, "/v1/health"))
        #expect(health.headers[.allow] == "GET, HEAD")
    }

    @Test func router_answersHEAD_withTheGETRoute() async throws {
        let response = try await Self.makeRouter().handle(Self.request(.HEAD, "/v1/health"))
        #expect(response.status == .ok)
        #expect(Self.body(response) == "ok")  // the connection drops the body for HEAD
    }

    @Test func router_refusesMalformedEscape_with400() async throws {
        let response = try await Self.makeRouter().handle(Self.request(.GET, "/v1/records/a/%zz"))
        #expect(response.status == .badRequest)
    }

    @Test func routePattern_matchesLiteralsAndParameters() {
        let pattern = RoutePattern("/v1/records/:kind/:id")
        #expect(pattern.match(["v1", "records", "test", "t1"]) == ["kind": "test", "id": "t1"])
        #expect(pattern.match(["v1", "record", "test", "t1"]) == nil)
        #expect(pattern.match(["v1", "records", "test"]) == nil)
        #expect(RoutePattern("/").match([]) == [:])
    }

    @Test func middlewareChain_runsFirstListedOutermost() async throws {
        func tagging(_ tag: String) -> ClosureMiddleware {
            ClosureMiddleware { request, next in
                var request = request
                request.headers.add("X-Trail", "in-\(tag)")
                var response = try await next.handle(request)
                response.headers.add("X-Trail", "out-\(tag)")
                return response
            }
        }
        let echo = ClosureHandler { request in
            HTTPResponse(headers: HTTPHeaders(), body: Array(request.headers.values("X-Trail").joined(separator: ",").utf8))
        }
        let chain = MiddlewareChain([tagging("a"), tagging("b")], handler: echo)
        let response = try await chain.handle(Self.request(.GET, "/"))
        #expect(Self.body(response) == "in-a,in-b")
        #expect(response.headers.values("X-Trail") == ["out-b", "out-a"])
    }

    @Test func middleware_canAnswerWithoutCallingNext() async throws {
        let refuse = ClosureMiddleware { _, _ in .jsonError(status: .unauthorized, code: "unauthorized", message: "No.") }
        let chain = MiddlewareChain([refuse], handler: Self.makeRouter())
        #expect(try await chain.handle(Self.request(.GET, "/v1/health")).status == .unauthorized)
    }
}
