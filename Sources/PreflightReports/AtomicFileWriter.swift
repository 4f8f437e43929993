import Foundation

/// Writes a file so that readers see either the old content or the new, never half of it:
/// a temporary file in the same directory, then a link or rename onto the destination.
///
/// Reports are evidence, so a generated name is never reused: ``Mode/createNew`` fails with
/// `EEXIST` rather than replace a file, and the caller picks another name. A path the user
/// named explicitly (`--report-json PATH` in CI) is replaced atomically (``Mode/replace``).
public enum AtomicFileWriter {
    public enum Mode: Sendable {
        /// Fail with ``FileWriteError/alreadyExists`` when the destination exists.
        case createNew
        /// Replace the destination atomically.
        case replace
    }

    public static func write(_ bytes: [UInt8], to path: String, mode: Mode = .createNew) throws(FileWriteError) {
        let directory = (path as NSString).deletingLastPathComponent
        try createDirectory(directory.isEmpty ? "." : directory)
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, code: errno) }
        defer { unlink(temporary) }
        let failure = writeAll(bytes, to: fd) ?? (fsync(fd) == 0 ? nil : errno)
        if close(fd) != 0, failure == nil { throw FileWriteError(path: path, code: errno) }
        if let failure { throw FileWriteError(path: path, code: failure) }
        switch mode {
        case .createNew:
            // link() is atomic and refuses to replace an existing file, unlike rename().
            guard link(temporary, path) == 0 else { throw FileWriteError(path: path, code: errno) }
        case .replace:
            guard rename(temporary, path) == 0 else { throw FileWriteError(path: path, code: errno) }
        }
    }

    /// Appends `bytes` to the file at `path`, creating it if needed (a shared log such as GitHub's
    /// job summary, which other steps write too).
    public static func append(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, code: errno) }
        defer { close(fd) }
        if let failure = writeAll(bytes, to: fd) { throw FileWriteError(path: path, code: failure) }
    }

    /// Writes every byte, retrying short and interrupted writes; the `errno` of a failure, or nil.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        var offset = 0
        return bytes.withUnsafeBytes { raw -> Int32? in
            while offset < raw.count {
                let count = Foundation.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
    }

    /// Creates `directory` and its parents as needed.
    public static func createDirectory(_ directory: String) throws(FileWriteError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw FileWriteError(path: directory, code: ENOTDIR) }
            return
        }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != directory { try createDirectory(parent) }
        if mkdir(directory, 0o755) != 0, errno != EEXIST { throw FileWriteError(path: directory, code: errno) }
    }

    /// Fails unless a file can be created in `directory` (created if missing): checked before a
    /// run sends anything, so a run never ends without a place for its evidence.
    public static func checkWritable(directory: String) throws(FileWriteError) {
        try createDirectory(directory)
        let probe = directory + "/.preflight-write-check-\(UUID().uuidString)"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileWriteError(path: directory, code: errno) }
        close(fd)
        unlink(probe)
    }
}

/// A file that could not be written, as one sentence: the path and the system's reason.
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// The `errno` value.
    public var code: Int32

    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    public var alreadyExists: Bool { code == EEXIST }

    public var description: String {
        let reason: String = switch code {
        case ENOTDIR: "a part of the path is a file, not a directory"
        case EISDIR: "it is a directory"
        case EACCES, EPERM: "permission denied"
        case ENOSPC: "no space left on the device"
        case EROFS: "the file system is read-only"
        case EEXIST: "a file of that name already exists"
        case ENOENT: "a directory on the path does not exist"
        default: String(cString: strerror(code)).lowercased()
        }
        return "cannot write \(path): \(reason)"
    }
}
