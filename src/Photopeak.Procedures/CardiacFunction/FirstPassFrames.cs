using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Pixels;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.CardiacFunction;

/// <summary>
/// The frames of one first-pass acquisition in time order (photopeak window, the detector facing RAO or ANT: see
/// <see cref="PhotopeakFrames"/>), as float counts, with their common duration. A first pass needs short frames: ≤ 50 ms
/// resolves end-systole at rest [Friedman2006].
/// </summary>
public sealed class FirstPassFrames
{
    /// <summary>Longest frame that can still place end-systole, ms (ASNC asks for 25–50 ms).</summary>
    public const double LongestFrameMs = 100;
    /// <summary>Fewest seconds of frames that can hold a right and a left ventricular phase.</summary>
    public const double ShortestSeconds = 8;

    private FirstPassFrames(NmAcquisition acquisition, float[][] frames, int rows, int columns, double pixelMm, double frameSeconds,
        IReadOnlyList<string> warnings, int detector, double? acquiredPixelMm = null)
    {
        Acquisition = acquisition; Frames = frames; Rows = rows; Columns = columns; PixelMm = pixelMm; FrameSeconds = frameSeconds; Warnings = warnings;
        Detector = detector; AcquiredPixelMm = acquiredPixelMm ?? pixelMm;
    }

    /// <summary>Number of the detector whose frames these are (Detector Vector (0054,0020)).</summary>
    public int Detector { get; }

    public NmAcquisition Acquisition { get; }
    /// <summary>One image per frame in acquisition order, Rows × Columns counts.</summary>
    public float[][] Frames { get; }
    public int Rows { get; }
    public int Columns { get; }
    public double PixelMm { get; }
    /// <summary>The camera's pixel, mm: <see cref="PixelMm"/> unless the frames were <see cref="Interpolated"/>.</summary>
    public double AcquiredPixelMm { get; }
    /// <summary>Duration of every frame, s.</summary>
    public double FrameSeconds { get; }
    public IReadOnlyList<string> Warnings { get; }
    public int Count => Frames.Length;

    /// <summary>Name of the file or series, for messages.</summary>
    public string Source => Acquisition.SourcePath ?? Acquisition.SeriesDescription ?? Acquisition.SopInstanceUid ?? "first-pass acquisition";

    /// <summary>Reads the frames; throws <see cref="ProcedureInputException"/> naming the file and tag when they cannot give a
    /// first-pass ejection fraction (not DYNAMIC, no or unequal frame durations, frames too long, too few seconds).</summary>
    public static FirstPassFrames Read(NmAcquisition acq)
    {
        ArgumentNullException.ThrowIfNull(acq);
        var source = acq.SourcePath ?? acq.SopInstanceUid ?? "first-pass acquisition";
        if (acq.ImageType != NmImageType.Dynamic)
            throw new ProcedureInputException($"{source}: Image Type (0008,0008) is {acq.ImageType.ToDicomTerm()}, not DYNAMIC: no first pass to analyse");
        var warnings = new List<string>();
        // The engine outlines the ventricles in RAO (the LV clear of its atrium), else in the anterior view.
        var (inWindow, detector) = PhotopeakFrames.Of(acq, source, warnings, ViewKind.RightAnteriorOblique, ViewKind.Anterior);
        var frames = inWindow.OrderBy(f => f.Phase ?? 1).ThenBy(f => f.TimeSlice ?? f.Frame).ToList();
        if (acq.PixelSpacingMm is not { } spacing)
            throw new ProcedureInputException($"{source}: Pixel Spacing (0028,0030) {acq.MissingOrInvalid(Dicom.DicomTags.PixelSpacing)}; ventricular regions are sized in mm");
        if (frames.Count == 0)
            throw new ProcedureInputException($"{source}: no frame of detector {detector} in the photopeak window (Energy Window Vector (0054,0010), Detector Vector (0054,0020)); no first pass to analyse");
        var durations = frames.Select(f => acq.FrameDurationMs(f.Frame)).ToList();
        // A phase without a duration beside timed ones (a slower phase written without it, say) is left out: its frames
        // cannot be placed in time. Where no phase, or a phase only in part, is timed, the study is refused.
        var untimed = frames.Where((f, i) => durations[i] is not > 0).Select(f => f.Phase ?? 1).ToHashSet();
        if (untimed.Count > 0)
        {
            var timedFrames = frames.Where((f, i) => durations[i] is > 0).ToList();
            if (timedFrames.Count == 0 || timedFrames.Any(f => untimed.Contains(f.Phase ?? 1)))
                throw new ProcedureInputException($"{source}: Actual Frame Duration (0018,1242) in the Phase Information Sequence (0054,0032) is missing; a first pass is timed by its frames");
            warnings.Add($"{source}: phase{(untimed.Count > 1 ? "s" : "")} {string.Join(", ", untimed.Order())} of the Phase Information Sequence (0054,0032) left out: no Actual Frame Duration (0018,1242), so {(untimed.Count > 1 ? "their" : "its")} frames cannot be timed");
            durations = [.. durations.Where(d => d is > 0)];
            frames = timedFrames;
        }
        var ms = durations[0]!.Value;
        if (durations.Any(d => Math.Abs(d!.Value - ms) > 0.01 * ms))
        {
            ms = FastestRun(acq, source, frames, durations, warnings, out var kept);
            frames = [.. frames.Where(f => kept.Contains(f.Phase ?? 1))];
        }
        if (ms > LongestFrameMs)
            throw new ProcedureInputException(FormattableString.Invariant($"{source}: frames of {ms} ms (Actual Frame Duration (0018,1242)): a first pass needs frames of {LongestFrameMs} ms or less (25–50 ms) to resolve the cardiac cycle"));
        if (frames.Count * ms / 1000 < ShortestSeconds)
            throw new ProcedureInputException(FormattableString.Invariant($"{source}: {frames.Count} frames of {ms} ms ({frames.Count * ms / 1000:0.#} s); a first pass needs at least {ShortestSeconds} s to hold the right and left ventricular phases"));
        int rows = acq.Rows ?? 0, cols = acq.Columns ?? 0;
        var images = new float[frames.Count][];
        for (var i = 0; i < frames.Count; i++)
        {
            images[i] = new float[rows * cols];
            acq.GetFrame(frames[i].Frame, images[i]);
        }
        return new FirstPassFrames(acq, images, rows, cols, spacing.ColumnMm, ms / 1000, warnings, detector);
    }

