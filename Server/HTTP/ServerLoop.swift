import Synchronization

/// Placeholder while the event loop is written.
final class ServerLoop: @unchecked Sendable {
    init(listener: Socket, configuration: HTTPServer.Configuration, handler: any HTTPHandler, connectionCount: borrowing Atomic<Int>) throws(SocketError) {}
    func run() {}
    func requestStop(timeout: Duration) {}
}
