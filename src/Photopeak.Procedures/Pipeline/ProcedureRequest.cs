using Photopeak.Imaging.Acquisitions;

namespace Photopeak.Procedures.Pipeline;

/// <summary>
/// What the caller asks of an analysis besides the study: edited ROIs, procedure-specific options, and notes from loading
/// (unreadable files, other studies in the folder) that the result must carry as warnings.
/// </summary>
public sealed record ProcedureRequest
{
    /// <summary>An edited result.json (or its "rois") to recompute from, as <c>process --rois</c> gives it; null for automatic ROIs.</summary>
    public string? RoisPath { get; init; }

    /// <summary>True when the procedure was stated (<c>--procedure</c>) rather than recognised from the header.</summary>
    public bool ProcedureStated { get; init; }

    /// <summary>Option records of the procedures (e.g. <c>MibgOptions</c>, <c>PulmonaryPerfusionOptions</c>); each procedure takes its own.</summary>
    public IReadOnlyList<object> Options { get; init; } = [];

    /// <summary>Planar views the user stated (<c>process --views ANT,POST</c>), one per detector of each planar acquisition in
    /// study order; they replace what the header says or lacks. Null to take the views from the header.</summary>
    public IReadOnlyList<ViewKind>? StatedViews { get; init; }

    /// <summary>Warnings from loading the input that the result must carry.</summary>
    public IReadOnlyList<string> LoadWarnings { get; init; } = [];

    /// <summary>The caller's options of type <typeparamref name="T"/>, or the defaults when none were given.</summary>
    public T OptionsOf<T>() where T : class, new() => Options.OfType<T>().FirstOrDefault() ?? new T();

    /// <summary>Throws <see cref="ProcedureOptionException"/> listing every problem of the option records (<see cref="IProcedureOptions"/>).</summary>
    public void Validate()
    {
        var problems = Options.OfType<IProcedureOptions>().SelectMany(o => o.Problems()).ToList();
        if (problems.Count > 0) throw new ProcedureOptionException(string.Join("; ", problems));
    }
}
