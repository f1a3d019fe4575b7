using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Rules;

namespace Photopeak.Coding.Tests.Rules;

public class CodingRulesTests
{
    private static string[] Codes(PerformedStudy s) => CodingRules.Select(s).Codes.Select(c => c.Code).ToArray();

    private static PerformedStudy Mibg(bool spect) => new(ProcedureFamily.CardiacSympatheticInnervation, 2, spect);
    private static PerformedStudy Mpi(int studies) => new(ProcedureFamily.PlanarMyocardialPerfusion, 3 * studies, false) { PerfusionStudyCount = studies };
    private static PerformedStudy Lung(bool ventilation, bool quantitative) =>
        new(ProcedureFamily.PulmonaryPerfusion, 8, false) { VentilationPerformed = ventilation, QuantitativeDifferentialReported = quantitative };
    private static PerformedStudy Tumour(int areas, int days, bool ct, bool quant = false) =>
        new(ProcedureFamily.TumourLocalisation, 0, true)
        {
            SpectAreasOnBusiestDay = areas, SpectDays = days, CtAcquired = ct, CtUsedForLocalisation = ct, QuantificationMeasurementReported = quant,
        };

    private static PerformedStudy BloodPool(int gated, int firstPass) =>
        new(ProcedureFamily.CardiacBloodPool, gated + firstPass, false) { GatedBloodPoolStudyCount = gated, FirstPassStudyCount = firstPass };

    [Fact]
    public void One_gated_blood_pool_study_is_78472_and_rest_with_exercise_is_78473()
    {
        Assert.Equal(["78472"], Codes(BloodPool(1, 0)));
        Assert.Equal(["78473"], Codes(BloodPool(2, 0)));
    }

    [Fact]
    public void First_pass_alone_is_78481_and_several_are_78483()
    {
        Assert.Equal(["78481"], Codes(BloodPool(0, 1)));
        Assert.Equal(["78483"], Codes(BloodPool(0, 2)));
    }

    [Fact]
    public void Gated_and_first_pass_together_carry_a_note_to_confirm_billing_both()
    {
        var result = CodingRules.Select(BloodPool(1, 1));
        Assert.Equal(["78472", "78481"], result.Codes.Select(c => c.Code));
        Assert.Contains(result.Notes, n => n.Contains("exclusion", StringComparison.Ordinal));
    }

    [Fact]
    public void A_blood_pool_family_without_a_study_cannot_be_coded()
    {
        Assert.Throws<CodingException>(() => CodingRules.Select(BloodPool(0, 0)));
    }

    [Fact]
    public void Mibg_planar_only_is_0331T()
    {
        var result = CodingRules.Select(Mibg(spect: false));
        Assert.Equal(["0331T"], result.Codes.Select(c => c.Code));
        Assert.Contains("no SPECT", result.Selections[0].Reason);
    }

    [Fact]
    public void Mibg_planar_with_spect_is_0332T_alone_never_with_0331T()
    {
        var result = CodingRules.Select(Mibg(spect: true));
        Assert.Equal(["0332T"], result.Codes.Select(c => c.Code));
        Assert.False(result.Contains("0331T"));
        Assert.Contains("0331T is not reported", result.Selections[0].Reason);
    }

    [Fact]
    public void Mibg_spect_without_planar_views_cannot_be_coded()
    {
        var ex = Assert.Throws<CodingException>(() => CodingRules.Select(new PerformedStudy(ProcedureFamily.CardiacSympatheticInnervation, 0, true)));
        Assert.Contains("planar", ex.Message);
    }

    [Theory]
    [InlineData(1, "78453")]
    [InlineData(2, "78454")]
    [InlineData(3, "78454")]
    public void Planar_mpi_single_study_is_78453_and_multiple_studies_78454(int studies, string code) =>
        Assert.Equal([code], Codes(Mpi(studies)));

    [Fact]
    public void Planar_mpi_without_a_study_count_is_rejected_rather_than_guessed()
    {
        var ex = Assert.Throws<CodingException>(() => CodingRules.Select(Mpi(1) with { PerfusionStudyCount = 0 }));
        Assert.Contains("PerfusionStudyCount", ex.Message);
    }

    [Fact]
    public void Spect_mpi_is_out_of_scope_and_says_which_codes_apply()
    {
        var ex = Assert.Throws<CodingException>(() => CodingRules.Select(Mpi(2) with { SpectPerformed = true }));
        Assert.Contains("78451/78452", ex.Message);
    }

    [Theory]
    [InlineData(false, false, "78580")]
    [InlineData(true, false, "78582")]
    [InlineData(false, true, "78597")]
    [InlineData(true, true, "78598")]
    public void Lung_codes_follow_ventilation_and_quantitative_differential(bool ventilation, bool quantitative, string code) =>
        Assert.Equal([code], Codes(Lung(ventilation, quantitative)));

