/// The explicit bounds the parser enforces, so that no request can make the server buffer without limit.
///
/// Each bound maps to a status when exceeded (see ``HTTPParseError``):
/// request line → 414, header bytes or header count → 431, body → 413. The body bound also caps
/// the size of a gzip request body *after* decompression, so a small zip bomb is a 413 too.
///
/// ```swift
/// var limits = HTTPLimits()
/// limits.maxBodyBytes = 8 << 20   // 8 MiB pushes
/// ```
public struct HTTPLimits: Sendable, Hashable {
    /// The longest request line (method, target, version, without CRLF); default 8 KiB.
    public var maxRequestLineBytes: Int
    /// The most bytes of header fields after the request line, CRLFs included; default 32 KiB.
    public var maxHeaderBytes: Int
    /// The most header fields in one request; default 100.
    public var maxHeaderCount: Int
    /// The largest body, as sent and once decompressed; default 32 MiB.
    public var maxBodyBytes: Int

    /// Makes limits; every default is the one documented on its property.
    public init(
        maxRequestLineBytes: Int = 8 * 1024, maxHeaderBytes: Int = 32 * 1024, maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 32 * 1024 * 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}
