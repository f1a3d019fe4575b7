using System.Globalization;

namespace Photopeak.Dicom;

/// <summary>Formats numbers for text VRs within their length limits (PS3.5 Table 6.2-1).</summary>
public static class DicomNumberFormat
{
    /// <summary>A Decimal String of at most 16 characters that round-trips as closely as 16 characters allow.</summary>
    public static string DecimalString(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), "DS cannot hold NaN or infinity");
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        if (r.Length <= 16) return r;
        for (var digits = 15; digits > 0; digits--)
        {
            var s = value.ToString("G" + digits, CultureInfo.InvariantCulture);
            if (s.Length <= 16) return s;
        }
        return value.ToString("E8", CultureInfo.InvariantCulture);
    }
}
