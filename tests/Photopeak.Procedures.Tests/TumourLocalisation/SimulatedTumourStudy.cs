using Photopeak.Imaging.Studies;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.TumourLocalisation;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

/// <summary>A simulated tumour study analysed as written to disk: the DICOM files in a temporary folder, deleted afterwards
/// (the outcome is held in memory).</summary>
internal static class SimulatedTumourStudy
{
    public static ProcedureOutcome Analyse(SimulationResult sim, TumourLocalisationProcedure? procedure = null)
    {
        var folder = Directory.CreateTempSubdirectory("photopeak-tumour-study-").FullName;
        try
        {
            Simulator.Write(sim, folder);
            return (procedure ?? new TumourLocalisationProcedure()).Analyse(StudyLoader.Load(folder).Studies.Single(), new ProcedureRequest());
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
