/// A fast generator of random record ids: xoshiro256** seeded from the system generator.
///
/// Ids only need to be unique, not secret; the seed's 256 bits come from the system once per
/// process, then each id costs a few nanoseconds instead of a `getrandom(2)` call per word.
/// See https://prng.di.unimi.it/ for the algorithm.
struct IDGenerator: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init() {
        var system = SystemRandomNumberGenerator()
        state = (system.next(), system.next(), system.next(), system.next())
        if state == (0, 0, 0, 0) { state.0 = 1 }
    }

    mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// `prefix` then 32 hex digits as `8-4-4-4-12`: the low 48 bits of `milliseconds` first (so ids
    /// sort by creation time), then 80 random bits. See ``ReplicaStore/newID(for:)``.
    mutating func timeOrderedID(prefix: String, milliseconds: Int64) -> String {
        var digits = [UInt8](repeating: 0, count: 36)
        var time = UInt64(clamping: max(0, milliseconds)) & 0xFFFF_FFFF_FFFF
        var random = next()
        var randomLeft = 16
        var digit = 0
        for position in 0..<36 {
            if position == 8 || position == 13 || position == 18 || position == 23 {
                digits[position] = UInt8(ascii: "-")
                continue
            }
            let nibble: UInt64
            if digit < 12 {
                nibble = (time >> 44) & 0xF
                time <<= 4
            } else {
                if randomLeft == 0 {
                    random = next()
                    randomLeft = 16
                }
                nibble = random & 0xF
                random >>= 4
                randomLeft -= 1
            }
            digits[position] = IDGenerator.hexDigits[Int(nibble)]
            digit += 1
        }
        return prefix + String(decoding: digits, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
