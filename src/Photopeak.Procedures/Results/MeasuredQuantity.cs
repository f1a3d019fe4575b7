namespace Photopeak.Procedures.Results;

/// <summary>One result number with its unit and the method that produced it; <see cref="Value"/> is null when the quantity
/// could not be measured (then <see cref="Note"/> says why).</summary>
public sealed record MeasuredQuantity(double? Value, string Unit, string Method)
{
    /// <summary>Why there is no value, or a caveat the reader must see next to the number.</summary>
    public string? Note { get; init; }
}
