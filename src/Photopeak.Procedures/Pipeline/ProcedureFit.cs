namespace Photopeak.Procedures.Pipeline;

/// <summary>Whether a study fits a procedure, and why (the evidence when it fits, what is missing or different when not).</summary>
public readonly record struct ProcedureFit(bool Fits, string Reason)
{
    public static ProcedureFit Yes(string evidence) => new(true, evidence);
    public static ProcedureFit No(string reason) => new(false, reason);
}
