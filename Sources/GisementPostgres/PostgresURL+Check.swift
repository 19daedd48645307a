import CPostgres

extension PostgresURL {
    /// Why libpq cannot read this URL (`invalid URI query parameter`, `invalid integer value`…),
    /// nil when it can: checked before any connection, so a malformed URL is a usage error.
    public var problem: String? {
        var parseError: UnsafeMutablePointer<CChar>?
        if let options = PQconninfoParse(text, &parseError) {
            PQconninfoFree(options)
            return nil
        }
        let reason = parseError.map { String(cString: $0) } ?? "cannot read the URL"
        if let parseError { PQfreemem(parseError) }
        return PostgresConnection.firstLine(reason)
    }
}
