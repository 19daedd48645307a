/// How to open a database file.
public struct DatabaseOptions: Sendable {
    public enum Access: Sendable {
        /// Open an existing file for reading only; never creates one.
        case readOnly
        /// Open an existing file for reading and writing; never creates one.
        case readWrite
        /// Open for reading and writing, creating the file when missing.
        case readWriteCreate
    }

    /// `PRAGMA synchronous`. See https://www.sqlite.org/pragma.html#pragma_synchronous
    /// In WAL mode, `normal` may lose the last commits on power loss (never on a process crash);
    /// `full` syncs the WAL at every commit, so an acknowledged write survives power loss.
    public enum Synchronous: String, Sendable {
        case off = "OFF"
        case normal = "NORMAL"
        case full = "FULL"
    }

    public var access: Access
    public var synchronous: Synchronous
    /// Write-ahead logging: readers do not block the writer. See https://www.sqlite.org/wal.html
    public var isWAL: Bool
    /// How long a connection waits for a lock held by another before SQLITE_BUSY, in milliseconds.
    public var busyTimeoutMilliseconds: Int32
    public var foreignKeys: Bool
    /// Whether closing the last connection always checkpoints the WAL into the database file.
    /// A short-lived process (one `gisement log`) turns it off: the checkpoint's extra fsyncs
    /// would cost more than the write itself. The WAL is still folded in and truncated at close
    /// when it grew past ``walSizeLimitAtClose`` (after an import or a large pull), because the next
    /// process to open the file must read the whole WAL to rebuild its index.
    public var checkpointsOnClose: Bool
    /// With `checkpointsOnClose` off: the WAL size in bytes above which closing checkpoints anyway.
    public var walSizeLimitAtClose: Int

    public init(
        access: Access = .readWriteCreate, synchronous: Synchronous = .full, isWAL: Bool = true,
        busyTimeoutMilliseconds: Int32 = 5_000, foreignKeys: Bool = true, checkpointsOnClose: Bool = true,
        walSizeLimitAtClose: Int = 4 << 20
    ) {
        self.access = access
        self.synchronous = synchronous
        self.isWAL = isWAL
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.foreignKeys = foreignKeys
        self.checkpointsOnClose = checkpointsOnClose
        self.walSizeLimitAtClose = walSizeLimitAtClose
    }
}
