import GisementHTTP
import GisementShared

/// The schema version a client announces on a pull: the `Gisement-Schema` header (or the
/// `schema` query parameter), and `schema_above` for the one catch-up pull of an updated client.
/// A client that announces nothing is version 1, the release before versions existed.
enum SchemaAnnouncement {
    /// The window of schema versions to serve.
    /// - Throws: ``APIError`` 400 when a version is not a whole number ≥ 1 (or `schema_above` ≥ 0).
    static func window(_ request: HTTPRequest, _ query: QueryParameters) throws -> SchemaWindow {
        let announced = request.headers[.gisementSchema] ?? request.queryValue("schema")
        var upTo = SchemaVersion.unannounced
        if let announced {
            guard let version = Int(announced.trimmingSpaces), version >= 1 else {
                throw APIError.badParameter(
                    "the schema version must be a whole number of 1 or more, got '\(announced.prefix(40))'")
            }
            // A newer client gets everything this server holds.
            upTo = min(version, SchemaVersion.current)
        }
        let above = Int(clamping: try query.position("schema_above"))
        return SchemaWindow(above: above, upTo: upTo)
    }
}
