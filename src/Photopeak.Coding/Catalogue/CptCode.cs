namespace Photopeak.Coding.Catalogue;

/// <summary>One CPT code in scope. <see cref="Description"/> is our own paraphrase; the AMA codebook wording rules.</summary>
public sealed record CptCode(string Code, string Description, CptCategory Category, ProcedureFamily Family, bool IsAddOn)
{
    /// <summary>The code as printed on claims and reports; add-on codes carry a leading '+'.</summary>
    public string Display => IsAddOn ? "+" + Code : Code;

    public override string ToString() => $"{Display} {Description}";
}
