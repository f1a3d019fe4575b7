using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Finds the perfusion (Tc-99m MAA) and ventilation (Tc-99m DTPA aerosol, Technegas, Kr-81m) planar views of a study: tracer from the
/// Radiopharmaceutical Information Sequence (else the series description, with a warning), view from each detector's View Code
/// Sequence (else the series or image description, with a warning), photopeak frame = the energy window holding the main photon.
/// </summary>
public static class LungStudyRecognition
{
    private static readonly string[] PerfusionWords = ["MAA", "MACROAGGREGATED", "MACRO AGGREGATED", "AGGREGATED ALBUMIN", "PERFUSION", "PERF", " Q "];
    private static readonly string[] VentilationWords = ["DTPA", "TECHNEGAS", "KR-81M", "KR81M", "KRYPTON", "AEROSOL", "VENTILATION", "VENT", " V "];

    /// <summary>True when the study holds a recognisable Tc-99m MAA perfusion acquisition.</summary>
    public static bool IsPerfusionStudy(Study study) => study.Acquisitions.Any(a => Classify(a, []) == "perfusion");

    /// <summary>Perfusion views (required), ventilation views and the MAA whole-body scan (null when not acquired), plus warnings
    /// about fallbacks. A WHOLE BODY acquisition is kept apart from the lung views: it serves the shunt fraction.</summary>
    public static (LungStudyViews Perfusion, LungStudyViews? Ventilation, LungStudyViews? WholeBody) Recognise(Study study, List<string> warnings)
    {
        var perf = new List<LungView>(); var vent = new List<LungView>(); var wholeBody = new List<LungView>();
        string? perfTracer = null, ventTracer = null;
        foreach (var acq in study.Acquisitions)
        {
            var kind = Classify(acq, warnings);
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

    private static string? Classify(NmAcquisition acq, List<string> warnings)
    {
        var rp = acq.Radiopharmaceutical;
        var tracerText = " " + $"{rp?.Name} {rp?.RadiopharmaceuticalCode?.Meaning} {rp?.RadionuclideCode?.Meaning}".ToUpperInvariant() + " ";
        if (Has(tracerText, VentilationWords)) return "ventilation";
        if (Has(tracerText, PerfusionWords)) return "perfusion";
        var description = " " + (acq.SeriesDescription ?? "").ToUpperInvariant().Replace('_', ' ').Replace('/', ' ') + " ";
        string? byDescription = Has(description, VentilationWords) ? "ventilation" : Has(description, PerfusionWords) ? "perfusion" : null;
        if (byDescription is not null)
            warnings.Add($"{Name(acq)}: radiopharmaceutical not recognised ('{rp?.Name ?? "absent"}'); taken as {byDescription} from the series description '{acq.SeriesDescription}'");
        return byDescription;
    }

    private static bool Has(string text, string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));

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

    /// <summary>The 1-based energy window holding 140.5 keV (Tc-99m); window 1 with a warning when none does.</summary>
    private static int PhotopeakWindow(NmAcquisition acq, List<string> warnings)
    {
        var keV = acq.Radionuclide?.PhotonEnergiesKeV.Count > 0 ? acq.Radionuclide.PhotonEnergiesKeV[0] : 140.5;
        foreach (var w in acq.EnergyWindows)
            if (w.LowerKeV <= keV && keV <= w.UpperKeV) return w.Number;
        if (acq.EnergyWindows.Count > 0)
            warnings.Add($"{Name(acq)}: no energy window holds {keV} keV; window 1 used as the photopeak");
        return 1;
    }
}
