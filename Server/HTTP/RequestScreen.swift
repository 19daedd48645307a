/// Judges a request from its head alone, before the server reads (or inflates) a byte of its body.
///
/// The HTTP layer knows nothing of tokens; the application plugs its check in here (the API's
/// ``TokenScreen``). The server asks for a verdict:
/// - for every head that announces a body, as soon as the head is complete: a refused head is
///   answered at once with `Connection: close`, its body never read, and no `100 Continue` is sent;
/// - for every request on a connection admitted into a reserved slot (see
///   ``HTTPServer/Configuration/reservedConnections``): only ``ScreenVerdict/publicRoute`` and
///   ``ScreenVerdict/authenticated`` requests may use those slots.
///
/// ```swift
/// struct OnlyHealth: RequestScreen {
///     func screen(_ head: HTTPRequest) async -> ScreenVerdict {
///         head.path == "/v1/health" ? .publicRoute : .refused(.jsonError(status: .unauthorized, code: "unauthorized", message: "…"))
///     }
/// }
/// ```
public protocol RequestScreen: Sendable {
    /// The verdict on a request head (its `body` is empty; `remoteAddress` is set).
    func screen(_ head: HTTPRequest) async -> ScreenVerdict
}

/// What a ``RequestScreen`` decided about a request head.
public enum ScreenVerdict: Sendable {
    /// The caller proved who it is (a valid token): the body may be read.
    case authenticated
    /// A route anyone may call (health).
    case publicRoute
    /// Nothing proven, nothing refused: the handler decides (it will refuse a missing token itself).
    case undecided
    /// Answer this at once and close the connection; the body is never read.
    case refused(HTTPResponse)

    /// Whether the request may use a slot reserved for health and authenticated clients.
    var mayUseReservedSlot: Bool {
        switch self {
        case .authenticated, .publicRoute: return true
        case .undecided, .refused: return false
        }
    }
}
