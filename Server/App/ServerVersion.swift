/// The version of the server, as `gisement-server --version` and `/v1/health` report it.
public enum ServerVersion {
    public static let current = "0.2.0"
}
