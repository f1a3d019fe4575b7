using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.PlanarMyocardialPerfusion;

/// <summary>Women, compared with the women's normal limits (breast attenuation of the anterior wall is normal for them), on
/// seeds never used to build those limits (620–631): the same checks as for men, and proof that the men's limits would call
/// the breast's shadow a defect.</summary>
public sealed class PlanarMpiFemaleAccuracyTests(SimulatedFemaleMpiStudies studies, ITestOutputHelper output)
    : PlanarMpiAccuracyChecks(studies, output), IClassFixture<SimulatedFemaleMpiStudies>
{
    [Fact]
    public void The_mens_limits_would_call_breast_attenuation_a_stress_defect_in_most_normal_women()
    {
        var overCalled = 0;
        for (var i = 0; i < MpiStudySet.Normals; i++)
        {
            var study = StudyLoader.Load(Studies.Folder($"normal{i}")).Studies.Single();
            var images = MpiStudyRecognition.Images(study, []);
            Assert.All(images, image => Assert.Equal(PatientSex.Female, image.Acquisition.Header.Sex));
            var abnormal = PlanarMpiAnalysis.Profiles(images).Where(c => c.Image.State == PerfusionState.Stress)
                .Select(c => ProfileComparison.Of(c.Image, c.Profile, NormalPopulation.Male))
                .SelectMany(c => MpiWall.All.Where(w => w.View == c.Image.View && c.ExtentPercent(w) >= PlanarMpiAnalysis.DefectExtentPercent)
                    .Select(w => $"{PerfusionImage.ViewLabel(w.View)} {w.Name}"))
                .ToList();
            Output.WriteLine($"normal woman {Studies.FirstNormalSeed + i} against the men's limits: {string.Join(", ", abnormal)}");
            if (abnormal.Count > 0) overCalled++;
        }
        Assert.True(overCalled >= MpiStudySet.Normals / 2, $"{overCalled} of {MpiStudySet.Normals} normal women over-called by the men's limits");
    }

    [Fact]
    public void A_woman_is_compared_with_the_womens_limits_without_a_warning()
    {
        var outcome = Run(Studies.Folder("normal0"));
        Assert.StartsWith("women's limits", outcome.Result.Methods!["normals"], StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Result.Warnings, w => w.Contains("(0010,0040)", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_Patients_Sex_the_mens_limits_are_used_and_the_report_says_so()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-mpi-nosex-").FullName;
        try
        {
            foreach (var path in Directory.EnumerateFiles(Studies.Folder("normal0"), "*.dcm"))
            {
                var file = Photopeak.Dicom.DicomFile.Open(path);
                file.Dataset.Remove(Photopeak.Dicom.DicomTags.PatientSex);
                file.Save(Path.Combine(dir, Path.GetFileName(path)));
            }
            var outcome = Run(dir);
            Assert.StartsWith("men's limits", outcome.Result.Methods!["normals"], StringComparison.Ordinal);
            Assert.Contains(outcome.Result.Warnings, w => w.StartsWith("Patient's Sex (0010,0040) is not recorded", StringComparison.Ordinal));
            // The breast's shadow now reads as a stress defect: why the warning matters.
            Assert.Contains(Defects(outcome), d => d.View == "ANT" && d.State != "rest only");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
