namespace Photopeak.Reporting.Rendering;

/// <summary>The report font is not installed; the message names the file paths tried and the Debian package to install.</summary>
public sealed class ReportFontMissingException(string message) : Exception(message);
