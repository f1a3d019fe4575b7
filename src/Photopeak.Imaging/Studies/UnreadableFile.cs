namespace Photopeak.Imaging.Studies;

/// <summary>A file that could not be taken into a study, and why.</summary>
public sealed record UnreadableFile(string Path, string Reason);
