import GisementShared

/// A push body with its bytes, encoded before it goes out: the push encodes batch N+1 while the
/// server applies batch N (see `SyncSession+Push.swift`).
public struct OutgoingBatch: Sendable {
    public let body: PushBody
    public let bytes: [UInt8]

    public init(_ body: PushBody) {
        self.body = body
        bytes = body.encoded()
    }
}
