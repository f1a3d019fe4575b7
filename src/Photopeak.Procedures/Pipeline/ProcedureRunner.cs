using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.Pipeline;

/// <summary>
/// Runs a procedure on a folder or file of DICOM: load, select through the registry, analyse. Writing the outputs is
/// <see cref="ProcedureOutputs"/>; the caller decides where and whether.
/// </summary>
public sealed class ProcedureRunner(ProcedureRegistry registry)
{
    /// <summary>A runner over <see cref="ProcedureRegistry.Default"/>.</summary>
    public static ProcedureRunner Default { get; } = new(ProcedureRegistry.Default);

    public ProcedureRegistry Registry { get; } = registry;

    /// <summary>Loads <paramref name="path"/> and analyses the study in it with the stated procedure or the one that fits.
    /// <paramref name="progress"/> receives short lines for a terminal.</summary>
    public ProcedureRun Run(string path, ProcedureRequest request, string? procedureName = null, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return Run(StudyLoader.Load(path), path, request, procedureName, progress);
    }

    /// <summary>As <see cref="Run(string, ProcedureRequest, string?, Action{string}?)"/> on studies already loaded from <paramref name="path"/>.</summary>
    public ProcedureRun Run(StudyLoadResult loaded, string path, ProcedureRequest request, string? procedureName = null, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (loaded.Studies.Count == 0)
            throw new NoReadableStudyException($"{path}: no readable DICOM study" + (loaded.Unreadable.Count > 0
                ? $" ({loaded.Unreadable.Count} unreadable files, e.g. {Path.GetFileName(loaded.Unreadable[0].Path)}: {loaded.Unreadable[0].Reason})" : ""));
        var selection = Registry.Select(loaded.Studies, procedureName, path);
        var notes = new List<string>(request.LoadWarnings);
        notes.AddRange(LoadNotes(loaded));
        notes.AddRange(selection.Notes);
        var study = selection.Study;
        RequireOnePatient(study);
        if (request.StatedViews is { } views)
        {
            try { study = study.WithStatedViews(views); }
            catch (ArgumentException ex) { throw new ProcedureOptionException($"--views {string.Join(",", views.Select(PlanarView.ShortLabel))}: {ex.Message.Split(" (Parameter")[0]}"); }
            notes.Add($"views stated with --views: {string.Join(", ", views.Select(PlanarView.ShortLabel))} (in place of the header's)");
        }
        progress?.Invoke($"analysing as {selection.Procedure.Title}...");
        ProcedureOutcome outcome;
        try
        {
            outcome = selection.Procedure.Analyse(study,
                request with { LoadWarnings = notes, ProcedureStated = request.ProcedureStated || selection.Stated });
        }
        catch (ArgumentException ex)
        {
            // A value the analysis cannot work with (a degenerate matrix, an empty ROI) is a problem of this study, not of the call.
            throw new ProcedureInputException($"study {study.StudyInstanceUid}: {selection.Procedure.Title} stopped on an invalid value: {ex.Message}", ex);
        }
        return new ProcedureRun(selection.Procedure, study, outcome);
    }

    // One Study Instance UID can still hold instances of two patients (a mislabelled late image): never analyse them together.
    private static void RequireOnePatient(Study study)
    {
        var byPatient = study.Acquisitions.GroupBy(a => a.Header.PatientId.Trim()).ToList();
        if (byPatient.Count <= 1) return;
        throw new ProcedureInputException($"study {study.StudyInstanceUid} mixes instances of {byPatient.Count} Patient IDs (0010,0020): " +
            string.Join("; ", byPatient.Select(g => $"'{g.Key}' in {string.Join(", ", g.Take(3).Select(a => Path.GetFileName(a.SourcePath) ?? a.SopInstanceUid))}")) +
            "; a study is analysed only when all its images are of one patient");
    }

    /// <summary>What loading left behind that a result must mention (files that could not be read).</summary>
    public static IReadOnlyList<string> LoadNotes(StudyLoadResult loaded) => loaded.Unreadable.Count == 0 ? []
        : [$"{loaded.Unreadable.Count} file(s) not read: {string.Join("; ", loaded.Unreadable.Take(3).Select(u => $"{Path.GetFileName(u.Path)} ({u.Reason})"))}"];
}

/// <summary>A finished analysis: which procedure ran on which study, and what it produced.</summary>
public sealed record ProcedureRun(IProcedure Procedure, Study Study, ProcedureOutcome Outcome);
