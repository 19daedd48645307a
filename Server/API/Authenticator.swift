import GisementHTTP
import GisementShared

/// Turns a request's bearer token into a ``Caller``, or refuses it with the one 401.
///
/// A missing header, another scheme, a malformed token, an unknown token and a revoked token
/// all get exactly the same answer (``APIError/unauthorized``), so a caller learns nothing about
/// which tokens exist. The token table is read on every request: a revocation applies at once.
public enum Authenticator {
    /// The caller behind `request`.
    /// - Throws: ``APIError/unauthorized``, or the store's error (a 500).
    public static func authenticate(_ request: HTTPRequest, store: any ServerStoring) async throws -> Caller {
        let headers = request.headers.values(.authorization)
        guard headers.count == 1, let token = BearerCredentials.token(from: headers[0]) else {
            throw APIError.unauthorized
        }
        guard let info = try await store.validToken(digest: AccessToken.digest(of: token)) else {
            throw APIError.unauthorized
        }
        return Caller(name: info.name, role: info.role, scope: info.scope)
    }

    /// The name of the revoked token a refused request presented, for the request log only (the
    /// answer stays the one 401): an admin reading the log sees which device still uses it.
    public static func revokedName(_ request: HTTPRequest, store: any ServerStoring) async -> String? {
        let headers = request.headers.values(.authorization)
        guard headers.count == 1, let token = BearerCredentials.token(from: headers[0]) else { return nil }
        return try? await store.revokedTokenName(digest: AccessToken.digest(of: token))
    }
}
