/// SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012), fed byte by byte.
///
/// Digests of records must be the same on every replica and on the server, in every process and
/// every version: Swift's `Hasher` is seeded per process, so it cannot be used. SipHash is small,
/// well specified (test vectors in the paper's appendix) and spreads short inputs well. The key is
/// fixed (``VersionDigest``): this is a checksum that two honest stores compare, not a secret.
public struct SipHasher {
    private var v0: UInt64
    private var v1: UInt64
    private var v2: UInt64
    private var v3: UInt64
    /// Bytes not yet compressed (fewer than 8), little-endian in the low bits.
    private var tail: UInt64 = 0
    private var tailCount: UInt64 = 0
    private var length: UInt64 = 0

    public init(key0: UInt64, key1: UInt64) {
        v0 = key0 ^ 0x736f_6d65_7073_6575
        v1 = key1 ^ 0x646f_7261_6e64_6f6d
        v2 = key0 ^ 0x6c79_6765_6e65_7261
        v3 = key1 ^ 0x7465_6462_7974_6573
    }

    @inline(__always)
    private mutating func round() {
        v0 &+= v1; v1 = (v1 << 13) | (v1 >> 51); v1 ^= v0; v0 = (v0 << 32) | (v0 >> 32)
        v2 &+= v3; v3 = (v3 << 16) | (v3 >> 48); v3 ^= v2
        v0 &+= v3; v3 = (v3 << 21) | (v3 >> 43); v3 ^= v0
        v2 &+= v1; v1 = (v1 << 17) | (v1 >> 47); v1 ^= v2; v2 = (v2 << 32) | (v2 >> 32)
    }

    @inline(__always)
    private mutating func compress(_ m: UInt64) {
        v3 ^= m
        round()
        round()
        v0 ^= m
    }

    /// Adds one byte.
    @inline(__always)
    public mutating func addByte(_ byte: UInt8) {
        tail |= UInt64(byte) << (8 * tailCount)
        tailCount += 1
        length += 1
        if tailCount == 8 {
            compress(tail)
            tail = 0
            tailCount = 0
        }
    }

    /// Adds bytes: eight at a time when they lie in contiguous memory (a native string's UTF-8),
    /// one by one otherwise. Both give the same hash.
    public mutating func addBytes<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        let added: Void? = bytes.withContiguousStorageIfAvailable { addContiguous($0) }
        if added == nil {
            for byte in bytes { addByte(byte) }
        }
    }

    private mutating func addContiguous(_ buffer: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while tailCount != 0, index < buffer.count {
            addByte(buffer[index])
            index += 1
        }
        let raw = UnsafeRawBufferPointer(buffer)
        while buffer.count - index >= 8 {
            compress(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            length &+= 8
            index += 8
        }
        while index < buffer.count {
            addByte(buffer[index])
            index += 1
        }
    }

    /// Adds a 64-bit number as 8 little-endian bytes.
    public mutating func addWord(_ value: UInt64) {
        length &+= 8
        if tailCount == 0 {
            compress(value)
        } else {
            // The word completes the tail; what it leaves over becomes the new tail.
            let shift = 8 * tailCount
            compress(tail | (value << shift))
            tail = value >> (64 - shift)
        }
    }

    /// The hash of everything added.
    public consuming func finalize() -> UInt64 {
        let b = ((length & 0xFF) << 56) | tail
        compress(b)
        v2 ^= 0xFF
        round()
        round()
        round()
        round()
        return v0 ^ v1 ^ v2 ^ v3
    }
}
