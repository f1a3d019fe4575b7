using SkiaSharp;

namespace Photopeak.Reporting.Rendering;

/// <summary>Greedy word wrap by measured width; a word wider than the line is broken between characters so nothing overflows.</summary>
public static class TextWrap
{
    /// <summary>The lines of <paramref name="text"/> that fit <paramref name="width"/> points in <paramref name="font"/>; explicit newlines are kept.</summary>
    public static IReadOnlyList<string> Lines(SKFont font, string text, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (font.MeasureText(candidate) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (line.Length > 1 && font.MeasureText(line) > width)
                {
                    var n = FittingLength(font, line, width);
                    lines.Add(line[..n]);
                    line = line[n..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>How many leading characters of <paramref name="text"/> fit <paramref name="width"/> points (at least 1). Measures
    /// O(n log n) characters for an n-character fit, whatever the text's length.</summary>
    public static int FittingLength(SKFont font, string text, float width)
    {
        // Counting down one character at a time from the whole text was quadratic: an 8,000-character unbroken
        // SeriesDescription took minutes. Double until the prefix overflows, then bisect between the last two lengths.
        int fits = 1, probe = 2;
        while (probe <= text.Length && font.MeasureText(text.AsSpan(0, probe)) <= width)
        {
            fits = probe;
            probe *= 2;
        }
        int tooLong = Math.Min(probe, text.Length + 1);
        while (tooLong - fits > 1)
        {
            var mid = fits + (tooLong - fits) / 2;
            if (font.MeasureText(text.AsSpan(0, mid)) <= width) fits = mid;
            else tooLong = mid;
        }
        return fits;
    }
}
