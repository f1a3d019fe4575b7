using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Rules;
using Photopeak.Imaging.Nuclides;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using K = Photopeak.Procedures.TumourLocalisation.TumourMeasurementKeys;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>SPECT localisation of tumour or inflammation (78803 one area on one day, 78831 two or more areas or days;
/// CLINICAL §4): every bed reconstructed with attenuation, collimator response and scatter correction, the beds of a day
/// joined, focal uptake detected and measured.</summary>
public sealed class TumourLocalisationProcedure : IProcedure
{
    public const string ProcedureId = "tumour-localisation-spect";

    public string Name => "tumour-spect";
    public string ResultName => ProcedureId;
    public string Title => "SPECT tumour or inflammation localisation";

    public ProcedureFit Fits(Study study) =>
        TumourSpectRecognition.WhyNot(study) is { } why ? ProcedureFit.No(why) : ProcedureFit.Yes("SPECT projections of a tumour or inflammation tracer");

    public ProcedureOutcome Analyse(Study study, ProcedureRequest request)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(request);
        if (TumourSpectRecognition.WhyNot(study) is { } why && !(request.ProcedureStated && TumourSpectRecognition.Tomo(study).Count > 0))
            throw new ProcedureInputException($"study {study.StudyInstanceUid}: {why}");
        var options = request.OptionsOf<TumourSpectOptions>();
        var tomo = TumourSpectRecognition.Tomo(study);
        var tracer = TumourTracer.Of(study.Acquisitions.ToList());
        var nuclide = tomo.Select(a => a.Radionuclide).FirstOrDefault(n => n is not null);
        if (options.CfCpsPerMBq is not null && options.CfNuclide is { } cfNuclide && Radionuclide.FromText(cfNuclide) is { } n && nuclide is not null && n != nuclide)
            throw new ProcedureInputException($"--cf was measured with {n.Name} (--cf-nuclide), but the study is of {nuclide.Name}: a calibration factor holds for one nuclide, collimator and protocol");
        var warnings = new List<string>(request.LoadWarnings);
        var cts = CtSeries(study, warnings);
        var (days, buildWarnings, protocol) = TumourVolume.Build(tomo, options.CfCpsPerMBq, cts);
        warnings.AddRange(buildWarnings);
        // The CT used for the beds' attenuation, the longest if several, also places the lesions.
        var ct = days.SelectMany(d => d.Beds).Select(b => b.Ct).OfType<CtSeriesVolume>().OrderByDescending(c => c.ZMaxMm - c.ZMinMm).FirstOrDefault();
        var landmarks = ct is null ? BodyLandmarks.None : BodyLandmarks.FromCt(ct.Volume);

        var lesions = new List<Lesion>();
        var physiological = new List<PhysiologicalUptake>();
        var edited = request.RoisPath is null ? null : LesionRois.Read(ResultJson.ReadRois(request.RoisPath));
        if (edited?.FirstOrDefault(e => e.Day > days.Count) is { } stray)
            throw new ProcedureInputException($"ROI 'lesion {stray.Id}' (--rois): day {stray.Day}, but the study was imaged on {days.Count} day(s)");
        foreach (var day in days)
        {
            var (found, phys, _) = LesionDetection.Detect(day, lesions.Count + 1, edited?.Where(e => e.Day == day.Day).ToList());
            if (edited is null && tracer?.TakesUpThyroid == true)
            {
                (found, var lobes) = ThyroidLobes.SetAside(found, day, lesions.Count + 1, landmarks.LungApexMm);
                phys.AddRange(lobes);
            }
            lesions.AddRange(found.Select(l => l with { Region = Region(l.CentreMm, day, landmarks) }));
            physiological.AddRange(phys);
        }
        var suv = Suv(study, tomo, days, options, warnings);
        if (suv is { } perKBq) lesions = lesions.Select(l => l with { SuvMax = l.MaxKBqPerMl * perKBq[l.Day - 1], SuvPeak = l.PeakKBqPerMl * perKBq[l.Day - 1] }).ToList();

        var beds = days.SelectMany(d => d.Beds).ToList();
        int areas = beds.Select(b => b.Area).DefaultIfEmpty(0).Max();
        var coding = CodingRules.Select(new PerformedStudy(ProcedureFamily.TumourLocalisation, 0, SpectPerformed: true)
        {
            // Areas or separate acquisitions on the busiest day (CLINICAL §4, 2023 wording): a second acquisition of the same area
            // on one day (early and delayed) counts, as a second area does.
            SpectAreasOnBusiestDay = beds.GroupBy(b => b.Day).Max(g => g.Count()),
            SpectDays = days.Count,
            QuantificationMeasurementReported = options.CfCpsPerMBq is not null,
            // The CT shares the SPECT's frame of reference (acquired on the hybrid camera) and gives the attenuation map and the
            // lesions' regions.
            CtAcquired = ct is not null, CtUsedForLocalisation = ct is not null,
        });
        var qc = Qc(beds, warnings);
        if (edited is not null) warnings.Add($"lesions as edited by the user (--rois): {edited.Count} lesion ROI(s) re-measured, no automatic search");
        var sameAs = days.Count > 1 ? LesionMatching.Match(lesions) : null;
        var result = Result(lesions, areas, days, protocol, tracer, qc, warnings, coding, options, ct is not null, landmarks, sameAs);
        var json = JsonNode.Parse(ResultJson.Serialize(result))!.AsObject();
        // findings.lesions is a list of objects (the issue's contract); the shared Findings holds strings only.
        var list = new JsonArray();
        foreach (var l in lesions)
        {
            var item = new JsonObject
            {
                ["id"] = l.Id, ["day"] = l.Day,
                ["centre_mm"] = new JsonArray(Round(l.CentreMm.X, 1), Round(l.CentreMm.Y, 1), Round(l.CentreMm.Z, 1)),
                ["region"] = l.Region, ["volume_ml"] = Round(l.VolumeMl, 2), ["lbr"] = Round(l.LesionToBackground, 2),
                ["activity_kbq"] = Round(l.ActivityKBq, 1),
                ["max_kbq_per_ml"] = Round(l.MaxKBqPerMl, 3), ["mean_kbq_per_ml"] = Round(l.MeanKBqPerMl, 3),
                ["suv_max"] = Round(l.SuvMax, 2), ["suv_peak"] = Round(l.SuvPeak, 2),
                ["significance"] = Round(l.Significance, 1),
            };
            // With two or more days: the ids of the same focus on the other days (empty: seen on this day only).
            if (sameAs is not null) item["same_as"] = new JsonArray(sameAs[l.Id].Select(id => (JsonNode)JsonValue.Create(id)!).ToArray());
            list.Add((JsonNode)item);
        }
        json["findings"]!.AsObject()["lesions"] = list;
        var report = TumourLocalisationReport.Build(study, tomo, days, lesions, physiological, result, coding, protocol, tracer, ct);
        return new ProcedureOutcome(result, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), report,
            tomo.Select(a => a.DerivationSource()).ToList(), Summary(result, lesions))
        { Volumes = days.ToDictionary(d => $"day-{d.Day}", d => d.Volume, StringComparer.Ordinal) };
    }

    private static double? Round(double? v, int digits) => v is { } x && double.IsFinite(x) ? Math.Round(x, digits) : null;

    /// <summary>Region (<see cref="BodyLandmarks"/>: level from the CT's lungs, side of the midline), imaged area and height.</summary>
    internal static string Region(Vector3 centre, TumourVolume day, BodyLandmarks landmarks)
    {
        var bed = day.Beds.Where(b => centre.Z >= b.ZMinMm && centre.Z <= b.ZMaxMm).OrderBy(b => b.Area).FirstOrDefault();
        var area = bed is null ? "" : $", area {bed.Area}";
        return Inv($"{landmarks.Region(centre)}{area}, z {centre.Z:0} mm");
    }

    /// <summary>Every CT series of the study as CT numbers; one that does not stack as an axial volume (a scout, uneven slices)
    /// is named in a warning and left out.</summary>
    private static List<CtSeriesVolume> CtSeries(Study study, List<string> warnings)
    {
        var result = new List<CtSeriesVolume>();
        foreach (var g in study.Acquisitions.Where(a => string.Equals(a.Modality, "CT", StringComparison.OrdinalIgnoreCase)).GroupBy(a => a.SeriesInstanceUid))
        {
            try
            {
                var (hu, c) = Reconstruction.Acquisition.CtVolumeLoader.Load(g.ToList());
                result.Add(new CtSeriesVolume(new PatientVolume(hu, new Vector3((float)c.X, (float)c.Y, (float)c.Z)), g.First().FrameOfReferenceUid, g.First().SeriesDescription ?? "CT"));
            }
            catch (Reconstruction.Service.ReconstructionInputException e)
            {
                warnings.Add($"CT series '{g.First().SeriesDescription}' not used: {e.Message}");
            }
        }
        return result;
    }

    /// <summary>kBq/ml → SUV per day: body weight g / injected activity kBq decayed to the day's reference time
    /// (SUV = C / (A_inj · 2^(−Δt/T½) / BW), CLINICAL §4 [Bailey2013]); null without calibration, dose, time or weight.</summary>
    private static double[]? Suv(Study study, List<NmAcquisition> tomo, IReadOnlyList<TumourVolume> days, TumourSpectOptions options, List<string> warnings)
    {
        if (options.CfCpsPerMBq is null) return null;
        var rp = tomo.SelectMany(a => a.Radiopharmaceuticals).FirstOrDefault(r => r.TotalDoseMBq is > 0 && r.StartDateTime is not null);
        var weight = options.WeightKg ?? study.Header.PatientWeightKg;
        var missing = new List<string>();
        if (rp is null) missing.Add("Radionuclide Total Dose (0018,1074) and Radiopharmaceutical Start DateTime (0018,1078)");
        if (weight is null) missing.Add("Patient's Weight (0010,1030) (give --weight-kg)");
        if (missing.Count > 0 || rp?.Radionuclide is null)
        {
            warnings.Add("SUV not computed: " + (missing.Count > 0 ? string.Join(" and ", missing) + " missing" : "the radionuclide is not known"));
            return null;
        }
        return days.Select(d =>
        {
            var hours = (d.ReferenceTime - rp.StartDateTime!.Value).TotalHours;
            var kBqAtReference = rp.TotalDoseMBq!.Value * 1000 * Math.Pow(2, -hours / rp.Radionuclide.HalfLifeHours);
            return weight!.Value * 1000 / kBqAtReference;
        }).ToArray();
    }

    private static List<QcCheck> Qc(List<TumourBed> beds, List<string> warnings)
    {
        var qc = new List<QcCheck>();
        foreach (var b in beds)
        {
            var g = b.Reconstruction.Tomo.Photopeak.Geometry;
            var name = $"bed {b.Acquisition.SeriesNumber?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
            qc.Add(g.NumberOfViews >= 60 && Math.Abs(g.ArcDeg - 360) < 1
                ? new QcCheck($"{name} sampling", QcStatus.Pass, Inv($"{g.NumberOfViews} views over {g.ArcDeg:0}°"))
                : new QcCheck($"{name} sampling", QcStatus.Warning, Inv($"{g.NumberOfViews} views over {g.ArcDeg:0}°: tumour SPECT asks for 360° with 60 (medium-energy) to 128 views")));
            var counts = b.Reconstruction.Tomo.Photopeak.Counts.Sum(c => (double)c) / g.NumberOfViews;
            qc.Add(counts >= 10_000
                ? new QcCheck($"{name} counts", QcStatus.Pass, Inv($"{counts:N0} photopeak counts per view"))
                : new QcCheck($"{name} counts", QcStatus.Warning, Inv($"{counts:N0} photopeak counts per view: noisy; small lesions may be missed or noise called a lesion [?: below 10,000 per view]")));
        }
        foreach (var q in qc.Where(q => q.Status != QcStatus.Pass)) warnings.Add(q.Detail);
        return qc;
    }

    private static ProcedureResult Result(List<Lesion> lesions, int areas, IReadOnlyList<TumourVolume> days, string protocol, TumourTracer? tracer,
        List<QcCheck> qc, List<string> warnings, CodingResult coding, TumourSpectOptions options, bool withCt, BodyLandmarks landmarks,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? sameAs)
    {
        var m = new Dictionary<string, MeasuredQuantity>
        {
            [K.LesionCount] = new(lesions.Count, "lesions", Inv($"foci of the top-hat (volume − grey opening, {LesionDetection.OpeningRadiusMm:0} mm cube) at least {LesionDetection.MinimumSignificance:0} noise SD and {LesionDetection.MinimumContrast * 100:0} % above local background, half-maximum region within {LesionDetection.MaximumFocalExtentMm:0} mm")),
            [K.AreasImaged] = new(areas, "areas", "bed positions with distinct axial ranges (sharing less than half their length) on the busiest day"),
            [K.DaysImaged] = new(days.Count, "days", "distinct acquisition dates of the SPECT beds"),
        };
        var methods = new Dictionary<string, string>
        {
            ["reconstruction"] = protocol + Inv($"; {TumourVolume.Iterations} iterations × subsets dividing the views; beds joined with linear weights over their overlap"),
            ["volume"] = Inv($"VOI: voxels connected to the peak above background + {LesionDetection.VoiThresholdFraction * 100:0} % of (peak − background) of the volume smoothed to {LesionDetection.DetectionSmoothingMm:0} mm; beside a hot organ raised until it separates (≤ {LesionDetection.MaximumVoiThresholdFraction * 100:0} %)"),
            ["lbr"] = Inv($"mean of the hottest 1 ml sphere / background (median of a {LesionDetection.BackgroundShellMm:0} mm shell {LesionDetection.ActivityMarginMm:0} mm beyond the VOI); not corrected for partial volume: below about 3 × the system FWHM a lesion's LBR depends on its size and depth"),
            ["activity"] = Inv($"background-subtracted sum over the VOI grown by {LesionDetection.ActivityMarginMm:0} mm (spill-out of the resolution taken back)"),
            ["units"] = options.CfCpsPerMBq is { } cf ? Inv($"Bq/ml with calibration factor {cf:0.###} cps/MBq (--cf), decay-corrected to the start of each day's first bed") : "count rate per ml (cps/ml), decay-corrected to the start of each day's first bed",
            ["landmarks"] = landmarks.ToString(),
            ["suv"] = "SUVmax: VOI maximum; SUVpeak: hottest 1 ml sphere [Wahl2009]; body weight, injected activity decayed to the reference time",
        };
        var findings = new Dictionary<string, string>
        {
            ["tracer"] = tracer?.Name ?? "not named",
            ["physiological_uptake_expected"] = tracer?.PhysiologicalUptake ?? "",
            ["ct"] = withCt ? "CT of the same frame of reference: attenuation map and lesion regions" : "none",
            ["anatomical_localisation"] = withCt
                ? "from the CT: level from the lung apices and bases (neck, thorax, upper and lower abdomen, pelvis), lower limbs where the legs part, and side of the midline"
                : "without CT: side of the midline and axial position only",
        };
        if (sameAs is not null)
        {
            methods["cross_day"] = Inv($"each later day aligned to the first by the repositioning (translation ≤ {LesionMatching.MaxRepositioningMm:0} mm) that brings the most foci together, then foci within {LesionMatching.ToleranceMm:0} mm paired one to one: a focus on every day persists (lesion), one on a single day may be transit (e.g. bowel)");
            findings["cross_day"] = CrossDay(lesions, sameAs);
        }
        return new ProcedureResult(ProcedureId, coding.Codes.Select(c => c.Code).ToList(), m, lesions.Select(LesionRois.Of).ToList(), qc, warnings.Distinct().ToList())
            { Methods = methods, Findings = findings };
    }

    // "L1 = L4 (days 1, 2); L5: day 2 only", each focus once, in order of its first id.
    private static string CrossDay(List<Lesion> lesions, IReadOnlyDictionary<string, IReadOnlyList<string>> sameAs)
    {
        var said = new HashSet<string>();
        var parts = new List<string>();
        foreach (var l in lesions)
        {
            if (!said.Add(l.Id)) continue;
            var group = new[] { l }.Concat(sameAs[l.Id].Select(id => lesions.First(x => x.Id == id))).OrderBy(x => x.Day).ToList();
            foreach (var g in group) said.Add(g.Id);
            parts.Add(group.Count == 1
                ? $"{l.Id}: day {l.Day} only"
                : $"{string.Join(" = ", group.Select(g => g.Id))} (days {string.Join(", ", group.Select(g => g.Day))})");
        }
        return parts.Count == 0 ? "no focus on any day" : string.Join("; ", parts);
    }

    private static IReadOnlyList<SummaryLine> Summary(ProcedureResult r, List<Lesion> lesions) =>
    [
        new("Procedure", $"{r.Procedure}   CPT {string.Join(", ", r.Cpt)}"),
        new("Areas / days", Inv($"{r.Value(K.AreasImaged):0} / {r.Value(K.DaysImaged):0}")),
        new("Lesions", lesions.Count == 0 ? "none found" : string.Join("; ", lesions.Select(l => Inv($"{l.Id} {l.Region} {l.VolumeMl:0.0} ml LBR {l.LesionToBackground:0.0}")))),
    ];

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
