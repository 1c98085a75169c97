#if canImport(Glibc)
public import Glibc


/// What glibc offers `posix_spawn` beyond what its Swift module declares, each function looked
/// up once (`dlsym`).
public enum SpawnActions {
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`.
    private static let addCloseFromFunction: AddCloseFrom? =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    /// glibc 2.29's `posix_spawn_file_actions_addchdir_np`.
    private static let addChdirFunction: AddChdir? =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
            .map { unsafeBitCast($0, to: AddChdir.self) }

    /// Has the child close every descriptor from `lowest` up before it runs, so that it
    /// inherits nothing of the parent's (sockets, pipes to other children) beyond what the
    /// actions set up. False when this C library cannot (before glibc 2.34).
    @discardableResult
    public static func closeDescriptors(from lowest: Int32, in actions: inout posix_spawn_file_actions_t) -> Bool {
        guard let addCloseFromFunction else { return false }
        return addCloseFromFunction(&actions, lowest) == 0
    }

    /// Has the child change to `directory` before it runs. False when this C library cannot
    /// (before glibc 2.29).
    public static func changeDirectory(to directory: String, in actions: inout posix_spawn_file_actions_t) -> Bool {
        guard let addChdirFunction else { return false }
        return addChdirFunction(&actions, directory) == 0
    }
}
#endif
