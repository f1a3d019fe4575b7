using Photopeak.Imaging.Acquisitions;
using Photopeak.Procedures.PulmonaryPerfusion;

namespace Photopeak.Procedures.Tests.PulmonaryPerfusion;

/// <summary>Where the defect detector's normal template comes from: the normal studies of the training sets, and nothing else.</summary>
[Collection(SimulatedLungStudies.Collection)]
public class LungDefectTemplateTests(SimulatedLungStudies fixture, SegmentTrainingStudies training, Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<SegmentTrainingStudies>
{
    [Fact]
    public void Normal_sector_template_is_the_mean_of_the_thirty_normal_training_studies()
    {
        var sum = new double[2, 2, LungSectors.Count];
        var normals = fixture.Studies.Where(x => x.Defects.Count == 0).Select(x => x.Study).Concat(training.Cases.Where(c => c.Segment is null).Select(c => c.Study)).ToArray();
        Assert.Equal(30, normals.Length);
        foreach (var study in normals)
        {
            var (perfusion, _, _) = LungStudyRecognition.Recognise(study, []);
            var a = perfusion.Find(ViewKind.Anterior)!; var p = perfusion.Find(ViewKind.Posterior)!;
            int rows = a.Image.Height, cols = a.Image.Width;
            var post = LungRoiSegmenter.MirrorColumns(p.Image.Pixels, rows, cols);
            var f = PerfusionDefectDetector.SectorFractions(a.Image.Pixels, post, LungRoiSegmenter.Segment(a.Image.Pixels, post, rows, cols));
            for (var l = 0; l < 2; l++) for (var v = 0; v < 2; v++) for (var k = 0; k < LungSectors.Count; k++) sum[l, v, k] += f[l][v][k];
        }
        string Row(int l, int v) => "[" + string.Join(", ", Enumerable.Range(0, LungSectors.Count).Select(k => (sum[l, v, k] / normals.Length).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture))) + "]";
        output.WriteLine($"FIT\n[{Row(0, 0)}, {Row(0, 1)}],\n[{Row(1, 0)}, {Row(1, 1)}],");
        for (var l = 0; l < 2; l++) for (var v = 0; v < 2; v++) for (var k = 0; k < LungSectors.Count; k++)
            Assert.Equal(sum[l, v, k] / normals.Length, PerfusionDefectDetector.NormalSectorFractions[l][v][k], 4);
    }
}
