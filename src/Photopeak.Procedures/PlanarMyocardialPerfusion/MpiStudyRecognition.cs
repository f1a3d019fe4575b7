using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>Tells a planar myocardial perfusion study from the header (Tc-99m sestamibi or tetrofosmin, Tl-201; ANT, LAO,
/// left lateral static views) and reads its images with their state and view.</summary>
internal static class MpiStudyRecognition
{
    private static readonly string[] PerfusionTracer = ["sestamibi", "mibi", "tetrofosmin", "myoview", "cardiolite", "thallium", "thallous", "tl-201", "201tl", "tl201"];
    private static readonly string[] PerfusionDescription = ["myocardial perfusion", "mpi", "myocard", "perfusion myo", "cardiac perfusion"];
    private static readonly string[] StressWords = ["stress", "effort", "exercise", "adenosine", "regadenoson", "dipyridamole", "dobutamine", "belastung"];
    private static readonly string[] RestWords = ["rest", "repos", "ruhe", "reposo"];
    private static readonly string[] RedistributionWords = ["redistribution", "redist", "delayed", "delay", "4h", "24h"];
    private static readonly string[] ReinjectionWords = ["reinjection", "reinj", "re-injection"];

    private static IEnumerable<NmAcquisition> Planar(Study study) =>
        study.PlanarAcquisitions.Where(a => a.ImageType is not (NmImageType.Gated or NmImageType.Dynamic));

    /// <summary>Why the study is not planar MPI, or null when it is.</summary>
    public static string? WhyNot(Study study)
    {
        var planar = Planar(study).ToList();
        if (planar.Count == 0) return "no planar STATIC acquisition";
        if (planar.Any(a => Says(Tracer(a), PerfusionTracer) || IsThallium(a))) return null;
        if (planar.Any(a => Says(Description(a), PerfusionDescription) && (Says(Description(a), StressWords) || Says(Description(a), RestWords)))) return null;
        return "no myocardial perfusion tracer (sestamibi, tetrofosmin, thallium) in the Radiopharmaceutical Information Sequence and no perfusion rest/stress series description";
    }

    /// <summary>The study's GATED acquisitions of a perfusion tracer (gated planar views), in acquisition order: their EF
    /// belongs to the perfusion study.</summary>
    public static IReadOnlyList<NmAcquisition> GatedViews(Study study) =>
        study.Acquisitions.Where(a => a.ImageType == NmImageType.Gated && (Says(Tracer(a), PerfusionTracer) || IsThallium(a)))
            .InAcquisitionOrder();

    /// <summary>The view of a gated acquisition, or null where the header does not tell it: LAO 45 when any of its detectors
    /// faces it, else its first detector's. It chooses the gated acquisition; <see cref="ViewOfDetector"/> names the view of
    /// the detector analysed.</summary>
    public static MpiView? GatedViewOf(NmAcquisition acquisition)
    {
        var views = acquisition.Detectors.Select(d => ViewOf(d, acquisition)).ToList();
        return views.Contains(MpiView.Lao45) ? MpiView.Lao45 : views.Count > 0 ? views[0] : ViewOf(null, acquisition);
    }

    /// <summary>The view of detector <paramref name="number"/> (1-based) of <paramref name="acquisition"/>, or null where the
    /// header does not tell it.</summary>
    public static MpiView? ViewOfDetector(NmAcquisition acquisition, int number) =>
        ViewOf(acquisition.DetectorNumbered(number), acquisition);

    /// <summary>Every usable perfusion image, in acquisition order; views or states that cannot be told go to the warnings.</summary>
    public static List<PerfusionImage> Images(Study study, List<string> warnings)
    {
        var planar = Planar(study).OrderBy(a => a.AcquisitionDateTime ?? DateTime.MaxValue).ThenBy(a => a.SeriesNumber ?? 0).ToList();
        // A gated view stands for its state and view where no static image does (many departments acquire only the gated LAO):
        // its time slots summed are the perfusion image. Static images come first, so they are preferred.
        var gatedViews = GatedViews(study);
        var images = new List<PerfusionImage>();
        var injections = planar.Concat(gatedViews).Select(a => a.Radiopharmaceutical?.StartDateTime).Where(t => t is not null).Select(t => t!.Value).Distinct().Order().ToList();
        // A thallium-only study (stress, redistribution, reinjection) reads its injections apart from a dual-isotope one (Tl-201 at
        // rest, Tc-99m at stress), whose two injections are rest then stress.
        var thalliumOnly = planar.All(IsThallium);
        var thalliumFromOneWindow = false;
        foreach (var acq in planar.Concat(gatedViews))
        {
            var gated = acq.ImageType == NmImageType.Gated;
            var state = StateOf(acq, injections, thalliumOnly, warnings);
            if (state is null) continue;
            if (acq.PixelSpacingMm is not { } spacing)
            {
                warnings.Add($"{Name(acq)}: Pixel Spacing (0028,0030) {acq.MissingOrInvalid(Dicom.DicomTags.PixelSpacing)}; image skipped");
                continue;
            }
            if (WindowsOf(acq, warnings) is not { } windows) continue;
            thalliumFromOneWindow |= windows.Length == 1 && IsThallium(acq) && acq.EnergyWindows.Count > 0;
            foreach (var d in acq.Frames.Select(f => f.Detector ?? 1).Distinct().Order())
            {
                var detector = d <= acq.Detectors.Count ? acq.Detectors[d - 1] : null;
                var view = ViewOf(detector, acq);
                if (view is null)
                {
                    warnings.Add($"{Name(acq)}: detector {d} is not an ANT, LAO or left lateral view (View Code Sequence (0054,0220)); skipped");
                    continue;
                }
                // A static view's frame per window; every time slot of a gated one.
                var frames = windows.Select(w => acq.Frames.Where(f => (f.Detector ?? 1) == d && (f.EnergyWindow ?? 1) == w).Take(gated ? int.MaxValue : 1).ToList()).ToArray();
                if (frames.Any(f => f.Count == 0))
                {
                    warnings.Add($"{Name(acq)}: detector {d} has no frame in photopeak window {string.Join(" or ", windows.Where((_, k) => frames[k].Count == 0))} (Energy Window Vector (0054,0010)); skipped");
                    continue;
                }
                if (images.Any(i => i.State == state && i.View == view))
                {
                    if (!gated)
                        warnings.Add($"{Name(acq)}: a second {state.Value.ToString().ToLowerInvariant()} {PerfusionImage.ViewLabel(view.Value)} image; the first is used");
                    continue;
                }
                var all = frames.SelectMany(f => f).ToList();
                var image = acq.GetFrame(all[0].Frame);
                var pixels = image.Pixels;
                foreach (var more in all.Skip(1))
                    System.Numerics.Tensors.TensorPrimitives.Add(pixels, acq.GetFrame(more.Frame).Pixels, pixels);
                if (gated)
                    warnings.Add($"{state.Value.ToString().ToLowerInvariant()} {PerfusionImage.ViewLabel(view.Value)}: no static image; the {frames[0].Count} time slots of the gated {Name(acq)} summed as its perfusion image");
                images.Add(new PerfusionImage(state.Value, view.Value, acq, pixels, image.Height, image.Width, spacing.ColumnMm));
            }
        }
        if (thalliumFromOneWindow)
            warnings.Add("Tl-201 read from one energy window (no 167 keV window beside the x-ray one, Energy Window Information Sequence (0054,0012)): the thallium normal limits were made from both windows summed, so a marginal defect may be over- or under-called");
        return images;
    }

    // The windows summed into each image: every photopeak window of the nuclide (Tl-201's Hg x-ray and 167 keV windows, as
    // planar thallium imaging takes both [Henzlova2016]), a single-line nuclide's one window. Without a window description the
    // frames are taken as they are; one described window that misses the photopeak is read with a warning (a nuclide or window
    // misdeclared); among several that all miss it none is guessed: the acquisition is skipped (null).
    private static int[]? WindowsOf(NmAcquisition acq, List<string> warnings)
    {
        if (acq.ImagedPhotopeakWindows is { Count: > 0 } imaged) return [.. imaged.Select(w => w.Number)];
        var nuclide = acq.Radionuclide ?? Imaging.Nuclides.Radionuclide.Tc99m;
        var line = nuclide.MainLineSpanKeV is { } span ? FormattableString.Invariant($"{span.LowerKeV:0.#}-{span.UpperKeV:0.#} keV x-ray") : FormattableString.Invariant($"{nuclide.PhotopeakKeV:0.#} keV");
        switch (acq.EnergyWindows.Count)
        {
            case 0:
                warnings.Add($"{Name(acq)}: no Energy Window Information Sequence (0054,0012); its frames are taken as the {nuclide.Name} {line} photopeak");
                return [1];
            case 1:
                var only = acq.EnergyWindows[0];
                warnings.Add($"{Name(acq)}: its one energy window ({only}) does not hold the {nuclide.Name} {line} photopeak (Energy Window Information Sequence (0054,0012)); read as the photopeak: check the nuclide and the window");
                return [only.Number];
            default:
                warnings.Add($"{Name(acq)}: none of its energy windows ({string.Join("; ", acq.EnergyWindows)}) holds the {nuclide.Name} {line} photopeak (Energy Window Information Sequence (0054,0012)); skipped");
                return null;
        }
    }

    // ANT, left lateral, and LAO by its obliquity: Start Angle (PS3.3 C.8.4.12: ANT 180°, left lateral 90°) 180 − angle ≥ 60° is
    // an LAO 70 standing in for the lateral; otherwise (or unknown) the LAO 45.
    private static MpiView? ViewOf(Detector? detector, NmAcquisition acq)
    {
        var kind = detector?.View?.Kind ?? PlanarView.Recognise(acq.SeriesDescription) ?? ViewKind.Unknown;
        switch (kind)
        {
            case ViewKind.Anterior: return MpiView.Anterior;
            case ViewKind.LeftLateral: return MpiView.LeftLateral;
            case ViewKind.LeftAnteriorOblique:
                if (detector?.StartAngleDeg is { } angle && 180 - angle is >= 60 and < 90) return MpiView.LeftLateral;
                if (detector?.StartAngleDeg is null && (acq.SeriesDescription ?? "").Contains("70", StringComparison.Ordinal)) return MpiView.LeftLateral;
                return MpiView.Lao45;
            default: return null;
        }
    }

    private static PerfusionState? StateOf(NmAcquisition acq, List<DateTime> injections, bool thalliumOnly, List<string> warnings)
    {
        var text = Description(acq);
        if (Says(text, ReinjectionWords)) return PerfusionState.Reinjection;
        if (Says(text, RedistributionWords)) return PerfusionState.Redistribution;
        if (Says(text, StressWords)) return PerfusionState.Stress;
        if (Says(text, RestWords)) return PerfusionState.Rest;
        // Without words: two injections on one day are rest then stress (the one-day rest/stress protocol, the commoner
        // order [Henzlova2016]).
        var injected = acq.Radiopharmaceutical?.StartDateTime;
        // Thallium: the first injection at stress, imaged early (stress) and after 2 h (redistribution); a second injection is a
        // reinjection [Henzlova2016].
        if (thalliumOnly && injections.Count is 1 or 2 && injected is { } tl && acq.AcquisitionDateTime is { } when)
        {
            var state = tl != injections[0] ? PerfusionState.Reinjection : (when - tl).TotalHours >= 2 ? PerfusionState.Redistribution : PerfusionState.Stress;
            if (injections.Count == 2)
                warnings.Add($"{Name(acq)}: state not named in the series description; taken as {state.ToString().ToLowerInvariant()} from the thallium injections and the imaging time");
            return state;
        }
        if (injections.Count == 2 && injected is { } t)
        {
            warnings.Add($"{Name(acq)}: state not named in the series description; taken as {(t == injections[1] ? "stress" : "rest")} from the injection order (one-day rest/stress protocol assumed)");
            return t == injections[1] ? PerfusionState.Stress : PerfusionState.Rest;
        }
        warnings.Add($"{Name(acq)}: neither the series description nor the injections say rest or stress; image skipped");
        return null;
    }

    /// <summary>True when the Radiopharmaceutical Information Sequence names thallium-201 or codes its radionuclide.</summary>
    public static bool IsThallium(NmAcquisition a) => a.Radionuclide == Imaging.Nuclides.Radionuclide.Tl201 || Says(Tracer(a), ["thall", "tl-201", "201tl", "tl201"]);

    private static string Tracer(NmAcquisition a) => string.Join(" ", a.Radiopharmaceuticals.Select(r => $"{r.Name} {r.RadiopharmaceuticalCode?.Meaning}")).ToLowerInvariant();

    private static string Description(NmAcquisition a) => (a.SeriesDescription ?? "").ToLowerInvariant();

    private static bool Says(string text, string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));

    private static string Name(NmAcquisition a) => a.SourcePath is { } p ? Path.GetFileName(p) : a.SeriesDescription ?? a.SopInstanceUid ?? "acquisition";
}
