import GisementShared

/// Checks a whole push before anything is written: body syntax, every change against the
/// schema, each dot once, the push's own replica on every change not relayed, and HLCs not too far ahead of the server clock.
///
/// The first problem found is thrown as a 400 naming the change's `index` (from 0) and the `field`
/// of the change that is wrong (`value`, `field`, `id`, `hlc`, `counter`, `clock`…).
enum PushValidator {
    /// The keys of a change that ``Change/validated()`` checks before the value.
    private static let changeKeys: Set<String> = ["id", "replica", "counter", "clock"]

    /// Decodes and validates a push body.
    /// - Parameters:
    ///   - now: server time in milliseconds; `maxSkew` how far ahead an HLC may be.
    /// - Throws: ``APIError`` `invalid_json`, `invalid_change` or `clock_ahead`.
    static func validate(_ bytes: [UInt8], now: Int64, maxSkew: Int64) throws -> PushBody {
        var body: PushBody
        do {
            body = try PushBody.decode(bytes)
        } catch {
            if error.category == .change, let index = error.index {
                throw APIError.invalidChange(error.message, index: index, field: error.field)
            }
            throw APIError.invalidJSON(error.message)
        }
        if let problem = Identifier.problem(with: body.replica) {
            throw APIError.invalidJSON("The push body's \"replica\" \(problem).")
        }
        var seenDots: Set<Dot> = []
        let limit = now + maxSkew
        for index in body.changes.indices {
            let change = body.changes[index]
            do {
                body.changes[index] = try change.validated()
            } catch {
                throw APIError.invalidChange(
                    "Change \(index) is invalid: \(error.description).", index: index, field: wireField(of: error))
            }
            if !change.isRelayed, change.replica != body.replica {
                throw APIError.replicaMismatch(
                    "Change \(index) names replica \(change.replica) but the push comes from \(body.replica); "
                        + "a replica pushes its own changes, and marks those it re-sends for others \"relayed\": true.",
                    index: index)
            }
            guard seenDots.insert(change.dot).inserted else {
                throw APIError.invalidChange(
                    "Change \(index) repeats the dot \(change.replica):\(change.counter) of an earlier change of this "
                        + "push; send each change once.",
                    index: index, field: "counter")
            }
            if change.hlc.wall > limit {
                let ahead = (change.hlc.wall - now + 999) / 1000
                throw APIError.clockAhead(
                    "Change \(index) from replica \(change.replica) is stamped \(ahead) seconds ahead of the server "
                        + "clock (the limit is \(maxSkew / 1000) seconds); set that device's clock right, then sync again.",
                    index: index)
            }
        }
        return body
    }

    /// The key of the change that a validation error points at.
    private static func wireField(of error: ValidationError) -> String {
        if case .unknownField = error.problem { return "field" }
        if let field = error.field, changeKeys.contains(field) { return field }
        return "value"
    }
}
