using System.Globalization;
using Photopeak.Dicom;

namespace Photopeak.Imaging.Studies;

/// <summary>
/// Reads optional attributes for the study model: a value that cannot be parsed becomes a warning (naming tag and keyword)
/// and null, so one bad optional attribute never stops the rest of the header from loading.
/// </summary>
internal sealed class HeaderReader(string? source, List<string> warnings)
{
    public string? Source { get; } = source;
    public List<string> Warnings { get; } = warnings;

    public void Warn(DicomTag? tag, string message) =>
        Warnings.Add(tag is { } t ? $"{t} {t.Keyword ?? "private/unknown"}: {message}" : message);

    public StudyValidationException Fail(DicomTag? tag, string problem, Exception? inner = null) => new(Source, tag, problem, inner);

    public double? Double(DicomDataset ds, DicomTag tag, int index = 0)
    {
        try { return ds.GetDouble(tag, index); }
        catch (DicomValueException ex) { Warn(tag, ex.Message[(ex.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..] + "; ignored"); return null; }
    }

    public int? Int(DicomDataset ds, DicomTag tag, int index = 0)
    {
        try { return ds.GetInt32(tag, index); }
        catch (DicomValueException ex) { Warn(tag, ex.Message[(ex.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..] + "; ignored"); return null; }
    }

    public double[] Doubles(DicomDataset ds, DicomTag tag)
    {
        var n = ds.ValueCount(tag);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var v = Double(ds, tag, i);
            if (v is null) return [];
            values[i] = v.Value;
        }
        return values;
    }

    public static string? Text(DicomDataset ds, DicomTag tag) => ds.GetString(tag);

    /// <summary>A DA value, accepting the ACR-NEMA form "yyyy.mm.dd" that old NM systems still write.</summary>
    public DateOnly? Date(DicomDataset ds, DicomTag tag)
    {
        var text = ds.GetString(tag);
        if (text is null) return null;
        var digits = text.Replace(".", "", StringComparison.Ordinal).Trim();
        if (digits.Length == 8 && DateOnly.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        Warn(tag, $"'{text}' is not a date; ignored");
        return null;
    }

    /// <summary>A TM value, accepting "hh:mm:ss" as well as "hhmmss.ffffff".</summary>
    public TimeOnly? Time(DicomDataset ds, DicomTag tag)
    {
        var text = ds.GetString(tag);
        if (text is null) return null;
        if (TryParseTime(text, out var t)) return t;
        Warn(tag, $"'{text}' is not a time; ignored");
        return null;
    }

    /// <summary>A DT value (offset from UTC ignored: all instants of one study share a clock).</summary>
    public DateTime? DateTimeValue(DicomDataset ds, DicomTag tag)
    {
        var text = ds.GetString(tag);
        if (text is null) return null;
        var s = text.Trim();
        var sign = s.IndexOfAny(['+', '-'], Math.Min(s.Length, 4));
        if (sign > 0) s = s[..sign];
        if (s.Length >= 8 && DateOnly.TryParseExact(s[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (s.Length == 8) return date.ToDateTime(TimeOnly.MinValue);
            if (TryParseTime(s[8..], out var time)) return date.ToDateTime(time);
        }
        Warn(tag, $"'{text}' is not a date-time; ignored");
        return null;
    }

    internal static bool TryParseTime(string text, out TimeOnly time)
    {
        time = default;
        var s = text.Trim().Replace(":", "", StringComparison.Ordinal);
        var fraction = 0.0;
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            if (!double.TryParse("0" + s[dot..], NumberStyles.Float, CultureInfo.InvariantCulture, out fraction)) return false;
            s = s[..dot];
        }
        if (s.Length is not (2 or 4 or 6) || !s.All(char.IsAsciiDigit)) return false;
        var h = int.Parse(s[..2], CultureInfo.InvariantCulture);
        var m = s.Length >= 4 ? int.Parse(s[2..4], CultureInfo.InvariantCulture) : 0;
        var sec = s.Length == 6 ? int.Parse(s[4..6], CultureInfo.InvariantCulture) : 0;
        if (h > 23 || m > 59 || sec > 60) return false;
        time = new TimeOnly(h, m, Math.Min(sec, 59)).Add(TimeSpan.FromTicks((long)Math.Round(fraction * TimeSpan.TicksPerSecond)));
        return true;
    }
}
