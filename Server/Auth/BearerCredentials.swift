/// Reads the token out of an `Authorization: Bearer <token>` header (RFC 6750 §2.1).
///
/// The scheme is case-insensitive (RFC 9110 §11.1); exactly one space-separated token must
/// follow. Anything else is "no credentials", which the API answers with the same 401 as an
/// unknown or revoked token.
public enum BearerCredentials {
    /// The token in `header`, or nil when the header is absent or not a well-formed bearer token.
    public static func token(from header: String?) -> String? {
        guard let header else { return nil }
        let trimmed = header.trimmingSpaces
        guard let space = trimmed.firstIndex(of: " ") else { return nil }
        let scheme = trimmed[..<space]
        guard scheme.lowercased() == "bearer" else { return nil }
        let token = String(trimmed[trimmed.index(after: space)...]).trimmingSpaces
        guard AccessToken.isWellFormed(token) else { return nil }
        return token
    }
}
