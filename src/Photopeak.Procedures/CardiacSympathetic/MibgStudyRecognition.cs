using Photopeak.Dicom;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Nuclides;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>
/// Recognises an I-123 mIBG cardiac study and picks its images: tracer from the Radiopharmaceutical Information Sequence
/// (0054,0016) by code or name, else from series descriptions with a warning; anterior views from View Code Sequence
/// (0054,0220); early and late by time after injection (CLINICAL §2: ~15–20 min and ~4 h [Flotats2010]).
/// </summary>
public static class MibgStudyRecognition
{
    /// <summary>Images up to this time after injection are "early"; later ones "late".</summary>
    public const double EarlyLateBoundaryHours = 1.5;

    // SNOMED-RT C-B1045 "Iobenguane I^123^" (DICOM CID 25) and the SNOMED CT concept as some systems write it [?].
    private static readonly string[] IobenguaneI123Codes = ["C-B1045", "404707004"];
    // Stems on folded text (DescriptionText.Fold): iobenguane, Iobenguan (DE), iobenguano (ES, IT, PT), iobenguanum; MIBG and
    // mIBG-123, meta-iodobenzylguanidine, méta-iodobenzylguanidine (FR), Metaiodbenzylguanidin (DE).
    private static readonly string[] TracerStems = ["IOBENGUAN", "MIBG", "IODOBENZYLGUANIDIN", "IODBENZYLGUANIDIN", "ADREVIEW"];

    /// <summary>True when the study's tracer or series descriptions say mIBG (used to choose the procedure).</summary>
    public static bool LooksLikeMibg(Study study) =>
        study.Acquisitions.Any(a => a.Radiopharmaceuticals.Any(IsMibg)) ||
        NamesNoTracer(study.Acquisitions) && study.Acquisitions.Any(a => MentionsMibg(a.SeriesDescription));

    // A sparse header names at most the nuclide (I-123 or none): the series description may then say what was given.
    private static bool NamesNoTracer(IEnumerable<NmAcquisition> all) => all.SelectMany(a => a.Radiopharmaceuticals).All(r =>
        r.Name is null && r.RadiopharmaceuticalCode is null && (r.Radionuclide is null || r.Radionuclide == Radionuclide.I123));

    /// <summary>Why the study does not look like mIBG (what the header names instead), or null when it does.</summary>
    public static string? WhyNotMibg(Study study)
    {
        if (LooksLikeMibg(study)) return null;
        var all = study.Acquisitions.ToList();
        return all.Any(a => a.Radiopharmaceuticals.Count > 0)
            ? $"the Radiopharmaceutical Information Sequence (0054,0016) names {TracerNames(all)}, not I-123 iobenguane (mIBG)"
            : "no Radiopharmaceutical Information Sequence (0054,0016) and no series description naming mIBG";
    }

    private static string TracerNames(IEnumerable<NmAcquisition> all) =>
        string.Join(", ", all.SelectMany(a => a.Radiopharmaceuticals).Select(r => r.Name ?? r.RadiopharmaceuticalCode?.Meaning
            ?? (r.Radionuclide is { } n ? $"{n.Name} (no radiopharmaceutical name or code)" : "an item with no radiopharmaceutical name or code")).Distinct());

