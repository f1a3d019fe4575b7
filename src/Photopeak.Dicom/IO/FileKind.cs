using System.Runtime.InteropServices;

namespace Photopeak.Dicom.IO;

/// <summary>What a path names on disk (symbolic links followed): Photopeak reads only regular files, because opening a FIFO,
/// socket or device blocks or never ends.</summary>
public enum FileKind
{
    /// <summary>The type could not be told (not Linux, or the path vanished); treated as a regular file.</summary>
    Unknown,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
}

/// <summary>Tells a path's file type without opening it (Linux statx(2)), so that a FIFO is never opened for reading.</summary>
public static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;

    /// <summary>The kind of file <paramref name="path"/> names, following symbolic links; <see cref="FileKind.Unknown"/> where
    /// the platform cannot say.</summary>
    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return FileKind.Unknown;
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0) return FileKind.Unknown;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return FileKind.Unknown;
        }
        return (MemoryMarshal.Read<ushort>(buffer[StatxModeOffset..]) & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>True for what Photopeak may open and read: a regular file, or one whose type cannot be told.</summary>
    public static bool IsReadable(FileKind kind) => kind is FileKind.Regular or FileKind.Unknown;

    /// <summary>The kind in words for messages, e.g. "a FIFO (named pipe)".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Directory => "a folder",
        FileKind.Regular => "a regular file",
        _ => "of unknown type",
    };

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, ref byte buffer);
}

/// <summary>A path names something that is not a regular file (a FIFO, device or socket): it is not opened, since reading it
/// could block forever or never end. Photopeak needs seekable input.</summary>
public sealed class NotARegularFileException(string path, FileKind kind)
    : IOException($"{path}: not a regular file but {FileKinds.Describe(kind)}; Photopeak reads only regular (seekable) files")
{
    /// <summary>The path refused.</summary>
    public string Path { get; } = path;

    /// <summary>What the path names.</summary>
    public FileKind Kind { get; } = kind;
}
