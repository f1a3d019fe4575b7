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
                while (font.MeasureText(line) > width && line.Length > 1)
                {
                    var n = line.Length - 1;
                    while (n > 1 && font.MeasureText(line[..n]) > width) n--;
                    lines.Add(line[..n]);
                    line = line[n..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }
}
