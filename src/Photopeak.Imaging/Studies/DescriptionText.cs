using System.Text;

namespace Photopeak.Imaging.Studies;

/// <summary>Free text of a header (series descriptions, code meanings) folded for matching words in any European language:
/// upper case, accents removed (É → E, Ã → A), separators as single spaces, padded with a space at each end.</summary>
public static class DescriptionText
{
    // Base letters of Latin-1 (U+00C0–U+00DF) and Latin Extended-A (U+0100–U+017F), by code point; '_' marks a letter
    // folded to two (Æ AE, Þ TH, ß SS) and ' ' the multiplication sign. A table rather than Unicode decomposition, which
    // the invariant-globalisation build does not provide.
    private const string Latin1Base = "AAAAAA_CEEEEIIIIDNOOOOO OUUUUY__";
    private const string LatinExtendedABase = "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIIIIIJJKKKLLLLLLLLLLNNNNNNNNNOOOOOOOORRRRRRSSSSSSSSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZS";

    /// <summary>Folds <paramref name="text"/> as the class describes.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return " ";
        var upper = text.ToUpperInvariant();
        var folded = new StringBuilder(upper.Length + 2).Append(' ');
        foreach (var c in upper)
        {
            switch (c)
            {
                case 'Æ' or 'æ': folded.Append("AE"); continue;
                case 'Œ' or 'œ': folded.Append("OE"); continue;
                case 'Þ' or 'þ': folded.Append("TH"); continue;
                case 'ß': folded.Append("SS"); continue;
            }
            var letter = c switch
            {
                >= '\u00C0' and <= '\u00DF' => Latin1Base[c - '\u00C0'],
                >= '\u00E0' and <= '\u00FE' => Latin1Base[c - '\u00E0'],
                '\u00FF' => 'Y',
                >= '\u0100' and <= '\u017F' => LatinExtendedABase[c - '\u0100'],
                _ => c,
            };
            if (!char.IsLetterOrDigit(letter)) { if (folded[^1] != ' ') folded.Append(' '); }
            else folded.Append(letter);
        }
        if (folded[^1] != ' ') folded.Append(' ');
        return folded.ToString();
    }

    /// <summary>True when the folded <paramref name="foldedText"/> holds one of <paramref name="words"/> as whole words (each given folded, without padding).</summary>
    public static bool HasWord(string foldedText, IEnumerable<string> words) =>
        words.Any(w => foldedText.Contains(" " + w + " ", StringComparison.Ordinal));

    /// <summary>True when the folded <paramref name="foldedText"/> holds one of <paramref name="stems"/> anywhere, also inside a word
    /// (e.g. "PERFUSION" in "PERFUSIONSSZINTIGRAPHIE").</summary>
    public static bool HasStem(string foldedText, IEnumerable<string> stems) =>
        stems.Any(w => foldedText.Contains(w, StringComparison.Ordinal));
}
