namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>A number with its unit and the method that produced it (the report states the method).</summary>
public sealed record MeasuredValue(double Value, string Unit, string Method);