    /// <summary>Finds the early and late anterior planar images and the SPECT acquisitions (a header naming no tracer is taken
    /// as mIBG when <paramref name="procedureStated"/>); throws
    /// <see cref="ProcedureInputException"/> naming what is missing.</summary>
    public static MibgStudyInputs Recognise(Study study, bool procedureStated = false)
    {
        var warnings = new List<string>();
        var all = study.Acquisitions.ToList();

        // Tracer.
        var rp = all.SelectMany(a => a.Radiopharmaceuticals).FirstOrDefault(IsMibg);
        string evidence;
        if (rp is not null)
        {
            evidence = rp.RadiopharmaceuticalCode is { Value: { } v } && IobenguaneI123Codes.Contains(v, StringComparer.OrdinalIgnoreCase)
                ? $"Radiopharmaceutical Code Sequence (0054,0304) {v} \"{rp.RadiopharmaceuticalCode.Meaning}\""
                : $"Radiopharmaceutical (0018,0031) \"{rp.Name ?? rp.RadiopharmaceuticalCode?.Meaning}\"";
            if (rp.Radionuclide is { } n && n != Radionuclide.I123)
                throw new ProcedureInputException($"the radiopharmaceutical is {rp.Name} labelled with {n.Name}; cardiac H/M analysis needs I-123 mIBG");
            if (rp.HalfLifeSeconds is { } hl && Math.Abs(hl / 3600 / Radionuclide.I123.HalfLifeHours - 1) > 0.01)
                warnings.Add($"(0018,1075) RadionuclideHalfLife is {hl / 3600:0.###} h, more than 1% from I-123's {Radionuclide.I123.HalfLifeHours} h ({Radionuclide.I123.HalfLifeSource}); the table value is used");
        }
        else if (!NamesNoTracer(all))
        {
            throw new ProcedureInputException($"the Radiopharmaceutical Information Sequence (0054,0016) names {TracerNames(all)}, not I-123 iobenguane (mIBG)");
        }
        else if (all.Any(a => MentionsMibg(a.SeriesDescription)) || procedureStated)
        {
            rp = all.SelectMany(a => a.Radiopharmaceuticals).FirstOrDefault();
            var byDescription = all.Any(a => MentionsMibg(a.SeriesDescription));
            evidence = !byDescription ? "--procedure mibg (the header names no tracer)"
                : rp is null ? "series description (no Radiopharmaceutical Information Sequence)"
                : "series description (the Radiopharmaceutical Information Sequence names only the nuclide)";
            var header = rp is null ? "no Radiopharmaceutical Information Sequence (0054,0016)"
                : $"the Radiopharmaceutical Information Sequence (0054,0016) names no radiopharmaceutical, only {rp.Radionuclide?.Name ?? "an item without nuclide"}";
            warnings.Add($"{header}: tracer taken as I-123 mIBG {(byDescription ? "from the series descriptions" : "because --procedure mibg was stated")}"
                + (rp?.StartDateTime is null ? ", injection time unknown" : "") + "; confirm tracer and timing");
        }
        else throw new ProcedureInputException("no Radiopharmaceutical Information Sequence (0054,0016) and no series description naming mIBG: not recognised as an I-123 mIBG study; state it with --procedure mibg");

        var injection = rp?.StartDateTime;
        if (rp is not null && injection is null)
            warnings.Add("(0018,1078) RadiopharmaceuticalStartDateTime and (0018,1072) RadiopharmaceuticalStartTime missing: early and late told apart by acquisition order");

        // Anterior planar images.
        var planar = AnteriorImages(all, injection, warnings);

        MibgPlanarImage early; MibgPlanarImage? late;
        if (injection is not null)
        {
            var earlies = planar.Where(p => p.HoursAfterInjection < EarlyLateBoundaryHours).ToList();
            var lates = planar.Where(p => p.HoursAfterInjection >= EarlyLateBoundaryHours).ToList();
            if (earlies.Count == 0)
                throw new ProcedureInputException($"no early anterior image (acquired < {EarlyLateBoundaryHours} h after injection): anterior images at {string.Join(", ", planar.Select(p => $"{p.HoursAfterInjection:0.00} h ({p.Name})"))}");
            early = earlies[0];
            late = lates.Count == 0 ? null : lates.MinBy(p => Math.Abs(p.HoursAfterInjection!.Value - 4));
            if (earlies.Count > 1 || lates.Count > 1) warnings.Add($"{planar.Count} anterior images: early = {early.Name}, late = {late?.Name ?? "none"} (the late one nearest 4 h)");
        }
        else
        {
            early = planar[0];
            late = planar.Count > 1 && (planar[^1].AcquisitionStart - early.AcquisitionStart).TotalHours >= 1 ? planar[^1] : null;
        }
        early = early with { Label = "early" };
        late = late is null ? null : late with { Label = "late" };
        if (early.HoursAfterInjection is { } he && (he < 10 / 60.0 || he > 40 / 60.0))
            warnings.Add($"early image at {he * 60:0} min after injection, outside the usual 15–30 min [Flotats2010]");
        if (late?.HoursAfterInjection is { } hl2 && (hl2 < 3 || hl2 > 5))
            warnings.Add($"late image at {hl2:0.0} h after injection, outside the usual 3–5 h (~3 h 50 min–4 h [Flotats2010])");

        var spect = all.Where(a => a.ImageType is NmImageType.Tomo or NmImageType.GatedTomo or NmImageType.ReconTomo or NmImageType.ReconGatedTomo).ToList();
        return new MibgStudyInputs(early, late, spect, rp, injection, evidence, warnings);
    }

    /// <summary>The anterior planar images of a calibration phantom (I-123 in heart and mediastinum compartments, imaged with
    /// the clinical protocol), in acquisition order: the tracer need not be mIBG and no injection time is needed. Throws
    /// <see cref="ProcedureInputException"/> when a radionuclide other than I-123 is named or no anterior image is found.</summary>
    public static IReadOnlyList<MibgPlanarImage> PhantomImages(Study study, List<string> warnings)
    {
        var all = study.Acquisitions.ToList();
        if (all.SelectMany(a => a.Radiopharmaceuticals).Select(r => r.Radionuclide).FirstOrDefault(n => n is not null && n != Radionuclide.I123) is { } other)
            throw new ProcedureInputException($"the phantom study names {other.Name}; the conversion coefficient is measured with I-123");
        return AnteriorImages(all, null, warnings).Select((p, i) => p with { Label = $"phantom {i + 1}" }).ToList();
    }

