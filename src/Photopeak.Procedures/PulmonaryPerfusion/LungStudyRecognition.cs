using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Nuclides;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Finds the perfusion (Tc-99m MAA) and ventilation (Tc-99m DTPA aerosol, Technegas, Kr-81m) planar views of a study: tracer from the
/// Radiopharmaceutical Information Sequence (else the series description, with a warning), view from each detector's View Code
/// Sequence (else the series or image description, with a warning), photopeak frame = the energy window holding the main photon.
/// </summary>
public static class LungStudyRecognition
{
    // Matched on DescriptionText.Fold (upper case, accents and punctuation gone). Whole words where a short token could be part of
    // another word (VENT in VENTRAL, PERF); stems where languages inflect (PERFUSION, PERFUSIE, PERFUSAO; VENTILATION,
    // VENTILACION, VENTILAZIONE, VENTILATIE; MACROAGGREGATED, MACROAGREGADOS, MAKROAGGREGAT).
    private static readonly string[] PerfusionWords = ["MAA", "PERF", "Q", "MAKROALBUMIN"];
    private static readonly string[] PerfusionStems = ["PERFUS", "MACROAGG", "MACROAGREG", "MAKROAGG", "MACRO AGG", "MACRO AGREG", "AGGREGATED ALBUMIN"];
    private static readonly string[] VentilationWords = ["DTPA", "VENT", "V", "KR 81M", "KR81M", "81MKR"];
    private static readonly string[] VentilationStems = ["VENTILA", "TECHNEGAS", "KRYPTON", "AEROSOL", "INHALA"];
    // "Lung scan" in the languages of the sites: with Tc-99m and no ventilation word, a lung study is a perfusion study.
    private static readonly string[] LungStems = ["LUNG", "PULMON", "POUMON", "POLMON", "LONG SCAN", "LONGSCINT", "LONGPERF"];

    /// <summary>True when the study holds a recognisable Tc-99m MAA perfusion acquisition.</summary>
    public static bool IsPerfusionStudy(Study study) => study.Acquisitions.Any(a => Classify(a, [], false) == "perfusion");

    /// <summary>Perfusion views (required), ventilation views and the MAA whole-body scan (null when not acquired), plus warnings
    /// about fallbacks. A WHOLE BODY acquisition is kept apart from the lung views: it serves the shunt fraction. When the
    /// procedure was stated (<paramref name="procedureStated"/>), planar Tc-99m acquisitions that name no tracer are taken as perfusion.</summary>
    public static (LungStudyViews Perfusion, LungStudyViews? Ventilation, LungStudyViews? WholeBody) Recognise(Study study, List<string> warnings, bool procedureStated = false)
    {
        var perf = new List<LungView>(); var vent = new List<LungView>(); var wholeBody = new List<LungView>();
        string? perfTracer = null, ventTracer = null;
        foreach (var acq in study.Acquisitions)
        {
            var kind = Classify(acq, warnings, procedureStated);
            if (kind is null) continue;
            if (acq.ImageType is not (NmImageType.Static or NmImageType.WholeBody or NmImageType.Unknown))
            {
                warnings.Add($"{Name(acq)}: {acq.ImageType.ToDicomTerm()} acquisition skipped (planar views are analysed)");
                continue;
            }
            if (kind == "perfusion" && acq.ImageType == NmImageType.WholeBody)
            {
                // Optional: an unreadable whole-body scan costs only the shunt fraction, with the file and tag named.
                try { wholeBody.AddRange(ReadViews(acq, warnings)); }
                catch (StudyValidationException ex) { warnings.Add($"whole-body scan not used, no shunt fraction: {ex.Message}"); }
                continue;
            }
            var views = ReadViews(acq, warnings);
            if (views.Count == 0)
                throw new StudyValidationException(acq.SourcePath, DicomTags.ViewCodeSequence,
                    $"{kind} acquisition {Name(acq)}: no detector's view is known (View Code Sequence (0054,0220) empty, no usable Image " +
                    "Orientation (Patient) or Start Angle, no view named in the description); state the views with --views, e.g. --views ANT,POST");
            if (kind == "perfusion") { perf.AddRange(views); perfTracer ??= acq.Radiopharmaceutical?.Name ?? "Tc-99m MAA"; }
            else { vent.AddRange(views); ventTracer ??= acq.Radiopharmaceutical?.Name ?? "ventilation agent"; }
        }
        if (perf.Count == 0 && wholeBody.Count > 0)
            throw new StudyValidationException(wholeBody[0].Acquisition.SourcePath, DicomTags.ImageType,
                "the study holds a Tc-99m MAA whole-body scan but no static lung views (ANT, POST...); the lung analysis needs static views");
        if (perf.Count == 0)
            throw new StudyValidationException(null, DicomTags.RadiopharmaceuticalInformationSequence,
                "no Tc-99m MAA perfusion acquisition in the study (radiopharmaceutical and series descriptions name none)");
        return (new LungStudyViews(perfTracer!, perf), vent.Count > 0 ? new LungStudyViews(ventTracer!, vent) : null,
            wholeBody.Count > 0 ? new LungStudyViews(perfTracer ?? "Tc-99m MAA", wholeBody) : null);
    }

