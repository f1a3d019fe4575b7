namespace Photopeak.Procedures.Pipeline;

/// <summary>
/// An exclusive lock on an output folder, held while its files are replaced, so that two runs into one folder never mix
/// their files: a lock file beside the folder (".NAME.lock"), opened without sharing; the second run waits for the first.
/// </summary>
internal sealed class OutputFolderLock : IDisposable
{
    private readonly FileStream stream;
    private readonly string path;

    private OutputFolderLock(FileStream stream, string path) { this.stream = stream; this.path = path; }

    /// <summary>Takes the lock on <paramref name="folder"/> (an absolute path), waiting up to <paramref name="timeout"/>.</summary>
    public static OutputFolderLock Acquire(string folder, TimeSpan timeout)
    {
        var trimmed = folder.TrimEnd(Path.DirectorySeparatorChar);
        var path = Path.Combine(Path.GetDirectoryName(trimmed) ?? ".", $".{Path.GetFileName(trimmed)}.lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new OutputFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose), path);
            }
            catch (IOException) when (DateTime.UtcNow < deadline && !Directory.Exists(path))
            {
                Thread.Sleep(50);
            }
        }
    }

    public override string ToString() => path;

    public void Dispose() => stream.Dispose();
}
