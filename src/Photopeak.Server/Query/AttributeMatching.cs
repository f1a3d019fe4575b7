using System.Text.RegularExpressions;
using Photopeak.Dicom;

namespace Photopeak.Server.Query;

/// <summary>
/// Matching of one attribute value against a query key's value (PS3.4 C.2.2.2): universal (empty or "*"), single value,
/// wildcard (* and ?), UID list (values separated by '\'), and date/time range ("from-to", either end open). Person names
/// match without regard to case, as most archives do.
/// </summary>
public static class AttributeMatching
{
    /// <summary>True if the key value <paramref name="wanted"/> matches nothing out (universal matching).</summary>
    public static bool IsUniversal(string? wanted) => string.IsNullOrWhiteSpace(wanted) || wanted.Trim() == "*";

    /// <summary>True if <paramref name="actual"/> (null: the attribute is absent or empty) matches <paramref name="wanted"/>.</summary>
    public static bool Matches(DicomVR vr, string wanted, string? actual)
    {
        wanted = wanted.Trim();
        if (IsUniversal(wanted)) return true;
        if (actual is null) return false;
        if (vr == DicomVR.UI) return wanted.Split('\\').Any(u => u.Trim() == actual);
        if ((vr == DicomVR.DA || vr == DicomVR.TM) && wanted.Contains('-'))
        {
            var parts = wanted.Split('-', 2);
            return (parts[0].Length == 0 || string.CompareOrdinal(actual, parts[0]) >= 0)
                && (parts[1].Length == 0 || string.CompareOrdinal(actual[..Math.Min(actual.Length, parts[1].Length)], parts[1]) <= 0);
        }
        if (wanted.Contains('*') || wanted.Contains('?'))
        {
            var pattern = "^" + Regex.Escape(wanted).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
            return Regex.IsMatch(actual, pattern, (vr == DicomVR.PN ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        }
        return vr == DicomVR.PN ? string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase) : wanted == actual;
    }

    /// <summary>True if any of a multi-valued attribute's values (e.g. Modalities in Study) matches any value of the key.</summary>
    public static bool MatchesAny(DicomVR vr, string wanted, IEnumerable<string> actualValues)
    {
        if (IsUniversal(wanted)) return true;
        var values = wanted.Split('\\');
        return actualValues.Any(actual => values.Any(v => Matches(vr, v, actual)));
    }
}
