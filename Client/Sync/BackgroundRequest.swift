import Foundation

/// One server request run on a thread of its own while the session goes on with local work: the
/// pull fetches the next page while it merges the current one, the push reads and encodes the next
/// batch while the server applies the current one.
///
/// The client is not thread-safe, and need not be: the session starts a request only after its
/// previous one returned and waits for it before using the client again, so two threads never use
/// the client at once (the semaphore orders them). What the session does meanwhile touches only the
/// replica, which the request's thread never does.
final class BackgroundRequest<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written by the request's thread before `done` is signalled, read after waiting on it.
    private var outcome: Result<Value, SyncError>?

    init(_ request: @escaping () throws(SyncError) -> Value) {
        nonisolated(unsafe) let request = request  // see the type's comment: run by one thread at a time
        let thread = Thread { [self] in
            do throws(SyncError) {
                outcome = .success(try request())
            } catch {
                outcome = .failure(error)
            }
            done.signal()
        }
        thread.start()
    }

    /// The answer, once the request returned.
    /// - Throws: the ``SyncError`` of the request.
    func wait() throws(SyncError) -> Value {
        done.wait()
        return try outcome!.get()
    }
}
