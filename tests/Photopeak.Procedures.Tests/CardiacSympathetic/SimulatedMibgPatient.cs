using Photopeak.Procedures.Results;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Output;
using Photopeak.Simulation.Truth;

namespace Photopeak.Procedures.Tests.CardiacSympathetic;

/// <summary>A simulated mIBG patient (reduced phantom and matrix, clinical 10-min frames by default) written as DICOM into its own temporary folder. The truth stays in memory here: the
/// folder holds only DICOM, so the analysis cannot read truth.json.</summary>
public sealed class SimulatedMibgPatient : IDisposable
{
    public SimulatedMibgPatient(long seed, string collimator, double hmEarly, double hmLate, bool spect = false, int? matrix = null, double frameSeconds = 600,
        IReadOnlyDictionary<int, double>? myocardialDefect = null, bool reduced = true)
    {
        Options = new SimulationOptions { Seed = seed, Reduced = reduced, Collimator = collimator, HmEarly = hmEarly, HmLate = hmLate, Matrix = matrix, FrameSeconds = frameSeconds, MyocardialDefect = myocardialDefect };
        Simulation = Simulator.Simulate(spect ? "mibg-spect" : "mibg-planar", Options);
        Directory = System.IO.Directory.CreateTempSubdirectory($"mibg-{seed}-{collimator}-").FullName;
        foreach (var s in Simulation.Series) NmDicomWriter.Write(Directory, Simulation.Study, s);
    }

    public SimulationOptions Options { get; }
    public SimulationResult Simulation { get; }
    public SimulationTruth Truth => Simulation.Truth;
    public string Directory { get; }

    public double Quantity(string key) => Truth.Quantities[key];

    /// <summary>The simulator's truth ROIs as procedure ROIs (early_ant.dcm → "early", late_ant.dcm → "late").</summary>
    public IReadOnlyList<RoiDefinition> TruthRois(double pixelMm) => Truth.Rois.Select(r =>
    {
        var image = r.File.StartsWith("early", StringComparison.Ordinal) ? "early" : "late";
        return r.Shape switch
        {
            "circle" => RoiDefinition.Circle(r.Name, image, "truth", r.CentreRow!.Value, r.CentreColumn!.Value, r.RadiusPx!.Value, pixelMm),
            "rectangle" => RoiDefinition.Rectangle(r.Name, image, "truth", r.Row0!.Value, r.Row1!.Value, r.Col0!.Value, r.Col1!.Value, pixelMm),
            _ => throw new InvalidOperationException($"truth ROI shape {r.Shape}"),
        };
    }).ToList();

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
