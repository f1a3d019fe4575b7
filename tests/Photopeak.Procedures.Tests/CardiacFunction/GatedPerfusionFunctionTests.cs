using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Procedures.Tests.CardiacFunction;

/// <summary>The outline the gated perfusion EF is measured on, read off a simulated gated LAO 45 (noiseless).</summary>
public sealed class GatedPerfusionFunctionTests(Xunit.Abstractions.ITestOutputHelper output)
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

    // The valve plane is a plane: the rays across the open base end on one straight line, the valve line (interpolating their
    // radii round the centre drew an arc, whose area moved with the centre's noise). The line moves with the base from frame
    // to frame, so at end-diastole the rays beside the gap may stop short of it, and so may the gap's outermost rays where the
    // line has moved beyond the closure round the centre (11 steps of 13 open rays on this heart); the rest lie on it.
    [Fact]
    public void The_open_base_is_closed_by_a_straight_line_between_the_walls_either_side()
    {
        var fn = Measure(new SimulationOptions { Seed = 8601, GatedFrames = 8, Noise = false });
        Assert.InRange(fn.InterpolatedRays, 4, 18);
        foreach (var border in new[] { fn.EndDiastolicBorder, fn.EndSystolicBorder })
        {
            var n = border.Length;
            bool Collinear(int start, int span)
            {
                double[] a = border[start], b = border[(start + span) % n];
                double ex = b[1] - a[1], ey = b[0] - a[0], length = Math.Sqrt(ex * ex + ey * ey);
                return Enumerable.Range(1, span - 1).All(i =>
                {
                    var v = border[(start + i) % n];
                    return Math.Abs(ex * (v[0] - a[0]) - ey * (v[1] - a[1])) / length < 1e-6;
                });
            }
            var longest = Enumerable.Range(2, n / 2).Where(span => Enumerable.Range(0, n).Any(start => Collinear(start, span))).DefaultIfEmpty(0).Max();
            output.WriteLine($"{fn.InterpolatedRays} rays without a wall; the longest straight run spans {longest} ray steps");
            Assert.InRange(longest, fn.InterpolatedRays - 2, fn.InterpolatedRays + 4);
        }
    }
}
