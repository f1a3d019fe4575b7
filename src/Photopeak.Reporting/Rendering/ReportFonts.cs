using SkiaSharp;

namespace Photopeak.Reporting.Rendering;

/// <summary>
/// DejaVu Sans regular and bold loaded from file (Debian package fonts-dejavu-core). Loaded by path because the
/// NoDependencies Skia build has no fontconfig: a family-name lookup would silently fall back to an empty typeface.
/// </summary>
public sealed class ReportFonts : IDisposable
{
    private static readonly string[] Directories =
        ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts/dejavu", "/usr/share/fonts/TTF"];

    private ReportFonts(SKTypeface regular, SKTypeface bold)
    {
        Regular = regular;
        Bold = bold;
    }

    public SKTypeface Regular { get; }
    public SKTypeface Bold { get; }

    /// <summary>Loads the fonts or throws <see cref="ReportFontMissingException"/>.</summary>
    public static ReportFonts Load() => new(LoadFile("DejaVuSans.ttf"), LoadFile("DejaVuSans-Bold.ttf"));

    /// <summary>A font of the given size, bold or not.</summary>
    public SKFont Font(float size, bool bold = false) => new(bold ? Bold : Regular, size) { Subpixel = true };

    private static SKTypeface LoadFile(string name)
    {
        foreach (var dir in Directories)
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path) && SKTypeface.FromFile(path) is { } face) return face;
        }
        throw new ReportFontMissingException(
            $"font {name} not found in {string.Join(", ", Directories)}; install the Debian package fonts-dejavu-core (scripts/install-packages)");
    }

    public void Dispose()
    {
        Regular.Dispose();
        Bold.Dispose();
    }
}
