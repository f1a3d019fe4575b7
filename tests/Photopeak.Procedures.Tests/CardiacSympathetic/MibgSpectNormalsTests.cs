using System.Globalization;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Procedures.CardiacSympathetic;

namespace Photopeak.Procedures.Tests.CardiacSympathetic;

/// <summary>The committed mIBG normal limits are what their documented recipe gives (simulated normals, seeds from 900,
/// late H/M 1.8–2.8, LEHR and ME alternating), so a table cannot drift from the sampler that uses it. On failure the
/// message carries the recomputed table to paste into <see cref="MibgSpectNormals"/>.</summary>
public class MibgSpectNormalsTests
{
    [Theory]
    [InlineData(true, 12)]
    [InlineData(false, 8)]
    public void Normal_limits_are_reproduced_from_simulated_normals(bool reduced, int n)
    {
        var all = new double[n][];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var hm = 1.8 + 1.0 * i / (n - 1);
            using var p = new SimulatedMibgPatient(900 + i, i % 2 == 0 ? "LEHR" : "ME", hm + 0.2, hm, spect: true, reduced: reduced);
            all[i] = MibgProcedure.Run(p.Directory).Spect!.UptakePercent.ToArray();
        });
        var table = reduced ? MibgSpectNormals.Matrix64 : MibgSpectNormals.Matrix128;
        var mean = Enumerable.Range(0, 17).Select(s => all.Average(a => a[s])).ToArray();
        var sd = Enumerable.Range(0, 17).Select(s => Math.Sqrt(all.Sum(a => (a[s] - mean[s]) * (a[s] - mean[s])) / (n - 1))).ToArray();
        string Row(double[] v) => "[" + string.Join(", ", v.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture))) + "]";
        for (int s = 0; s < 17; s++)
            Assert.True(Math.Abs(mean[s] - table.MeanPercent[s]) < 0.06 && Math.Abs(sd[s] - table.SdPercent[s]) < 0.06,
                $"segment {s + 1}: mean {mean[s]:0.00} SD {sd[s]:0.00} vs table {table.MeanPercent[s]} {table.SdPercent[s]}; recomputed:\n{Row(mean)},\n{Row(sd)}");
    }
}
