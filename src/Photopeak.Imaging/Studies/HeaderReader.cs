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

    /// <summary>Attributes present with a value that was refused (unparsable, not finite, out of range), with why: messages say
    /// "invalid" for these and "missing" only for what is absent.</summary>
    public Dictionary<DicomTag, string> Invalid { get; } = [];

    public void Warn(DicomTag? tag, string message) =>
        Warnings.Add(tag is { } t ? $"{t} {t.Keyword ?? "private/unknown"}: {message}" : message);

    /// <summary>A present value refused: warned about and remembered as invalid.</summary>
    public void Reject(DicomTag tag, string problem)
    {
        Warn(tag, problem + "; ignored");
        Invalid[tag] = problem;
    }

    public StudyValidationException Fail(DicomTag? tag, string problem, Exception? inner = null) => new(Source, tag, problem, inner);

    public double? Double(DicomDataset ds, DicomTag tag, int index = 0)
    {
        double? value;
        try { value = ds.GetDouble(tag, index); }
        catch (DicomValueException ex) { Reject(tag, Reason(ex)); return null; }
        if (value is { } v && !double.IsFinite(v)) { Reject(tag, $"'{ds.GetString(tag)}' is invalid: not a finite number"); return null; }
        return value;
    }

    /// <summary>A value that must lie in (0, <paramref name="max"/>]; anything else present is rejected as invalid, naming <paramref name="what"/>.</summary>
    public double? Positive(DicomDataset ds, DicomTag tag, double max, string what)
    {
        var value = Double(ds, tag);
        if (value is { } v && !(v > 0 && v <= max))
        {
            Reject(tag, FormattableString.Invariant($"'{v}' is invalid: {what} lies above 0 and at most {max}"));
            return null;
        }
        return value;
    }

    public int? Int(DicomDataset ds, DicomTag tag, int index = 0)
    {
        try { return ds.GetInt32(tag, index); }
        catch (DicomValueException ex) { Reject(tag, Reason(ex)); return null; }
    }

    private static string Reason(DicomValueException ex) => "invalid: " + ex.Message[(ex.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];

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
        Reject(tag, $"'{text}' is invalid: not a date");
        return null;
    }

    /// <summary>A TM value, accepting "hh:mm:ss" as well as "hhmmss.ffffff".</summary>
    public TimeOnly? Time(DicomDataset ds, DicomTag tag)
    {
        var text = ds.GetString(tag);
        if (text is null) return null;
        if (TryParseTime(text, out var t)) return t;
        Reject(tag, $"'{text}' is invalid: not a time");
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
        Reject(tag, $"'{text}' is invalid: not a date-time");
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
