namespace Photopeak.Procedures.Pipeline;

/// <summary>A procedure's option record. Its problems are usage errors, found before any file is read (exit 2).</summary>
public interface IProcedureOptions
{
    /// <summary>One line per value out of range or inconsistent, naming the option; empty when all is well.</summary>
    IEnumerable<string> Problems();
}
