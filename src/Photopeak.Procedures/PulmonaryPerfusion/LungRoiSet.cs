using System.Text.Json;
using System.Text.Json.Serialization;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// The right and left lung outlines on the anterior view (image as stored: patient right on the image left), as row spans
/// [row, firstColumn, lastColumn]. The posterior view uses the same ROIs after mirroring it left-right. Serialisable to JSON so a
/// physician's edits can be saved and fed back (options.RoisFile).
/// </summary>
public sealed record LungRoiSet(int Rows, int Columns, IReadOnlyList<int[]> RightSpans, IReadOnlyList<int[]> LeftSpans)
{
    [JsonIgnore] public bool[] RightMask => ToMask(RightSpans);
    [JsonIgnore] public bool[] LeftMask => ToMask(LeftSpans);

    /// <summary>Builds the set from two masks (Rows × Columns, row-major).</summary>
    public static LungRoiSet FromMasks(int rows, int columns, bool[] right, bool[] left) => new(rows, columns, Spans(right, rows, columns), Spans(left, rows, columns));

    public string ToJson() => JsonSerializer.Serialize(this, LungRoiSetJsonContext.Default.LungRoiSet);

    /// <summary>Reads a set; <see cref="LungRoiException"/> naming the file when it is malformed.</summary>
    public static LungRoiSet FromJson(string json, string source)
    {
        LungRoiSet? set;
        try { set = JsonSerializer.Deserialize(json, LungRoiSetJsonContext.Default.LungRoiSet); }
        catch (JsonException ex) { throw new LungRoiException($"{source}: not a lung ROI set ({ex.Message})", ex); }
        if (set is null || set.Rows <= 0 || set.Columns <= 0 || set.RightSpans is null || set.LeftSpans is null)
            throw new LungRoiException($"{source}: a lung ROI set needs rows, columns, rightSpans and leftSpans");
        foreach (var s in set.RightSpans.Concat(set.LeftSpans))
            if (s.Length != 3 || s[0] < 0 || s[0] >= set.Rows || s[1] < 0 || s[2] >= set.Columns || s[1] > s[2])
                throw new LungRoiException($"{source}: span [{string.Join(", ", s)}] lies outside {set.Rows} rows × {set.Columns} columns");
        return set;
    }

    private bool[] ToMask(IReadOnlyList<int[]> spans)
    {
        var mask = new bool[Rows * Columns];
        foreach (var s in spans)
            for (var c = s[1]; c <= s[2]; c++) mask[s[0] * Columns + c] = true;
        return mask;
    }

    private static int[][] Spans(bool[] mask, int rows, int cols)
    {
        var spans = new List<int[]>();
        for (var r = 0; r < rows; r++)
        {
            var c = 0;
            while (c < cols)
            {
                if (!mask[r * cols + c]) { c++; continue; }
                var first = c;
                while (c < cols && mask[r * cols + c]) c++;
                spans.Add([r, first, c - 1]);
            }
        }
        return [.. spans];
    }
}

/// <summary>The lung ROI set's JSON contract (camelCase), generated at compile time (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LungRoiSet))]
internal sealed partial class LungRoiSetJsonContext : JsonSerializerContext;
