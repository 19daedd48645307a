/// Reads sync bodies from bytes without building a JSON tree: the scanner plus where it is
/// (which change, which field), so that every error can say so.
///
/// Its methods throw either ``WireError`` (a shape problem) or ``JSONParseError`` (a syntax
/// problem); ``run(_:limits:_:)`` turns the latter into a ``WireError`` carrying the context.
struct ChangeDecoder {
    var scanner: JSONScanner
    /// The change being read, when inside a `changes` array.
    var index: Int?
    /// The key whose value is being read.
    var field: String?

    /// Replica ids and field names seen so far: they repeat from change to change, so reusing
    /// the String saves an allocation each time.
    private var interned: [String] = []

    init(scanner: JSONScanner) {
        self.scanner = scanner
    }

    /// The String of a scanned string, reused from earlier changes when the bytes match.
    mutating func internedString(_ raw: JSONScanner.RawString) -> String {
        guard !raw.hasEscapes else { return scanner.makeString(raw) }
        let slice = scanner.rawBytes(raw)
        for candidate in interned where candidate.utf8.count == slice.count {
            let same = candidate.utf8.withContiguousStorageIfAvailable { stored in
                for i in 0..<stored.count where stored[i] != slice[i] { return false }
                return true
            }
            if same == true { return candidate }
        }
        let string = scanner.makeString(raw)
        if interned.count < 64 { interned.append(string) }
        return string
    }

    /// Decodes a whole document with `body`, checking that nothing follows it.
    static func run<T>(
        _ bytes: [UInt8], limits: JSONParser.Limits, _ body: (inout ChangeDecoder) throws -> T
    ) throws(WireError) -> T {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(WireError) -> T in try run(buffer, limits: limits, body) }
        }
        return try result.get()
    }

    static func run<T>(
        _ buffer: UnsafeRawBufferPointer, limits: JSONParser.Limits, _ body: (inout ChangeDecoder) throws -> T
    ) throws(WireError) -> T {
        try run(buffer.bindMemory(to: UInt8.self), limits: limits, body)
    }

    static func run<T>(
        _ buffer: UnsafeBufferPointer<UInt8>, limits: JSONParser.Limits, _ body: (inout ChangeDecoder) throws -> T
    ) throws(WireError) -> T {
        let scanner: JSONScanner
        do {
            scanner = try JSONScanner(buffer, limits: limits)
        } catch {
            throw WireError(category: .syntax, message: error.description, offset: error.offset)
        }
        var decoder = ChangeDecoder(scanner: scanner)
        do {
            let value = try body(&decoder)
            decoder.index = nil
            decoder.field = nil
            try decoder.scanner.expectEnd()
            return value
        } catch let error as WireError {
            throw error
        } catch let error as JSONParseError {
            throw WireError(
                category: .syntax, index: decoder.index, field: decoder.field, message: error.description,
                offset: error.offset)
        } catch {
            preconditionFailure("ChangeDecoder threw an unexpected error: \(error)")
        }
    }

    // MARK: Errors

    /// A malformed change at the current index.
    func changeError(_ field: String?, _ message: String) -> WireError {
        WireError(category: .change, index: index, field: field, message: message, offset: scanner.position)
    }

    /// A body of the wrong shape.
    func bodyError(_ field: String?, _ message: String) -> WireError {
        WireError(category: .body, index: nil, field: field, message: message, offset: scanner.position)
    }

    // MARK: Bodies

    /// Reads an object member by member; `member` returns false for a key it does not know,
    /// which is then skipped. Repeated keys are refused.
    mutating func decodeObject(
        what: String, _ member: (inout ChangeDecoder, String) throws -> Bool
    ) throws {
        guard try scanner.peek() == UInt8(ascii: "{") else { throw bodyError(nil, "\(what) must be a JSON object.") }
        try scanner.enter()
        scanner.position += 1
        var names: Set<String> = []
        if !scanner.consume(UInt8(ascii: "}")) {
            repeat {
                try scanner.refuseTrailingComma()
                let offset = scanner.position
                let name = try scanner.readKey()
                guard names.insert(name).inserted else {
                    field = name
                    throw JSONParseError(offset: offset, reason: .duplicateKey(name))
                }
                field = name
                if try !member(&self, name) { try scanner.skipValue() }
                field = nil
            } while scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
        }
        scanner.leave()
    }

    /// Reads a JSON array of changes.
    mutating func decodeChangeArray() throws -> [Change] {
        guard try scanner.peek() == UInt8(ascii: "[") else {
            throw bodyError("changes", "changes must be a JSON array of change objects.")
        }
        try scanner.enter()
        scanner.position += 1
        var changes: [Change] = []
        if !scanner.consume(UInt8(ascii: "]")) {
            var i = 0
            repeat {
                index = i
                try scanner.refuseTrailingComma()
                changes.append(try decodeChange())
                i += 1
            } while scanner.consume(UInt8(ascii: ","))
            index = nil
            try scanner.expect(UInt8(ascii: "]"), "',' or ']'")
        }
        scanner.leave()
        return changes
    }

    /// A string member of a body.
    mutating func bodyString(_ name: String) throws -> String {
        guard try scanner.peek() == UInt8(ascii: "\"") else { throw bodyError(name, "\(name) must be a string.") }
        return try scanner.readString()
    }

    /// An integer member of a body.
    mutating func bodyInteger(_ name: String) throws -> Int64 {
        let next = try scanner.peek()
        guard next == UInt8(ascii: "-") || (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")),
            case .integer(let value) = try scanner.readNumber()
        else { throw bodyError(name, "\(name) must be a whole number.") }
        return value
    }

    /// A boolean member of a body.
    mutating func bodyBool(_ name: String) throws -> Bool {
        let next = try scanner.peek()
        guard next == UInt8(ascii: "t") || next == UInt8(ascii: "f"), case .bool(let value) = try scanner.readLiteral()
        else { throw bodyError(name, "\(name) must be true or false.") }
        return value
    }
}
