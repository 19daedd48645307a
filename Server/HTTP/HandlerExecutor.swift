import Dispatch

/// Runs request handlers on the server's own dispatch queue rather than on Swift's global
/// cooperative pool.
///
/// The cooperative pool has one thread per core (two on a small server). Any code in the same
/// process that blocks one of those threads — a synchronous file read, a process wait in a test,
/// a library that sleeps — would otherwise stall every request. Dispatch grows this queue's
/// threads when they block, so handlers keep running. See SE-0417 (task executor preference).
final class HandlerExecutor: TaskExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated, attributes: .concurrent)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
