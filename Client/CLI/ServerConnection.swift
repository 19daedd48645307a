/// What `sync` and `verify` need to speak to a server: the transport and the token.
enum ServerConnection {
    /// The transport for `server` and the server's label for messages.
    ///
    /// On Linux the HTTP library runs in a worker process (``IsolatedTransport``): a connection that
    /// breaks inside the server's answer must not stop the command.
    /// - Throws: ``CLIError`` (usage) when `server` is not an http(s) URL.
    static func transport(_ server: String, command: String) throws(CLIError) -> (any SyncTransport, String) {
        do {
            #if os(Linux)
            // Only the `gisement` executable answers the worker argument (GisementCLI.main); a host
            // that runs a command in-process (a test runner) keeps URLSession in-process.
            if IsolatedTransport.ownExecutable.hasSuffix("/gisement") {
                let transport = try IsolatedTransport(server: server)
                return (transport, transport.baseURL.absoluteString)
            }
            #endif
            let transport = try URLSessionTransport(server: server)
            return (transport, transport.baseURL.absoluteString)
        } catch {
            throw CLIError.usage(error.message, commandPath: [command])
        }
    }

    /// The token to send: the command line's, then `GISEMENT_TOKEN`'s (used, not remembered), then
    /// the replica's remembered one.
    static func token(_ given: String?, environment: CLIEnvironment, remembered: String?) -> String? {
        given ?? environment.token.flatMap { TokenOption.isWellFormed($0) ? $0 : nil } ?? remembered
    }
}
