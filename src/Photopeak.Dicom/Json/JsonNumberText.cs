namespace Photopeak.Dicom.Json;

/// <summary>
/// Rewrites the text of an IS or DS value (PS3.5 Table 6.2-1) as a JSON number (RFC 8259 section 6) without
/// going through a double, so every digit the sender wrote is kept: "+1" becomes "1", "1." becomes "1",
/// ".5" becomes "0.5", "007" becomes "7", "1.E5" becomes "1E5".
/// </summary>
public static class JsonNumberText
{
    /// <summary>Longest IS/DS value we normalise; the VRs allow 12 and 16 characters, real files sometimes exceed that.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// Writes the JSON form of the ASCII number <paramref name="text"/> (already trimmed of padding) into
    /// <paramref name="destination"/>; false if the text is not a decimal number at all (e.g. "1A").
    /// </summary>
    public static bool TryNormalise(ReadOnlySpan<byte> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.Length == 0 || text.Length > MaxLength || destination.Length < text.Length + 2) return false;
        var i = 0;
        var negative = false;
        if (text[0] is (byte)'+' or (byte)'-')
        {
            negative = text[0] == '-';
            i = 1;
        }
        var intStart = i;
        while (i < text.Length && IsDigit(text[i])) i++;
        var intDigits = text[intStart..i];
        ReadOnlySpan<byte> fraction = default;
        if (i < text.Length && text[i] == '.')
        {
            var fracStart = ++i;
            while (i < text.Length && IsDigit(text[i])) i++;
            fraction = text[fracStart..i];
        }
        if (intDigits.Length == 0 && fraction.Length == 0) return false;
        ReadOnlySpan<byte> exponentSign = default;
        ReadOnlySpan<byte> exponentDigits = default;
        if (i < text.Length && text[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-') exponentSign = text.Slice(i++, 1);
            var expStart = i;
            while (i < text.Length && IsDigit(text[i])) i++;
            exponentDigits = text[expStart..i];
            if (exponentDigits.Length == 0) return false;
        }
        if (i != text.Length) return false;

        // JSON forbids leading zeros in the integer part, a leading '+', and a '.' without digits on either side.
        var firstNonZero = intDigits.IndexOfAnyExcept((byte)'0');
        intDigits = firstNonZero < 0 ? "0"u8 : intDigits[firstNonZero..];
        var n = 0;
        if (negative) destination[n++] = (byte)'-';
        intDigits.CopyTo(destination[n..]);
        n += intDigits.Length;
        if (fraction.Length > 0)
        {
            destination[n++] = (byte)'.';
            fraction.CopyTo(destination[n..]);
            n += fraction.Length;
        }
        if (exponentDigits.Length > 0)
        {
            destination[n++] = (byte)'E';
            if (exponentSign.Length > 0) destination[n++] = exponentSign[0];
            exponentDigits.CopyTo(destination[n..]);
            n += exponentDigits.Length;
        }
        written = n;
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
