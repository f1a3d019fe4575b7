namespace Photopeak.Reconstruction.Interfile;

/// <summary>An Interfile header or data file cannot be read; names the file and the key or size that is wrong.</summary>
public sealed class InterfileFormatException(string path, string message) : Exception($"{path}: {message}")
{
    public string Path { get; } = path;
}