    // The anterior STATIC/WHOLE BODY images with their timing (photopeak window, anterior detector), in acquisition order.
    private static List<MibgPlanarImage> AnteriorImages(IReadOnlyList<NmAcquisition> all, DateTime? injection, List<string> warnings)
    {
        var planar = new List<MibgPlanarImage>();
        foreach (var a in all.Where(a => a.ImageType is NmImageType.Static or NmImageType.WholeBody))
        {
            if (AnteriorFrame(a, warnings) is not { } frame) continue;
            if (a.AcquisitionDateTime is not { } start)
                throw new ProcedureInputException($"{Describe(a)}: (0008,0032) AcquisitionTime missing; early/late timing and decay correction need it");
            var durationMs = a.FrameDurationMs(frame.Frame) ?? throw new ProcedureInputException($"{Describe(a)}: (0018,1242) ActualFrameDuration {a.MissingOrInvalid(DicomTags.ActualFrameDuration)}; count rates need it");
            var detector = frame.Detector is { } d && d <= a.Detectors.Count ? a.Detectors[d - 1] : a.Detectors.FirstOrDefault();
            planar.Add(new MibgPlanarImage("", a, frame.Frame, a.GetFrame(frame.Frame), start, durationMs / 1000,
                injection is { } inj ? (start - inj).TotalHours : null, detector?.View?.Label ?? "ANT (from description)",
                detector?.CollimatorName, detector?.ZoomFactor.Count > 0 ? detector.ZoomFactor[0] : null));
        }
        if (planar.Count == 0)
            throw new ProcedureInputException($"no anterior chest planar image (STATIC with View Code ANT): series seen: {SeriesList(all)}; " +
                "where the header does not name the views, state them with --views (one per detector, e.g. --views ANT,POST)");
        planar.Sort((x, y) => x.AcquisitionStart.CompareTo(y.AcquisitionStart));
        return planar;
    }

    /// <summary>I-123 (or unstated nuclide) iobenguane by code or by name.</summary>
    public static bool IsMibg(Radiopharmaceutical rp)
    {
        if (rp.RadiopharmaceuticalCode?.Value is { } v && IobenguaneI123Codes.Contains(v, StringComparer.OrdinalIgnoreCase)) return true;
        return MentionsMibg(rp.Name) || MentionsMibg(rp.RadiopharmaceuticalCode?.Meaning);
    }

    private static bool MentionsMibg(string? text) => text is not null && DescriptionText.HasStem(DescriptionText.Fold(text), TracerStems);

    // The photopeak window (the one containing 159 keV, narrowest first) of the detector whose view is anterior.
    private static FrameIndex? AnteriorFrame(NmAcquisition a, List<string> warnings)
    {
        IReadOnlyList<FrameIndex> frames;
        try { frames = a.Frames; }
        catch (Imaging.StudyValidationException ex) { warnings.Add($"{Describe(a)} skipped: {ex.Message}"); return null; }
        int? antDetector = null;
        foreach (var d in a.Detectors)
            if (d.View?.Kind == ViewKind.Anterior)
            {
                antDetector = d.Number;
                if (d.View.Source is ViewSource.ImageOrientation or ViewSource.StartAngle or ViewSource.Stated)
                    warnings.Add($"{Describe(a)}: no View Code Sequence (0054,0220); detector {d.Number} taken as anterior, {d.View.Provenance}");
                break;
            }
        if (antDetector is null)
        {
            var noViews = a.Detectors.All(d => d.View is null);
            if (!(noViews && PlanarView.Recognise(a.SeriesDescription) == ViewKind.Anterior)) return null;
            warnings.Add($"{Describe(a)}: no View Code Sequence (0054,0220); taken as anterior from its series description");
            antDetector = a.Detectors.Count > 0 ? a.Detectors[0].Number : null;
        }
        var peak = a.EnergyWindows.Where(w => w.Contains(Radionuclide.I123.PhotopeakKeV)).OrderBy(w => w.WidthKeV).FirstOrDefault();
        if (peak is null && a.EnergyWindows.Count > 0)
        {
            warnings.Add($"{Describe(a)}: no energy window contains 159 keV ({string.Join("; ", a.EnergyWindows)}); skipped");
            return null;
        }
        foreach (var f in frames)
        {
            if (peak is not null && f.EnergyWindow is { } w && w != peak.Number) continue;
            if (antDetector is not null && f.Detector is { } d && d != antDetector) continue;
            return f;
        }
        return null;
    }

    private static string Describe(NmAcquisition a) => $"series {a.SeriesNumber} \"{a.SeriesDescription}\" ({Path.GetFileName(a.SourcePath)})";

    private static string SeriesList(IEnumerable<NmAcquisition> all) =>
        string.Join("; ", all.Select(a => $"{a.SeriesNumber} \"{a.SeriesDescription}\" {a.ImageType.ToDicomTerm()} {string.Join("/", a.Detectors.Select(d => d.View?.Label ?? "no view"))}"));
}