    [Fact]
    public void Quantitative_lung_codes_replace_never_add_to_the_imaging_codes()
    {
        Assert.DoesNotContain("78580", Codes(Lung(false, true)));
        Assert.DoesNotContain("78582", Codes(Lung(true, true)));
        Assert.Contains("not reported in addition", CodingRules.Select(Lung(false, true)).Selections[0].Reason);
    }

    [Fact]
    public void Lung_spect_is_left_to_the_coder_with_a_note()
    {
        var result = CodingRules.Select(Lung(true, false) with { SpectPerformed = true, PlanarViewCount = 0 });
        Assert.Empty(result.Selections);
        Assert.Contains(result.Notes, n => n.Contains("78831/78832"));
    }

    [Theory]
    [InlineData(1, 1, false, "78803")]
    [InlineData(2, 1, false, "78831")]
    [InlineData(1, 2, false, "78831")]
    [InlineData(3, 2, false, "78831")]
    [InlineData(1, 1, true, "78830")]
    [InlineData(2, 1, true, "78832")]
    [InlineData(1, 2, true, "78832")]
    public void Tumour_spect_codes_follow_areas_days_and_ct(int areas, int days, bool ct, string code) =>
        Assert.Equal([code], Codes(Tumour(areas, days, ct)));

    [Fact]
    public void Ct_used_only_for_attenuation_keeps_the_spect_only_code_with_a_note()
    {
        var result = CodingRules.Select(Tumour(1, 1, false) with { CtAcquired = true });
        Assert.Equal(["78803"], result.Codes.Select(c => c.Code));
        Assert.Contains(result.Notes, n => n.Contains("attenuation"));
    }

    [Theory]
    [InlineData(1, 1, "78830")]
    [InlineData(2, 1, "78832")]
    public void Quantification_adds_78835_once_after_its_spect_ct_primary(int areas, int days, string primary)
    {
        var result = CodingRules.Select(Tumour(areas, days, ct: true, quant: true));
        Assert.Equal([primary, "78835"], result.Codes.Select(c => c.Code));
        Assert.Contains(primary, result.Selections[1].Reason);
    }

    [Fact]
    public void Quantification_without_ct_does_not_add_78835_and_says_why()
    {
        var result = CodingRules.Select(Tumour(1, 1, ct: false, quant: true));
        Assert.Equal(["78803"], result.Codes.Select(c => c.Code));
        Assert.Contains(result.Notes, n => n.Contains("78835"));
    }

    [Fact]
    public void No_code_other_than_78835_is_ever_an_add_on_and_78835_never_stands_alone()
    {
        foreach (var areas in new[] { 1, 2 })
            foreach (var days in new[] { 1, 2 })
                foreach (var ct in new[] { false, true })
                    foreach (var quant in new[] { false, true })
                    {
                        var codes = CodingRules.Select(Tumour(areas, days, ct, quant)).Codes;
                        Assert.False(codes[0].IsAddOn);
                        Assert.Equal(ct && quant ? 1 : 0, codes.Count(c => c.IsAddOn));
                    }
    }

    [Fact]
    public void Organ_specific_tracer_region_pairs_are_not_coded_as_tumour_localisation()
    {
        var result = CodingRules.Select(Tumour(1, 1, true) with { OrganSpecificCodeApplies = true });
        Assert.Empty(result.Selections);
        Assert.Contains(result.Notes, n => n.Contains("organ-specific"));
    }

    [Fact]
    public void Tumour_without_spect_or_with_zero_areas_is_rejected()
    {
        Assert.Throws<CodingException>(() => CodingRules.Select(Tumour(1, 1, false) with { SpectPerformed = false }));
        var ex = Assert.Throws<CodingException>(() => CodingRules.Select(Tumour(0, 1, false)));
        Assert.Contains("SpectAreasOnBusiestDay", ex.Message);
    }

    [Fact]
    public void Ct_used_without_ct_acquired_is_inconsistent()
    {
        var ex = Assert.Throws<CodingException>(() => CodingRules.Select(Tumour(1, 1, false) with { CtUsedForLocalisation = true }));
        Assert.Contains("CtAcquired", ex.Message);
    }

    [Fact]
    public void Every_selection_carries_a_reason_sentence()
    {
        PerformedStudy[] all = [Mibg(false), Mibg(true), Mpi(1), Mpi(2), Lung(false, false), Lung(true, true), Tumour(2, 2, true, true)];
        foreach (var s in all)
            foreach (var sel in CodingRules.Select(s).Selections)
                Assert.True(sel.Reason.Length > 20 && sel.Reason.EndsWith('.'), sel.Code.Code);
    }
}
