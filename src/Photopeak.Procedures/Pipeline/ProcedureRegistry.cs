using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacBloodPool;
using Photopeak.Procedures.CardiacSympathetic;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Photopeak.Procedures.PulmonaryPerfusion;
using Photopeak.Procedures.TumourLocalisation;

namespace Photopeak.Procedures.Pipeline;

/// <summary>
/// The procedures Photopeak knows, in the order they are tried on a study whose procedure is not stated. The command line,
/// the DICOM node and the workers all select through this one list.
/// </summary>
public sealed class ProcedureRegistry(IReadOnlyList<IProcedure> procedures)
{
    /// <summary>Every procedure, most specific recognition first.</summary>
    public static ProcedureRegistry Default { get; } = new(
    [
        new PulmonaryPerfusionProcedure(),
        // Before mIBG: an mIBG study of SPECT beds without static heart images is tumour imaging, not cardiac.
        new TumourLocalisationProcedure(),
        new MibgProcedure(),
        new GatedBloodPoolProcedure(),
        new FirstPassProcedure(),
        new PlanarMpiProcedure(),
    ]);

    public IReadOnlyList<IProcedure> Procedures { get; } = procedures;

    /// <summary>The procedure called <paramref name="name"/> (its short name or its result.json name, any case), or null.</summary>
    public IProcedure? Find(string name) => Procedures.FirstOrDefault(p =>
        string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(p.ResultName, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The names <c>--procedure</c> accepts, for messages.</summary>
    public string Names => string.Join(", ", Procedures.Select(p => p.Name));

    /// <summary>
    /// Chooses the procedure and the study: the stated one (<paramref name="statedName"/>) on the first study that fits it, else
    /// on the first study with a note that the header does not show it; without a stated name, the first procedure that fits a
    /// study. Throws <see cref="ProcedureOptionException"/> for an unknown name and <see cref="ProcedureNotRecognisedException"/>
    /// (each procedure's reason) when nothing fits.
    /// </summary>
    public ProcedureSelection Select(IReadOnlyList<Study> studies, string? statedName, string source)
    {
        if (studies.Count == 0) throw new NoReadableStudyException($"{source}: no readable DICOM study");
        if (statedName is not null)
        {
            var stated = Find(statedName) ?? throw new ProcedureOptionException($"--procedure {statedName}: not a procedure Photopeak knows ({Names})");
            var fitting = studies.Where(s => stated.Fits(s).Fits).ToList();
            if (fitting.Count > 0) return Selected(stated, fitting, source, stated: true, []);
            var reason = stated.Fits(studies[0]).Reason;
            return Selected(stated, [studies[0]], source, stated: true,
                [$"procedure stated with --procedure {stated.Name}; the header does not show it ({reason})"]);
        }
        foreach (var procedure in Procedures)
        {
            var fitting = studies.Where(s => procedure.Fits(s).Fits).ToList();
            if (fitting.Count > 0) return Selected(procedure, fitting, source, stated: false, []);
        }
        var reasons = string.Join("; ", Procedures.Select(p => $"{p.Title}: {p.Fits(studies[0]).Reason}"));
        throw new ProcedureNotRecognisedException(
            $"study {studies[0].StudyInstanceUid} is not recognised as a procedure Photopeak analyses ({reasons}). " +
            $"State it with --procedure ({Names}) if the header lacks what identifies it");
    }

    private static ProcedureSelection Selected(IProcedure procedure, IReadOnlyList<Study> fitting, string source, bool stated, List<string> notes)
    {
        if (fitting.Count > 1) notes.Add($"{fitting.Count} studies in {source} fit {procedure.Title}; the first ({fitting[0].StudyInstanceUid}) was analysed");
        return new ProcedureSelection(procedure, fitting[0], stated, notes);
    }
}

/// <summary>The procedure chosen for a study, whether it was stated, and notes the result must carry.</summary>
public sealed record ProcedureSelection(IProcedure Procedure, Study Study, bool Stated, IReadOnlyList<string> Notes);
