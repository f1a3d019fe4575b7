using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Procedures.Tests.CardiacFunction;

/// <summary>The outline the gated perfusion EF is measured on, read off a simulated gated LAO 45 (noiseless).</summary>
public sealed class GatedPerfusionFunctionTests
{
    private static GatedPerfusionFunction Measure(SimulationOptions options)
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-gated-outline-").FullName;
        try
        {
            Simulator.Write(Simulator.Simulate("mpi-planar", options), dir);
            var cycle = GatedCycle.Read(MpiStudyRecognition.GatedViews(StudyLoader.Load(dir).Studies[0])[0]);
            var profile = CircumferentialProfile.Measure(cycle.SummedFrames, cycle.Rows, cycle.Columns, cycle.PixelMm, cycle.Source);
            return GatedPerfusionFunction.Measure(cycle, (profile.CentreRow, profile.CentreColumn));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // The valve plane is a plane: the rays across the open base lie on the straight line between the walled rays either side
    // (interpolating their radii round the centre drew an arc, whose area moved with the centre's noise).
    [Fact]
    public void The_open_base_is_closed_by_a_straight_line_between_the_walls_either_side()
    {
        var fn = Measure(new SimulationOptions { Seed = 8601, GatedFrames = 8, Noise = false });
        Assert.InRange(fn.InterpolatedRays, 4, 18);
        foreach (var border in new[] { fn.EndDiastolicBorder, fn.EndSystolicBorder })
        {
            var n = border.Length;
            var span = fn.InterpolatedRays + 1;
            // A normal heart's only gap in the wall is its base, so its rays form one run: some run of InterpolatedRays + 2
            // consecutive vertices is collinear, the straight closure and the walled rays at its ends.
            var best = Enumerable.Range(0, n).Min(start =>
            {
                double[] a = border[start], b = border[(start + span) % n];
                double ex = b[1] - a[1], ey = b[0] - a[0], length = Math.Sqrt(ex * ex + ey * ey);
                return Enumerable.Range(1, span - 1).Max(i =>
                {
                    var v = border[(start + i) % n];
                    return Math.Abs(ex * (v[0] - a[0]) - ey * (v[1] - a[1])) / length;
                });
            });
            Assert.InRange(best, 0, 1e-6);
        }
    }
}
