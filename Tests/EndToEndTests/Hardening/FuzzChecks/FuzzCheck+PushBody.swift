import GisementShared

/// The push body decoder (``PushBody/decode(_:limits:)``, ``ChangeCodec``) and
/// ``Change/validated()`` under arbitrary bytes.
///
/// Properties: nothing crashes; a decoding error carries a message (and an index inside the
/// `changes` array when it blames one change); what decodes encodes back to bytes that decode to
/// the same body; a validated change is a fixed point of validation and survives the wire
/// unchanged, which is the path every change takes from the server's feed into a replica.
enum PushBodyFuzzCheck {
    static let limits = JSONParser.Limits(maxDepth: 32, maxStringBytes: 64 * 1024, maxDocumentBytes: 1 << 20)

    static func check(_ bytes: [UInt8]) -> FuzzFailure? {
        if let failure = checkArray(bytes) { return failure }
        let body: PushBody
        do {
            body = try PushBody.decode(bytes, limits: limits)
        } catch {
            return describes(error)
        }
        let again: PushBody
        do {
            again = try PushBody.decode(body.encoded(), limits: limits)
        } catch {
            return "a decoded body does not decode once encoded: \(error)"
        }
        if again != body { return "the body changed through encode/decode: \(body) became \(again)" }
        for (index, change) in body.changes.enumerated() {
            if let failure = checkValidation(change, index: index) { return failure }
        }
        return nil
    }

    /// The bare array form (`[change, …]`) and the single change form go through the same decoder.
    private static func checkArray(_ bytes: [UInt8]) -> FuzzFailure? {
        if let changes = try? ChangeCodec.decode(bytes, limits: limits) {
            guard let again = try? ChangeCodec.decode(ChangeCodec.encode(changes), limits: limits), again == changes else {
                return "an array of \(changes.count) changes does not survive encode/decode"
            }
        }
        if let change = try? ChangeCodec.decodeChange(bytes, limits: limits) {
            guard let again = try? ChangeCodec.decodeChange(ChangeCodec.encode(change), limits: limits), again == change else {
                return "the change \(change) does not survive encode/decode"
            }
        }
        return nil
    }

    private static func describes(_ error: WireError) -> FuzzFailure? {
        if error.message.isEmpty { return "a wire error without a message: \(error)" }
        if error.category == .change, error.index == nil { return "a change error without an index: \(error)" }
        return nil
    }

    private static func checkValidation(_ change: Change, index: Int) -> FuzzFailure? {
        let valid: Change
        do {
            valid = try change.validated()
        } catch {
            return error.description.isEmpty ? "change \(index): a validation error without a description" : nil
        }
        guard let twice = try? valid.validated() else { return "change \(index) validates once but not twice: \(valid)" }
        if twice != valid { return "validation is not idempotent: \(valid) became \(twice)" }
        if case .decimal(let d) = valid.value, !d.isFinite { return "a non-finite decimal validated: \(valid)" }
        if case .text(let s) = valid.value, s.count > 2000 { return "a text of \(s.count) characters validated" }
        guard let wired = try? ChangeCodec.decodeChange(ChangeCodec.encode(valid), limits: limits) else {
            return "the validated change \(valid) does not decode once encoded"
        }
        guard let revalidated = try? wired.validated(), revalidated == valid else {
            return "the validated change \(valid) came back from the wire as \(wired)"
        }
        return nil
    }
}
