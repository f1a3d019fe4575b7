using System.Globalization;
using System.Text;

namespace Photopeak.Imaging.Studies;

/// <summary>Free text of a header (series descriptions, code meanings) folded for matching words in any European language:
/// upper case, accents removed (É → E, Ã → A), separators as single spaces, padded with a space at each end.</summary>
public static class DescriptionText
{
    /// <summary>Folds <paramref name="text"/> as the class describes.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return " ";
        var decomposed = text.ToUpperInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length + 2).Append(' ');
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var letter = c is 'ß' ? 'S' : c;
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
