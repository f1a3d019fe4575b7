namespace Photopeak.Coding.Catalogue;

/// <summary>A CPT code that is not in Photopeak's catalogue.</summary>
public sealed class UnknownCptCodeException(string code)
    : Exception($"CPT code '{code}' is not in Photopeak's catalogue (codes in scope: 0331T, 0332T, 78453, 78454, 78580, 78582, 78597, 78598, 78803, 78830, 78831, 78832, 78835)")
{
    public string Code { get; } = code;
}
