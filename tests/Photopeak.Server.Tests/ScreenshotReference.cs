using SkiaSharp;
using Xunit.Abstractions;

namespace Photopeak.Server.Tests;

/// <summary>
/// Screenshots of the review page against stored references (References/NAME.png, looked at when they were made): a pixel
/// differs when any channel differs by more than <c>channelTolerance</c>; the test fails when more than
/// <c>maxDifferingFraction</c> of the pixels differ or the size changed. With PHOTOPEAK_UPDATE_REFERENCES=1 a missing or
/// differing reference is (re)written instead, to be looked at and committed.
/// </summary>
internal static class ScreenshotReference
{
    public static void AssertMatches(byte[] png, string name, ITestOutputHelper output, int channelTolerance = 24, double maxDifferingFraction = 0.01)
    {
        var path = Path.Combine(Folder(), name + ".png");
        var update = Environment.GetEnvironmentVariable("PHOTOPEAK_UPDATE_REFERENCES") == "1";
        var actualPath = Path.Combine(Path.GetTempPath(), $"photopeak-{name}-actual.png");
        File.WriteAllBytes(actualPath, png);
        output.WriteLine($"screenshot {name}: {actualPath}");
        if (!File.Exists(path))
        {
            Assert.True(update, $"no reference screenshot {path}; run with PHOTOPEAK_UPDATE_REFERENCES=1, look at it, commit it");
            File.WriteAllBytes(path, png);
            return;
        }
        using var actual = SKBitmap.Decode(png);
        using var expected = SKBitmap.Decode(path);
        var (differing, total) = (0L, (long)expected.Width * expected.Height);
        if (actual.Width == expected.Width && actual.Height == expected.Height)
        {
            for (var y = 0; y < expected.Height; y++)
                for (var x = 0; x < expected.Width; x++)
                {
                    SKColor a = actual.GetPixel(x, y), e = expected.GetPixel(x, y);
                    if (Math.Abs(a.Red - e.Red) > channelTolerance || Math.Abs(a.Green - e.Green) > channelTolerance || Math.Abs(a.Blue - e.Blue) > channelTolerance) differing++;
                }
        }
        else differing = total;
        var fraction = (double)differing / total;
        output.WriteLine($"screenshot {name}: {actual.Width}×{actual.Height} against {expected.Width}×{expected.Height}, {fraction:P2} of pixels differ");
        if (update && fraction > maxDifferingFraction) { File.WriteAllBytes(path, png); return; }
        Assert.True(fraction <= maxDifferingFraction,
            $"screenshot {name} differs from {path} on {fraction:P2} of its pixels (at most {maxDifferingFraction:P0}); the new one is {actualPath}");
    }

    private static string Folder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Photopeak.slnx"))) directory = directory.Parent;
        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("Photopeak.slnx not found above the tests"),
            "tests", "Photopeak.Server.Tests", "References");
    }
}
