using Photopeak.Coding.Catalogue;

namespace Photopeak.Coding.Rules;

/// <summary>
/// Chooses CPT codes from what was performed, following the "Coding" paragraph of each procedure in CLINICAL.md.
/// Codes that need a human decision are not chosen; a note says why.
/// </summary>
public static class CodingRules
{
    /// <summary>Selects the codes for a performed study; throws <see cref="CodingException"/> if the description is inconsistent.</summary>
    public static CodingResult Select(PerformedStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (study.PlanarViewCount < 0) throw new CodingException($"PlanarViewCount is {study.PlanarViewCount}; it cannot be negative");
        if (study.CtUsedForLocalisation && !study.CtAcquired)
            throw new CodingException("CtUsedForLocalisation is true but CtAcquired is false: CT cannot be used for localisation if none was acquired");
        return study.Family switch
        {
            ProcedureFamily.CardiacSympatheticInnervation => CardiacSympathetic(study),
            ProcedureFamily.PlanarMyocardialPerfusion => PlanarMyocardialPerfusion(study),
            ProcedureFamily.PulmonaryPerfusion => PulmonaryPerfusion(study),
            ProcedureFamily.TumourLocalisation => TumourLocalisation(study),
            ProcedureFamily.CardiacBloodPool => CardiacBloodPool(study),
            _ => throw new CodingException($"Procedure family {study.Family} has no coding rule"),
        };
    }

    // CLINICAL.md section 2: 0332T already includes the planar part, so the two are never reported together.
    private static CodingResult CardiacSympathetic(PerformedStudy s)
    {
        if (s.PlanarViewCount == 0)
            throw new CodingException(s.SpectPerformed
                ? "mIBG study with SPECT but no planar views: 0332T includes planar H/M imaging, so planar views are required before coding"
                : "mIBG study with neither planar views nor SPECT: nothing to code");
        var selection = s.SpectPerformed
            ? new CodeSelection(CptCatalogue.MibgPlanarWithSpect,
                $"I-123 mIBG innervation imaging with {Views(s.PlanarViewCount)} and SPECT; 0332T includes the planar study, so 0331T is not reported in addition.")
            : new CodeSelection(CptCatalogue.MibgPlanar,
                $"I-123 mIBG innervation imaging with {Views(s.PlanarViewCount)} only (no SPECT), with H/M quantification and qualitative assessment.");
        return new CodingResult([selection], []);
    }

    // CLINICAL.md section 3: wall motion, EF and quantification are included; never a separate EF code for the same acquisitions.
    private static CodingResult PlanarMyocardialPerfusion(PerformedStudy s)
    {
        if (s.SpectPerformed)
            throw new CodingException("Myocardial perfusion with SPECT is coded 78451/78452, which are not in Photopeak's scope; code it manually");
        if (s.PlanarViewCount == 0) throw new CodingException("Planar myocardial perfusion with no planar views: nothing to code");
        if (s.PerfusionStudyCount < 1)
            throw new CodingException($"PerfusionStudyCount is {s.PerfusionStudyCount}; planar MPI needs at least one perfusion study (rest or stress)");
        var selection = s.PerfusionStudyCount == 1
            ? new CodeSelection(CptCatalogue.PlanarMpiSingle,
                "One planar myocardial perfusion study (rest or stress); wall motion, ejection fraction and quantification are included in 78453.")
            : new CodeSelection(CptCatalogue.PlanarMpiMultiple,
                $"{s.PerfusionStudyCount} planar myocardial perfusion studies (stress with rest, redistribution or reinjection); wall motion, ejection fraction and quantification are included in 78454.");
        return new CodingResult([selection], []);
    }

    // CLINICAL.md section 3: a blood-pool study on its own; EF from a perfusion study's gated frames or first pass is part of
    // 78453/78454 and is coded there (family PlanarMyocardialPerfusion), never here.
    private static CodingResult CardiacBloodPool(PerformedStudy s)
    {
        if (s.GatedBloodPoolStudyCount < 0 || s.FirstPassStudyCount < 0)
            throw new CodingException("blood-pool study counts cannot be negative");
        if (s.GatedBloodPoolStudyCount == 0 && s.FirstPassStudyCount == 0)
            throw new CodingException("Cardiac blood-pool family with neither a gated equilibrium nor a first-pass study: nothing to code");
        var selections = new List<CodeSelection>();
        var notes = new List<string>();
        if (s.GatedBloodPoolStudyCount == 1)
            selections.Add(new(CptCatalogue.GatedBloodPoolSingle, "One gated equilibrium blood-pool study with wall motion and ejection fraction."));
        else if (s.GatedBloodPoolStudyCount > 1)
            selections.Add(new(CptCatalogue.GatedBloodPoolMultiple, $"{s.GatedBloodPoolStudyCount} gated equilibrium blood-pool studies (e.g. rest and exercise)."));
        if (s.FirstPassStudyCount == 1)
            selections.Add(new(CptCatalogue.FirstPassSingle, "One first-pass study with wall motion and ejection fraction."));
        else if (s.FirstPassStudyCount > 1)
            selections.Add(new(CptCatalogue.FirstPassMultiple, $"{s.FirstPassStudyCount} first-pass studies (rest and stress)."));
        if (selections.Count > 1)
            notes.Add("Gated equilibrium and first-pass studies in one session: the CPT exclusion notes between 78472/78473 and 78481/78483 were not retrieved [CLINICAL §3 ?]; confirm before billing both.");
        return new CodingResult(selections, notes);
    }