    // A first pass before or after slower phases (e.g. 25 ms frames for the transit, then 1 s frames): the first phase of
    // frames of LongestFrameMs or less and the phases that follow it without a gap (numbered on, no Phase Delay (0054,0036))
    // at the same frame rate are analysed; the others are left out with a warning. Returns their frame duration, ms.
    private static double FastestRun(NmAcquisition acq, string source, List<FrameIndex> frames, List<double?> durations, List<string> warnings,
        out HashSet<int> kept)
    {
        var phases = frames.Select((f, i) => (Phase: f.Phase ?? 1, Ms: durations[i]!.Value)).Distinct().ToList();
        var listed = string.Join(", ", durations.Distinct().Select(d => FormattableString.Invariant($"{d} ms")));
        if (phases.GroupBy(p => p.Phase).Any(g => g.Count() > 1))
            throw new ProcedureInputException($"{source}: frames of one phase of the Phase Information Sequence (0054,0032) have different durations ({listed}); a representative cycle needs one frame rate");
        var fastFrom = phases.FindIndex(p => p.Ms <= LongestFrameMs);
        if (fastFrom < 0)
            throw new ProcedureInputException(FormattableString.Invariant($"{source}: the phases of the Phase Information Sequence (0054,0032) have frames of {listed}, none of {LongestFrameMs} ms or less: no first pass to analyse"));
        var ms = phases[fastFrom].Ms;
        kept = [phases[fastFrom].Phase];
        for (var k = fastFrom + 1; k < phases.Count; k++)
        {
            var (phase, phaseMs) = phases[k];
            var delay = phase <= acq.Phases.Count ? acq.Phases[phase - 1].PhaseDelayMs : null;
            if (phase != phases[k - 1].Phase + 1 || delay is > 0 || Math.Abs(phaseMs - ms) > 0.01 * ms) break;
            kept.Add(phase);
        }
        var inRun = kept;
        var left = phases.Where(p => !inRun.Contains(p.Phase)).ToList();
        warnings.Add(FormattableString.Invariant($"{source}: phase{(left.Count > 1 ? "s" : "")} {string.Join(", ", left.Select(p => FormattableString.Invariant($"{p.Phase} ({frames.Count(f => (f.Phase ?? 1) == p.Phase)} frames of {p.Ms:0.#} ms)")))} of the Phase Information Sequence (0054,0032) left out: the first pass is analysed on phase{(kept.Count > 1 ? "s" : "")} {string.Join(", ", kept.Order())} (frames of {ms:0.#} ms)"));
        return ms;
    }

    /// <summary>These frames interpolated onto pixels <paramref name="factor"/> times finer (counts kept); this instance when
    /// the factor is 1.</summary>
    public FirstPassFrames Interpolated(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (factor == 1) return this;
        return new FirstPassFrames(Acquisition, BilinearSampling.Upsample(Frames, Rows, Columns, factor), Rows * factor, Columns * factor, PixelMm / factor, FrameSeconds, Warnings, Detector, AcquiredPixelMm);
    }
}
