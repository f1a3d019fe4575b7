using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.CardiacFunction;

/// <summary>
/// The frames of one gated acquisition over the R-R interval (time slot order, photopeak window, the detector facing LAO: see
/// <see cref="PhotopeakFrames"/>), as float counts, with the gating facts the QC needs. Frame 0 is the first slot after the
/// R wave (end-diastole in forward gating).
/// </summary>
public sealed class GatedCycle
{
    /// <summary>Fewer time slots cannot place end-systole within a frame (Bacharach 1979 asks for ≤ 50 ms frames at rest).</summary>
    public const int MinimumFrames = 8;

    private GatedCycle(NmAcquisition acquisition, float[][] frames, int rows, int columns, double pixelMm, double? frameMs, IReadOnlyList<string> warnings,
        int patientLeftColumnSign, int caudalRowSign, int detector, int intervalBin, double? acquiredPixelMm = null)
    {
        Detector = detector; IntervalBin = intervalBin;
        Acquisition = acquisition; Frames = frames; Rows = rows; Columns = columns; PixelMm = pixelMm; FrameMs = frameMs; Warnings = warnings;
        PatientLeftColumnSign = patientLeftColumnSign; CaudalRowSign = caudalRowSign; AcquiredPixelMm = acquiredPixelMm ?? pixelMm;
    }

    /// <summary>Number of the detector whose frames these are (Detector Vector (0054,0020)).</summary>
    public int Detector { get; }

    /// <summary>The R-R interval bin analysed (R-R Interval Vector (0054,0060); 1 where there is one), the number of its item
    /// in the Gated Information Sequence.</summary>
    public int IntervalBin { get; }

    /// <summary>The camera's pixel, mm: <see cref="PixelMm"/> unless the frames were <see cref="Interpolated"/>.</summary>
    public double AcquiredPixelMm { get; }

    /// <summary>These frames interpolated onto pixels <paramref name="factor"/> times finer (counts kept); this instance when
    /// the factor is 1.</summary>
    public GatedCycle Interpolated(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (factor == 1) return this;
        return new GatedCycle(Acquisition, Imaging.Pixels.BilinearSampling.Upsample(Frames, Rows, Columns, factor), Rows * factor, Columns * factor, PixelMm / factor, FrameMs, Warnings,
            PatientLeftColumnSign, CaudalRowSign, Detector, IntervalBin, AcquiredPixelMm);
    }

    /// <summary>A slot whose whole-frame counts fall this share below the first half's median is under-filled.</summary>
    public const double UnderFilledFraction = 0.05;