    // CLINICAL.md section 5: the quantitative codes include imaging and replace 78580/78582, never added to them.
    private static CodingResult PulmonaryPerfusion(PerformedStudy s)
    {
        var notes = new List<string>();
        if (s.SpectPerformed)
            notes.Add("Lung SPECT was performed: since 2023 the 78831/78832 descriptors name ventilation and perfusion as separate acquisitions; "
                + "confirm current SNMMI coding guidance and code the SPECT manually.");
        if (s.PlanarViewCount == 0)
        {
            if (!s.SpectPerformed) throw new CodingException("Lung perfusion study with neither planar views nor SPECT: nothing to code");
            return new CodingResult([], notes);
        }
        CodeSelection selection = (s.QuantitativeDifferentialReported, s.VentilationPerformed) switch
        {
            (true, true) => new(CptCatalogue.LungQuantitativeVentilationPerfusion,
                "Quantitative differential ventilation and perfusion reported; 78598 includes the imaging, so 78582 is not reported in addition."),
            (true, false) => new(CptCatalogue.LungQuantitativePerfusion,
                "Quantitative differential perfusion reported; 78597 includes the imaging, so 78580 is not reported in addition."),
            (false, true) => new(CptCatalogue.LungVentilationPerfusion,
                $"Ventilation and perfusion imaging ({Views(s.PlanarViewCount)}) without a quantitative differential."),
            (false, false) => new(CptCatalogue.LungPerfusion,
                $"Perfusion imaging only ({Views(s.PlanarViewCount)}), no ventilation, no quantitative differential."),
        };
        return new CodingResult([selection], notes);
    }

    // CLINICAL.md section 4: count areas/acquisitions on the busiest day and distinct days; CT present and used -> CT variants.
    private static CodingResult TumourLocalisation(PerformedStudy s)
    {
        if (s.OrganSpecificCodeApplies)
            return new CodingResult([], ["The tracer and region have their own organ-specific code (e.g. parathyroid, bone, brain); tumour localisation codes do not apply. Code manually."]);
        if (!s.SpectPerformed)
            throw new CodingException("Tumour localisation without SPECT is coded with planar codes (78800-78802, 78804), which are not in Photopeak's scope; code it manually");
        if (s.SpectAreasOnBusiestDay < 1) throw new CodingException($"SpectAreasOnBusiestDay is {s.SpectAreasOnBusiestDay}; SPECT was performed, so it must be at least 1");
        if (s.SpectDays < 1) throw new CodingException($"SpectDays is {s.SpectDays}; SPECT was performed, so it must be at least 1");

        var withCt = s.CtAcquired && s.CtUsedForLocalisation;
        var multiple = s.SpectAreasOnBusiestDay >= 2 || s.SpectDays >= 2;
        var extent = (s.SpectAreasOnBusiestDay, s.SpectDays) switch
        {
            (1, 1) => "one area (one acquisition) on one day",
            (1, var d) => $"one area imaged on {d} days",
            (var a, 1) => $"{a} areas or separate acquisitions on one day",
            (var a, var d) => $"up to {a} areas or acquisitions per day over {d} days",
        };
        var notes = new List<string>();
        if (s.CtAcquired && !s.CtUsedForLocalisation)
            notes.Add("CT was acquired but not used for localisation (attenuation map only), so the SPECT-only code was chosen.");
        CodeSelection primary = (withCt, multiple) switch
        {
            (false, false) => new(CptCatalogue.TumourSpectSingle, $"Tumour/inflammation SPECT of {extent}, without CT localisation."),
            (false, true) => new(CptCatalogue.TumourSpectMultiple, $"Tumour/inflammation SPECT of {extent}, without CT localisation."),
            (true, false) => new(CptCatalogue.TumourSpectCtSingle, $"Tumour/inflammation SPECT with concurrent CT used for localisation, {extent}."),
            (true, true) => new(CptCatalogue.TumourSpectCtMultiple, $"Tumour/inflammation SPECT with concurrent CT used for localisation, {extent}."),
        };
        var selections = new List<CodeSelection> { primary };
        if (s.QuantificationMeasurementReported)
        {
            // +78835 is listed once, with its primary code; we understand the primaries to be 78830/78832 (CLINICAL.md section 4 [?]).
            if (withCt)
                selections.Add(new CodeSelection(CptCatalogue.QuantificationAddOn,
                    $"A radiopharmaceutical quantification measurement is reported; add-on to {primary.Code.Code}, listed once."));
            else
                notes.Add("A quantification measurement is reported, but +78835 is listed only with the SPECT/CT codes 78830/78832; not selected.");
        }
        return new CodingResult(selections, notes);
    }

    private static string Views(int n) => n == 1 ? "1 planar view" : $"{n} planar views";
}
