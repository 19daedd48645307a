import GisementCommandLine
import GisementShared

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
    /// the replica's remembered one, but only for the server it was remembered with: a token is
    /// never sent to another server than the one it was given for.
    /// - Throws: ``CLIError`` (usage) when `server` is another server than the remembered one and no
    ///   token was given for it.
    static func token(
        _ given: String?, environment: CLIEnvironment, remembered: String?, server: String, rememberedServer: String?,
        command: String
    ) throws(CLIError) -> String? {
        if let token = given ?? environment.token.flatMap({ TokenOption.isWellFormed($0) ? $0 : nil }) { return token }
        guard let remembered else { return nil }
        if SyncSession.isAnotherServer(server, than: rememberedServer) {
            throw CLIError.usage(
                localized(
                    "token.otherServer", ["remembered": rememberedServer ?? localized("token.anotherServer"), "server": server]),
                commandPath: [command])
        }
        return remembered
    }
}