    /// <summary>The cycle with its under-filled slots scaled up to the median whole-frame counts of the first half of the
    /// cycle, and the factor of each slot (1 where none was needed); this instance when no slot is under-filled.</summary>
    /// <remarks>Forward gating with beats of varying length (premature beats, atrial fibrillation) under-fills the late
    /// slots: a slot past a short beat's end collects from fewer beats, and its LV counts read like a smaller ventricle. The
    /// whole field's counts hardly change over a regular cycle (the blood stays in view; within 2.5 % of the median on 194
    /// simulated regular studies), so each slot's whole-frame counts tell how many beats it holds [?: frame count
    /// normalisation, as commercial packages offer]. The first half of the cycle is filled by every beat longer than half
    /// the R-R interval.</remarks>
    public GatedCycle FillCorrected(out double[] factors)
    {
        var totals = WholeFrameCounts;
        var firstHalf = totals.Take(Math.Max(1, Count / 2)).Order().ToArray();
        var reference = firstHalf[firstHalf.Length / 2];
        factors = [.. totals.Select(t => t > 0 && t < (1 - UnderFilledFraction) * reference ? reference / t : 1)];
        if (factors.All(f => f == 1)) return this;
        var scaled = new float[Count][];
        for (var i = 0; i < Count; i++)
        {
            scaled[i] = (float[])Frames[i].Clone();
            if (factors[i] != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(scaled[i], (float)factors[i], scaled[i]);
        }
        return new GatedCycle(Acquisition, scaled, Rows, Columns, PixelMm, FrameMs, Warnings, PatientLeftColumnSign, CaudalRowSign, Detector,
            IntervalBin, AcquiredPixelMm);
    }

    /// <summary>+1 when the patient's left lies towards higher columns (the display convention of anterior and LAO views),
    /// −1 when the detector's Image Orientation (Patient) says the image is mirrored.</summary>
    public int PatientLeftColumnSign { get; }

    /// <summary>+1 when the feet lie towards higher rows (head up), −1 when Image Orientation (Patient) says the image is upside down.</summary>
    public int CaudalRowSign { get; }

    public NmAcquisition Acquisition { get; }
    /// <summary>One image per time slot, Rows × Columns counts.</summary>
    public float[][] Frames { get; }
    public int Rows { get; }
    public int Columns { get; }
    public double PixelMm { get; }
    /// <summary>Duration of one time slot (ms) from the header, or null.</summary>
    public double? FrameMs { get; }
    public IReadOnlyList<string> Warnings { get; }
    public int Count => Frames.Length;

    /// <summary>How much harmonic <paramref name="harmonic"/> of the cycle survives in frames that each collect counts over their
    /// 1/<paramref name="frames"/> of every R-R interval: sinc(πh/N), the transfer of a box-car of one frame's width (frame
    /// duration lowers the measured EF [Bacharach1979]; 0.975 and 0.900 for harmonics 1 and 2 at 8 frames). Each frame is
    /// taken as 1/N of the interval, as frame-mode gating bins it.</summary>
    public static double FrameIntegrationGain(int harmonic, int frames)
    {
        var x = Math.PI * harmonic / frames;
        return x == 0 ? 1 : Math.Sin(x) / x;
    }

    /// <summary>Each time slot's counts over the whole frame. Computed once.</summary>
    public IReadOnlyList<double> WholeFrameCounts => wholeFrameCounts ??= [.. Frames.Select(WholeFrame)];
    private double[]? wholeFrameCounts;

    private static double WholeFrame(float[] frame)
    {
        double sum = 0;
        foreach (var v in frame) sum += v;
        return sum;
    }

    /// <summary>Every frame summed (Rows × Columns counts): the cycle as an ungated image. Computed once.</summary>
    public float[] SummedFrames => summed ??= Sum(Frames);
    private float[]? summed;

    private static float[] Sum(float[][] frames)
    {
        var sum = new float[frames[0].Length];
        foreach (var frame in frames) System.Numerics.Tensors.TensorPrimitives.Add(sum, frame, sum);
        return sum;
    }

    /// <summary>Name of the file or series, for messages.</summary>
    public string Source => Acquisition.SourcePath ?? Acquisition.SeriesDescription ?? Acquisition.SopInstanceUid ?? "gated acquisition";

    /// <summary>Reads the cycle; throws <see cref="ProcedureInputException"/> naming the file and tag when the frames cannot
    /// give an ejection fraction (not GATED, fewer than <see cref="MinimumFrames"/> time slots, no pixel spacing).</summary>
    public static GatedCycle Read(NmAcquisition acq)
    {
        ArgumentNullException.ThrowIfNull(acq);
        var source = acq.SourcePath ?? acq.SopInstanceUid ?? "gated acquisition";
        if (acq.ImageType != NmImageType.Gated)
            throw new ProcedureInputException($"{source}: Image Type (0008,0008) is {acq.ImageType.ToDicomTerm()}, not GATED: no cardiac cycle to analyse");
        var warnings = new List<string>();
        var (frames, detector) = PhotopeakFrames.Of(acq, source, warnings, ViewKind.LeftAnteriorOblique);
        // Several R-R interval bins (beat-length windows): analyse the one holding most beats, as acquired beats dominate it.
        var intervals = frames.Select(f => f.RRInterval ?? 1).Distinct().ToList();
        var bin = intervals.Count > 0 ? intervals[0] : 1;
        if (intervals.Count > 1)
        {
            var best = intervals.OrderByDescending(i => acq.GatedIntervalNumbered(i)?.IntervalsAcquired ?? 0).First();
            warnings.Add($"{source}: {intervals.Count} R-R interval bins; bin {best} (most beats) analysed");
            frames = frames.Where(f => (f.RRInterval ?? 1) == best).ToList();
            bin = best;
        }
        frames = frames.OrderBy(f => f.TimeSlot ?? f.Frame).ToList();
        if (frames.Count < MinimumFrames)
            throw new ProcedureInputException($"{source}: {frames.Count} time slots per R-R interval (Number of Time Slots (0054,0071), Time Slot Vector (0054,0070)); at least {MinimumFrames} are needed for an ejection fraction");
        if (frames.Select(f => f.TimeSlot).Distinct().Count() != frames.Count)
            throw new ProcedureInputException($"{source}: Time Slot Vector (0054,0070) repeats a slot within one energy window and detector; the frames cannot be ordered over the cycle");
        int rows = acq.Rows ?? 0, cols = acq.Columns ?? 0;
        if (acq.PixelSpacingMm is not { } spacing)
            throw new ProcedureInputException($"{source}: Pixel Spacing (0028,0030) {acq.MissingOrInvalid(Dicom.DicomTags.PixelSpacing)}; LV and background regions are sized in mm");
        var images = new float[frames.Count][];
        for (var i = 0; i < frames.Count; i++)
        {
            images[i] = new float[rows * cols];
            acq.GetFrame(frames[i].Frame, images[i]);
        }
        var (left, caudal) = Orientation(acq, detector, warnings);
        var cycle = new GatedCycle(acq, images, rows, cols, spacing.ColumnMm, acq.FrameDurationMs(frames[0].Frame), warnings, left, caudal, detector, bin);
        var empty = Enumerable.Range(0, images.Length).Where(i => !(cycle.WholeFrameCounts[i] > 0)).ToList();
        if (empty.Count > 0)
            throw new ProcedureInputException($"{source}: time slot{(empty.Count > 1 ? "s" : "")} {string.Join(", ", empty.Select(i => frames[i].TimeSlot ?? i + 1))} of {frames.Count} hold{(empty.Count > 1 ? "" : "s")} no counts (Time Slot Vector (0054,0070)): no beat reached {(empty.Count > 1 ? "them" : "it")}, and a cycle with a gap gives no ejection fraction");
        return cycle;
    }

    // Image Orientation (Patient) of the detector analysed (PS3.3 C.7.6.2.1.1): its row direction (along a row, towards higher
    // columns) and column direction, in patient LPS. The patient's left is +x, the feet −z. Without it, the display convention.
    internal static (int Left, int Caudal) Orientation(NmAcquisition acq, int detector, List<string> warnings)
    {
        var iop = acq.DetectorNumbered(detector)?.ImageOrientationPatient ?? [];
        if (iop.Count != 6) return (1, 1);
        int left = iop[0] < -0.1 ? -1 : 1, caudal = iop[5] > 0.1 ? -1 : 1;
        if (left < 0 || caudal < 0)
            warnings.Add($"{acq.SourcePath}: Image Orientation (Patient) (0020,0037) shows the image {(left < 0 ? "mirrored (patient's left on the image left)" : "")}{(left < 0 && caudal < 0 ? " and " : "")}{(caudal < 0 ? "upside down (head at the bottom)" : "")}; ventricles and walls placed accordingly");
        return (left, caudal);
    }
}