    private static string Name(NmAcquisition a) => Path.GetFileName(a.SourcePath) ?? a.SopInstanceUid ?? "acquisition";

    private static string? Classify(NmAcquisition acq, List<string> warnings, bool procedureStated)
    {
        var rp = acq.Radiopharmaceutical;
        var tracerText = DescriptionText.Fold($"{rp?.Name} {rp?.RadiopharmaceuticalCode?.Meaning} {rp?.RadionuclideCode?.Meaning}");
        if (IsVentilation(tracerText)) return "ventilation";
        if (IsPerfusion(tracerText)) return "perfusion";
        var description = DescriptionText.Fold(acq.SeriesDescription);
        var tc99m = rp?.Radionuclide is { } n ? n == Radionuclide.Tc99m : (bool?)null;
        string? byDescription = IsVentilation(description) ? "ventilation" : IsPerfusion(description) ? "perfusion"
            : tc99m == true && DescriptionText.HasStem(description, LungStems) ? "perfusion" : null;
        if (byDescription is not null)
        {
            warnings.Add($"{Name(acq)}: radiopharmaceutical not recognised ('{rp?.Name ?? rp?.Radionuclide?.Name ?? "absent"}'); taken as {byDescription} from the series description '{acq.SeriesDescription}'");
            return byDescription;
        }
        if (procedureStated && tc99m != false && acq.ImageType is NmImageType.Static or NmImageType.Unknown)
        {
            warnings.Add($"{Name(acq)}: neither the Radiopharmaceutical Information Sequence (0054,0016) nor the series description names the tracer; taken as Tc-99m MAA perfusion because --procedure lung-perfusion was stated");
            return "perfusion";
        }
        return null;
    }

    private static bool IsPerfusion(string folded) => DescriptionText.HasWord(folded, PerfusionWords) || DescriptionText.HasStem(folded, PerfusionStems);

    private static bool IsVentilation(string folded) => DescriptionText.HasWord(folded, VentilationWords) || DescriptionText.HasStem(folded, VentilationStems);

    private static List<LungView> ReadViews(NmAcquisition acq, List<string> warnings)
    {
        var result = new List<LungView>();
        var frames = acq.Frames;
        var window = PhotopeakWindow(acq, warnings);
        var detectors = frames.Select(f => f.Detector ?? 1).Distinct().Order().ToArray();
        var descriptionParts = (acq.SeriesDescription ?? "").Split(['/', ','], StringSplitOptions.TrimEntries);
        foreach (var d in detectors)
        {
            var frame = frames.FirstOrDefault(f => (f.Detector ?? 1) == d && (f.EnergyWindow ?? 1) == window)
                ?? throw new StudyValidationException(acq.SourcePath, DicomTags.EnergyWindowVector, $"detector {d} has no frame in energy window {window}");
            var view = d <= acq.Detectors.Count ? acq.Detectors[d - 1].View : null;
            var kind = view?.Kind ?? ViewKind.Unknown;
            var fromDescription = false;
            if (view is { Source: ViewSource.ImageOrientation or ViewSource.StartAngle or ViewSource.Stated })
                warnings.Add($"{Name(acq)}: detector {d} has no View Code Sequence (0054,0220); view {view.Label} {view.Provenance}");
            if (kind == ViewKind.Unknown)
            {
                // Fallback: "Perfusion ANT/POST" names the detectors' views in order; a single view may be named anywhere in it.
                var text = descriptionParts.Length == detectors.Length ? descriptionParts[Array.IndexOf(detectors, d)] : acq.SeriesDescription;
                if (descriptionParts.Length == detectors.Length && Array.IndexOf(detectors, d) == 0)
                    text = descriptionParts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
                kind = PlanarView.Recognise(text) ?? PlanarView.Recognise(acq.ImageComments) ?? ViewKind.Unknown;
                if (kind == ViewKind.Unknown)
                {
                    warnings.Add($"{Name(acq)}: detector {d} has no View Code Sequence and no view in its description; frame skipped");
                    continue;
                }
                fromDescription = true;
                warnings.Add($"{Name(acq)}: detector {d} has no usable View Code Sequence (0054,0220); view {kind} taken from the description");
            }
            var image = acq.GetFrame(frame.Frame);
            result.Add(new LungView(kind, view?.Label ?? kind.ToString(), acq, frame.Frame, image, fromDescription));
        }
        return result;
    }

    /// <summary>The 1-based energy window holding the photopeak; window 1 with a warning when none does.</summary>
    private static int PhotopeakWindow(NmAcquisition acq, List<string> warnings)
    {
        if (acq.PhotopeakWindowNumber is { } number) return number;
        var keV = acq.Radionuclide?.PhotonEnergiesKeV.Count > 0 ? acq.Radionuclide.PhotonEnergiesKeV[0] : 140.5;
        if (acq.EnergyWindows.Count > 0)
            warnings.Add($"{Name(acq)}: no energy window holds {keV} keV; window 1 used as the photopeak");
        return 1;
    }
}
