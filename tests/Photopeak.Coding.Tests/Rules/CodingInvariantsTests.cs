using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Rules;

namespace Photopeak.Coding.Tests.Rules;

/// <summary>Exhaustive checks over every combination of the performed-study flags (a small, finite space).</summary>
public class CodingInvariantsTests
{
    private static IEnumerable<PerformedStudy> AllStudies()
    {
        bool[] tf = [false, true];
        foreach (var family in Enum.GetValues<ProcedureFamily>())
            foreach (var planar in new[] { 0, 1, 8 })
                foreach (var spect in tf)
                    foreach (var areas in new[] { 0, 1, 2 })
                        foreach (var days in new[] { 0, 1, 2 })
                            foreach (var ct in tf)
                                foreach (var ctUsed in tf)
                                    foreach (var vent in tf)
                                        foreach (var quantDiff in tf)
                                            foreach (var studies in new[] { 0, 1, 2 })
                                                foreach (var quant in tf)
                                                    yield return new PerformedStudy(family, planar, spect)
                                                    {
                                                        SpectAreasOnBusiestDay = areas, SpectDays = days, CtAcquired = ct, CtUsedForLocalisation = ctUsed,
                                                        VentilationPerformed = vent, QuantitativeDifferentialReported = quantDiff,
                                                        PerfusionStudyCount = studies, QuantificationMeasurementReported = quant,
                                                    };
    }

    private static readonly (string A, string B)[] NeverTogether =
        [("0331T", "0332T"), ("78453", "78454"), ("78580", "78597"), ("78582", "78598"), ("78580", "78582"), ("78597", "78598"),
         ("78803", "78830"), ("78803", "78831"), ("78830", "78832"), ("78831", "78832")];

    [Fact]
    public void Every_combination_is_coded_consistently_or_rejected_with_a_reason()
    {
        int coded = 0, rejected = 0;
        foreach (var study in AllStudies())
        {
            CodingResult result;
            try { result = CodingRules.Select(study); }
            catch (CodingException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                rejected++;
                continue;
            }
            coded++;
            var codes = result.Codes.Select(c => c.Code).ToHashSet();
            foreach (var (a, b) in NeverTogether) Assert.False(codes.Contains(a) && codes.Contains(b), $"{a} with {b} for {study}");
            Assert.All(result.Codes, c => Assert.Equal(study.Family, c.Family));
            Assert.True(result.Codes.Count(c => !c.IsAddOn) == (result.Codes.Count == 0 ? 0 : 1), $"exactly one primary for {study}");
            if (codes.Contains("78835")) Assert.True(codes.Contains("78830") || codes.Contains("78832"), $"78835 without its primary for {study}");
            if (result.Codes.Count == 0) Assert.NotEmpty(result.Notes);
            Assert.All(result.Selections, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        }
        Assert.True(coded > 1000 && rejected > 1000, $"coded {coded}, rejected {rejected}");
    }
}
