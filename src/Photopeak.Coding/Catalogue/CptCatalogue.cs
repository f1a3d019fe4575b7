namespace Photopeak.Coding.Catalogue;

/// <summary>
/// Every CPT code Photopeak may select. Descriptions are paraphrased from CLINICAL.md (CPT descriptors are AMA copyright);
/// check the current AMA codebook before relying on them.
/// </summary>
public static class CptCatalogue
{
    public static readonly CptCode MibgPlanar = new("0331T",
        "Myocardial sympathetic innervation imaging, planar, with qualitative and quantitative (heart-to-mediastinum) assessment",
        CptCategory.CategoryIII, ProcedureFamily.CardiacSympatheticInnervation, false);

    public static readonly CptCode MibgPlanarWithSpect = new("0332T",
        "Myocardial sympathetic innervation imaging, planar with qualitative and quantitative assessment, plus tomographic (SPECT) imaging",
        CptCategory.CategoryIII, ProcedureFamily.CardiacSympatheticInnervation, false);

    public static readonly CptCode PlanarMpiSingle = new("78453",
        "Planar myocardial perfusion imaging, one study at rest or stress, including wall motion, ejection fraction and quantification when done",
        CptCategory.CategoryI, ProcedureFamily.PlanarMyocardialPerfusion, false);

    public static readonly CptCode PlanarMpiMultiple = new("78454",
        "Planar myocardial perfusion imaging, several studies (stress with rest, redistribution or reinjection), including wall motion, ejection fraction and quantification when done",
        CptCategory.CategoryI, ProcedureFamily.PlanarMyocardialPerfusion, false);

    public static readonly CptCode GatedBloodPoolSingle = new("78472",
        "Cardiac blood-pool imaging, gated equilibrium, planar, single study at rest or stress, with wall motion and ejection fraction",
        CptCategory.CategoryI, ProcedureFamily.CardiacBloodPool, false);

    public static readonly CptCode GatedBloodPoolMultiple = new("78473",
        "Cardiac blood-pool imaging, gated equilibrium, multiple studies (e.g. rest and exercise), with wall motion and ejection fraction",
        CptCategory.CategoryI, ProcedureFamily.CardiacBloodPool, false);

    public static readonly CptCode FirstPassSingle = new("78481",
        "Cardiac blood-pool imaging, first pass, single study at rest or stress, with wall motion and ejection fraction",
        CptCategory.CategoryI, ProcedureFamily.CardiacBloodPool, false);

    public static readonly CptCode FirstPassMultiple = new("78483",
        "Cardiac blood-pool imaging, first pass, multiple studies at rest and with stress, with wall motion and ejection fraction",
        CptCategory.CategoryI, ProcedureFamily.CardiacBloodPool, false);

    public static readonly CptCode LungPerfusion = new("78580",
        "Lung perfusion imaging with particulate radiopharmaceutical",
        CptCategory.CategoryI, ProcedureFamily.PulmonaryPerfusion, false);

    public static readonly CptCode LungVentilationPerfusion = new("78582",
        "Lung ventilation imaging together with perfusion imaging",
        CptCategory.CategoryI, ProcedureFamily.PulmonaryPerfusion, false);

    public static readonly CptCode LungQuantitativePerfusion = new("78597",
        "Quantitative differential lung perfusion, imaging included",
        CptCategory.CategoryI, ProcedureFamily.PulmonaryPerfusion, false);

    public static readonly CptCode LungQuantitativeVentilationPerfusion = new("78598",
        "Quantitative differential lung ventilation and perfusion, imaging included",
        CptCategory.CategoryI, ProcedureFamily.PulmonaryPerfusion, false);

    public static readonly CptCode TumourSpectSingle = new("78803",
        "Radiopharmaceutical localisation of tumour or inflammation by SPECT, one area or one acquisition, one day",
        CptCategory.CategoryI, ProcedureFamily.TumourLocalisation, false);

    public static readonly CptCode TumourSpectCtSingle = new("78830",
        "Radiopharmaceutical localisation of tumour or inflammation by SPECT with concurrent CT for localisation, one area or one acquisition, one day",
        CptCategory.CategoryI, ProcedureFamily.TumourLocalisation, false);

    public static readonly CptCode TumourSpectMultiple = new("78831",
        "Radiopharmaceutical localisation of tumour or inflammation by SPECT, two or more areas or acquisitions on one day, or one area or acquisition over two or more days",
        CptCategory.CategoryI, ProcedureFamily.TumourLocalisation, false);

    public static readonly CptCode TumourSpectCtMultiple = new("78832",
        "Radiopharmaceutical localisation of tumour or inflammation by SPECT with concurrent CT for localisation, two or more areas or acquisitions on one day, or one area or acquisition over two or more days",
        CptCategory.CategoryI, ProcedureFamily.TumourLocalisation, false);

    public static readonly CptCode QuantificationAddOn = new("78835",
        "Add-on: radiopharmaceutical quantification measurement of a single area, listed with its primary SPECT/CT code",
        CptCategory.CategoryI, ProcedureFamily.TumourLocalisation, true);

    /// <summary>All codes in scope, in code order.</summary>
    public static IReadOnlyList<CptCode> All { get; } =
    [
        MibgPlanar, MibgPlanarWithSpect, PlanarMpiSingle, PlanarMpiMultiple, GatedBloodPoolSingle, GatedBloodPoolMultiple,
        FirstPassSingle, FirstPassMultiple, LungPerfusion, LungVentilationPerfusion,
        LungQuantitativePerfusion, LungQuantitativeVentilationPerfusion, TumourSpectSingle, TumourSpectCtSingle,
        TumourSpectMultiple, TumourSpectCtMultiple, QuantificationAddOn,
    ];

    /// <summary>The catalogue entry for a code ("78835" or "+78835"); throws <see cref="UnknownCptCodeException"/> if not in scope.</summary>
    public static CptCode Get(string code)
    {
        var key = code.Trim().TrimStart('+');
        foreach (var c in All)
            if (c.Code == key) return c;
        throw new UnknownCptCodeException(code);
    }
}
