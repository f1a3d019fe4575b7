using System.Globalization;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
namespace Photopeak.Procedures.Tests.PlanarMyocardialPerfusion;
public sealed class DebugDump
{
    [Fact]
    public void Dump()
    {
        var dir = Environment.GetEnvironmentVariable("MPI_DEBUG_DIR");
        if (dir is null) return;
        var warnings = new List<string>();
        using var w = new StreamWriter("/tmp/proto/mpi_debug.txt");
        foreach (var c in PlanarMpiAnalysis.Profiles(MpiStudyRecognition.Images(StudyLoader.Load(dir).Studies.Single(), warnings)))
        {
            var (image, p) = (c.Image, c.Profile);
            w.WriteLine(string.Join(";", image.Name, Path.GetFileName(image.Acquisition.SourcePath), p.CentreRow.ToString(CultureInfo.InvariantCulture), p.CentreColumn.ToString(CultureInfo.InvariantCulture),
                string.Join(",", p.RadiusPx.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture))), string.Join(",", p.PercentOfMaximum.Select(v => v.ToString("0.#", CultureInfo.InvariantCulture)))));
        }
    }
}
