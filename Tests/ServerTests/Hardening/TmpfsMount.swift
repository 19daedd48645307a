import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small tmpfs mounted on a fresh folder, to run a server on a disk that fills up.
/// `init` returns nil when mounting is not permitted (not root, no CAP_SYS_ADMIN).
final class TmpfsMount {
    let path: String

    init?(sizeKiB: Int) {
        let folder = NSTemporaryDirectory() + "gisement-tmpfs-" + UUID().uuidString.prefix(8)
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else {
            return nil
        }
        guard Glibc.mount("tmpfs", folder, "tmpfs", 0, "size=\(sizeKiB)k") == 0 else {
            try? FileManager.default.removeItem(atPath: folder)
            return nil
        }
        path = folder
    }

    /// Unmounts (lazily, in case a child still holds a file) and removes the folder.
    func unmount() {
        umount2(path, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(atPath: path)
    }
}
