using System.Text.Json;
using Photopeak.Procedures.Pipeline;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Procedures.Tests.PlanarMyocardialPerfusion;

/// <summary>A one-day sestamibi study with a first pass of the stress injection (LEHR, the rest residue in every frame): the
/// perfusion study reports the first-pass EF and keeps its own code.</summary>
public sealed class PlanarMpiFirstPassTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("photopeak-mpi-fp-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    // Seed 5: LVEF 58.3 % (phantom), measured 57.3; RVEF 50.2 % (voxelised RV), measured within 6.
    [Fact]
    public void A_first_pass_during_the_stress_injection_gives_the_perfusion_study_its_ejection_fraction_without_a_second_code()
    {
        var sim = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 5, FirstPassAtStress = true });
        Simulator.Write(sim, root);
        var run = ProcedureRunner.Default.Run(root, new ProcedureRequest());
        Assert.Equal("myocardial-perfusion-planar", run.Outcome.Result.Procedure);
        Assert.Equal(["78454"], run.Outcome.Result.Cpt);
        using var doc = JsonDocument.Parse(run.Outcome.ResultJson);
        var m = doc.RootElement.GetProperty("measurements");
        var lvef = m.GetProperty("lvef_percent");
        Assert.InRange(lvef.GetProperty("value").GetDouble(), sim.Truth.Quantities["firstPass.lvef.physicalPercent"] - 5, sim.Truth.Quantities["firstPass.lvef.physicalPercent"] + 5);
        Assert.StartsWith("first pass", lvef.GetProperty("method").GetString());
        Assert.InRange(m.GetProperty("rvef_first_pass_percent").GetProperty("value").GetDouble(),
            sim.Truth.Quantities["firstPass.rvef.physicalPercent"] - 6, sim.Truth.Quantities["firstPass.rvef.physicalPercent"] + 6);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("lvef_gated_percent").GetProperty("value").ValueKind);
        Assert.Contains(run.Outcome.Report.Measurements, x => x.Name == "LVEF (first pass)");
    }

    [Fact]
    public void A_perfusion_study_without_function_frames_says_so_in_the_ejection_fraction_keys()
    {
        var sim = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 6, Reduced = true });
        Simulator.Write(sim, root);
        var run = ProcedureRunner.Default.Run(root, new ProcedureRequest());
        using var doc = JsonDocument.Parse(run.Outcome.ResultJson);
        var lvef = doc.RootElement.GetProperty("measurements").GetProperty("lvef_percent");
        Assert.Equal(JsonValueKind.Null, lvef.GetProperty("value").ValueKind);
        Assert.Contains("no gated or first-pass acquisition", lvef.GetProperty("note").GetString());
    }
}
