using Photopeak.Simulation.Output;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Entry point: simulate a study kind and write its NM DICOM files and truth.json.</summary>
public static class Simulator
{
    /// <summary>The study kinds `photopeak simulate` accepts.</summary>
    public static readonly IReadOnlyList<string> Kinds =
        ["mibg-planar", "mibg-spect", "mpi-planar", "gated-blood-pool", "first-pass", "lung-perfusion", "tumour-spect", "cylinder-spect", "nema-iec"];

    /// <summary>Simulates a study in memory.</summary>
    public static SimulationResult Simulate(string kind, SimulationOptions options) => kind switch
    {
        "mibg-planar" => MibgStudy.Simulate(options, spect: false),
        "mibg-spect" => MibgStudy.Simulate(options, spect: true),
        "mpi-planar" => MpiPlanarStudy.Simulate(options),
        "gated-blood-pool" => GatedBloodPoolStudy.Simulate(options),
        "first-pass" => FirstPassStudy.Simulate(options),
        "lung-perfusion" => LungPerfusionStudy.Simulate(options),
        "tumour-spect" => TumourSpectStudy.Simulate(options),
        "cylinder-spect" => CylinderSpectStudy.Simulate(options),
        "nema-iec" => NemaIecStudy.Simulate(options),
        _ => throw new ArgumentException($"unknown simulation kind '{kind}' (known: {string.Join(", ", Kinds)})"),
    };

    /// <summary>Simulates and writes every series plus truth.json into the directory; returns the written paths.</summary>
    public static IReadOnlyList<string> Write(SimulationResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new string[result.Series.Count];
        Parallel.For(0, result.Series.Count, i => paths[i] = NmDicomWriter.Write(directory, result.Study, result.Series[i]));
        var ct = result.Ct is { } c ? CtDicomWriter.Write(directory, result.Study, c) : [];
        var truth = Path.Combine(directory, "truth.json");
        File.WriteAllText(truth, result.Truth.ToJson());
        return [.. paths, .. ct, truth];
    }
}
