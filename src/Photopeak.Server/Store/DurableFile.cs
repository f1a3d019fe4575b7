using System.Runtime.InteropServices;

namespace Photopeak.Server.Store;

/// <summary>
/// Writes that survive a crash or power loss: a file's data is flushed to the device (fsync) before it is renamed into place,
/// and the directory is flushed after the rename, so a name is never visible before its bytes (POSIX rename is atomic).
/// </summary>
internal static partial class DurableFile
{
    /// <summary>Writes through <paramref name="write"/> into <paramref name="temporaryPath"/> and flushes it to the device.</summary>
    public static async Task WriteAsync(string temporaryPath, Func<Stream, Task> write)
    {
        await using var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await write(stream).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Renames a flushed file to its final name (no overwrite) and flushes the directory entry.</summary>
    public static void MoveIntoPlace(string temporaryPath, string finalPath)
    {
        File.Move(temporaryPath, finalPath, overwrite: false);
        FlushDirectory(Path.GetDirectoryName(finalPath)!);
    }

    /// <summary>Creates a directory (and parents) and flushes each new entry's parent, so the path survives a crash.</summary>
    public static void CreateDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        var parent = Path.GetDirectoryName(path);
        if (parent is not null) CreateDirectory(parent);
        Directory.CreateDirectory(path);
        if (parent is not null) FlushDirectory(parent);
    }

    /// <summary>fsync of a directory (Linux and other POSIX systems; elsewhere a no-op).</summary>
    public static void FlushDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"cannot open directory {path} to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"cannot flush directory {path} (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
