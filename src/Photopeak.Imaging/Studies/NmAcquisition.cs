using Photopeak.Dicom;
using Photopeak.Dicom.Pixels;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Nuclides;
using Photopeak.Imaging.Pixels;

namespace Photopeak.Imaging.Studies;

/// <summary>
/// One NM image object (a DICOM instance) read as an acquisition: classification, frame indices, energy windows, tracer,
/// detectors, rotations, gating, geometry and float frames. The header loads whatever is wrong with optional attributes
/// (see <see cref="Warnings"/>); what stops processing is thrown as <see cref="StudyValidationException"/> when asked for.
/// </summary>
public sealed class NmAcquisition
{
    private readonly StudyValidationException? frameProblem;
    private readonly IReadOnlyList<FrameIndex>? frames;
    private readonly FrameLayout? layout;
    private DicomPixelData? pixelData;

    private NmAcquisition(DicomFile file)
    {
        File = file;
        var ds = file.Dataset;
        var warnings = new List<string>();
        var r = new HeaderReader(file.SourcePath, warnings);
        if (ds.FallBackIfCharacterSetUnsupported() is { } charsetProblem)
        {
            CharacterSetFallback = $"{charsetProblem}: text read as ISO_IR 100 (Latin-1) instead; names and descriptions may show wrong characters";
            warnings.Add(CharacterSetFallback);
        }

        SopClassUid = ds.GetString(DicomTags.SOPClassUID);
        SopInstanceUid = ds.GetString(DicomTags.SOPInstanceUID);
        StudyInstanceUid = ds.GetString(DicomTags.StudyInstanceUID);
        SeriesInstanceUid = ds.GetString(DicomTags.SeriesInstanceUID);
        SeriesDescription = ds.GetString(DicomTags.SeriesDescription);
        Modality = ds.GetString(DicomTags.Modality);
        FrameOfReferenceUid = ds.GetString(DicomTags.FrameOfReferenceUID)?.Trim();
        PatientId = ds.GetString(DicomTags.PatientID);
        Header = StudyHeader.Read(ds);
        ImageComments = ds.GetString(DicomTags.ImageComments);
        StudyDate = r.Date(ds, DicomTags.StudyDate);
        SeriesDate = r.Date(ds, DicomTags.SeriesDate);
        InstanceNumber = r.Int(ds, DicomTags.InstanceNumber);
        SeriesNumber = r.Int(ds, DicomTags.SeriesNumber);
        var acquisitionDate = r.Date(ds, DicomTags.AcquisitionDate) ?? SeriesDate ?? StudyDate;
        var acquisitionTime = r.Time(ds, DicomTags.AcquisitionTime);
        AcquisitionDateTime = acquisitionDate is { } ad && acquisitionTime is { } at ? ad.ToDateTime(at) : null;

        ImageTypeValues = ds.GetStrings(DicomTags.ImageType);
        ImageType = Classify(r);

        Rows = r.Int(ds, DicomTags.Rows);
        Columns = r.Int(ds, DicomTags.Columns);
        var spacing = r.Doubles(ds, DicomTags.PixelSpacing);
        if (spacing.Length == 2 && spacing.All(PlausiblePixelMm)) PixelSpacingMm = new PixelSpacing(spacing[0], spacing[1]);
        else if (ds.Contains(DicomTags.PixelSpacing) && !r.Invalid.ContainsKey(DicomTags.PixelSpacing))
            r.Reject(DicomTags.PixelSpacing, FormattableString.Invariant($"'{ds.GetString(DicomTags.PixelSpacing)}' is invalid: not two spacings of {MinPixelMm} to {MaxPixelMm} mm"));
        SpacingBetweenSlicesMm = r.Double(ds, DicomTags.SpacingBetweenSlices);
        SliceThicknessMm = r.Double(ds, DicomTags.SliceThickness);
        ActualFrameDurationMs = r.Positive(ds, DicomTags.ActualFrameDuration, MaxFrameDurationMs, "a frame duration in ms");
        RescaleSlope = r.Double(ds, DicomTags.RescaleSlope) ?? 1;
        RescaleIntercept = r.Double(ds, DicomTags.RescaleIntercept) ?? 0;
        if (RescaleSlope == 0) { r.Warn(DicomTags.RescaleSlope, "is 0; 1 used"); RescaleSlope = 1; }

        EnergyWindows = ReadEnergyWindows(ds, r);
        Radiopharmaceuticals = ReadRadiopharmaceuticals(ds, r);
        Detectors = ReadDetectors(ds, r, ImageType);
        Rotations = ReadRotations(ds, r);
        Phases = ReadPhases(ds, r);
        NumberOfTimeSlots = r.Int(ds, DicomTags.NumberOfTimeSlots);
        HeartRateBpm = r.Int(ds, DicomTags.HeartRate) is > 0 and < 400 and var bpm ? bpm : null;
        GatedIntervals = ReadGatedIntervals(ds, r, NumberOfTimeSlots);

        int? framesInRotation = null;
        foreach (var rot in Rotations)
        {
            if (rot.FramesInRotation is { } f) framesInRotation = Math.Max(framesInRotation ?? 0, f);
        }
        try
        {
            (frames, layout) = FrameIndexResolver.Resolve(ds, r, ImageType, framesInRotation);
        }
        catch (StudyValidationException ex)
        {
            frameProblem = ex;
        }
        Warnings = warnings;
        invalid = r.Invalid;
    }

    /// <summary>Pixel spacings outside this range, in mm, are refused as invalid (no gamma camera or pinhole images finer or coarser).</summary>
    public const double MinPixelMm = 0.01, MaxPixelMm = 100;

    /// <summary>Frame durations above this (24 h), in ms, are refused as invalid, like zero and negative ones.</summary>
    public const double MaxFrameDurationMs = 86_400_000;

    private static bool PlausiblePixelMm(double mm) => mm >= MinPixelMm && mm <= MaxPixelMm;

    private readonly Dictionary<DicomTag, string> invalid;

    /// <summary>Attributes present in the header whose value was refused (unparsable, not finite, out of range), with the reason.</summary>
    public IReadOnlyDictionary<DicomTag, string> InvalidAttributes => invalid;

    /// <summary>"is invalid: ..." when <paramref name="tag"/> is present with a refused value, else "is missing": for messages
    /// about an attribute the model holds no value of.</summary>
    public string MissingOrInvalid(DicomTag tag) => invalid.TryGetValue(tag, out var why) ? (why.StartsWith("invalid", StringComparison.Ordinal) ? "is " + why : why) : "is missing";

    /// <summary>Reads an acquisition from a file that has been read already (the reference is kept: see <see cref="File"/>).</summary>
    public static NmAcquisition FromFile(DicomFile file) => new(file);

    /// <summary>Reads a file; <see cref="DicomFormatException"/> if it is not readable DICOM.</summary>
    public static NmAcquisition Open(string path) => new(DicomFile.Open(path));

    /// <summary>Why the text of this instance was decoded as Latin-1 (its Specific Character Set is not supported); null when it was not.</summary>
    public string? CharacterSetFallback { get; }

    /// <summary>The DICOM file, for anything the model does not expose.</summary>
    public DicomFile File { get; }

    public string? SourcePath => File.SourcePath;
    public string? SopClassUid { get; }

    /// <summary>The SOP class's name, e.g. "Nuclear Medicine Image Storage" (the UID when unknown).</summary>
    public string? SopClassName => SopClasses.NameOf(SopClassUid);

    public bool IsNuclearMedicineSopClass => SopClasses.IsNuclearMedicine(SopClassUid);
    public string? SopInstanceUid { get; }
    public string? StudyInstanceUid { get; }
    public string? SeriesInstanceUid { get; }
    public string? SeriesDescription { get; }
    public int? SeriesNumber { get; }
    public int? InstanceNumber { get; }
    public string? Modality { get; }
    /// <summary>Frame of Reference UID (0020,0052): instances sharing it share patient coordinates (a SPECT and its CT).</summary>
    public string? FrameOfReferenceUid { get; }

    /// <summary>Patient ID (0010,0020).</summary>
    public string? PatientId { get; }

    /// <summary>Patient, study and request attributes for reports (the only place the model reads the patient's name).</summary>
    public StudyHeader Header { get; }

    /// <summary>
    /// What an object derived from this instance (a report, a reconstruction) copies and references: a new data set holding the
    /// Specific Character Set, the Patient (PS3.3 C.7.1.1) and General Study (C.7.2.1) attributes, byte for byte, and the SOP
    /// Class and Instance UIDs. The source's other attributes stay behind.
    /// </summary>
    public DicomDataset DerivationSource()
    {
        var copy = new DicomDataset();
        foreach (var tag in DerivationTags)
            if (File.Dataset[tag] is { } e) copy.Add(e);
        return copy;
    }

    private static readonly DicomTag[] DerivationTags =
    [
        DicomTags.SpecificCharacterSet, DicomTags.SOPClassUID, DicomTags.SOPInstanceUID,
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.IssuerOfPatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex,
        DicomTags.OtherPatientIDsSequence, DicomTags.EthnicGroup, DicomTags.PatientComments,
        DicomTags.StudyInstanceUID, DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.ReferringPhysicianName, DicomTags.StudyID,
        DicomTags.AccessionNumber, DicomTags.StudyDescription, DicomTags.IssuerOfAccessionNumberSequence,
    ];

    /// <summary>Image Comments (0020,4000), where some cameras write the view ("ANT", "POST").</summary>
    public string? ImageComments { get; }

    public DateOnly? StudyDate { get; }
    public DateOnly? SeriesDate { get; }

    /// <summary>Acquisition Date (0008,0022, else Series then Study Date) with Acquisition Time (0008,0032); null without a time.</summary>
    public DateTime? AcquisitionDateTime { get; }

    /// <summary>All values of Image Type (0008,0008), as written.</summary>
    public IReadOnlyList<string> ImageTypeValues { get; }

    public NmImageType ImageType { get; }

    public int? Rows { get; }
    public int? Columns { get; }
    public PixelSpacing? PixelSpacingMm { get; }

    /// <summary>Spacing Between Slices (0018,0088) as written; negative values (slice order reversed) are kept.</summary>
    public double? SpacingBetweenSlicesMm { get; }

    public double? SliceThicknessMm { get; }

    /// <summary>Actual Frame Duration (0018,1242) at the top level, ms (TOMO and DYNAMIC put theirs in the rotation or phase items).</summary>
    public double? ActualFrameDurationMs { get; }

    /// <summary>Rescale Slope (0028,1053), 1 when absent (NM usually omits it).</summary>
    public double RescaleSlope { get; }

    /// <summary>Rescale Intercept (0028,1052), 0 when absent.</summary>
    public double RescaleIntercept { get; }

    public IReadOnlyList<EnergyWindow> EnergyWindows { get; }
    public IReadOnlyList<Radiopharmaceutical> Radiopharmaceuticals { get; }

    /// <summary>The first radiopharmaceutical, or null.</summary>
    public Radiopharmaceutical? Radiopharmaceutical => Radiopharmaceuticals.Count > 0 ? Radiopharmaceuticals[0] : null;

    /// <summary>The recognised nuclide of the first radiopharmaceutical, or null.</summary>
    public Radionuclide? Radionuclide => Radiopharmaceutical?.Radionuclide;

    public IReadOnlyList<Detector> Detectors { get; private set; }

    /// <summary>The detector that Detector Vector (0054,0020) numbers <paramref name="number"/>, or null.</summary>
    public Detector? DetectorNumbered(int number) => Detectors.FirstOrDefault(d => d.Number == number);

    public IReadOnlyList<Rotation> Rotations { get; }
    public IReadOnlyList<Phase> Phases { get; }
    public IReadOnlyList<GatedInterval> GatedIntervals { get; }

    /// <summary>The R-R interval bin that R-R Interval Vector (0054,0060) numbers <paramref name="number"/> (its item of the
    /// Gated Information Sequence), or null.</summary>
    public GatedInterval? GatedIntervalNumbered(int number) => GatedIntervals.FirstOrDefault(g => g.Number == number);
    public int? NumberOfTimeSlots { get; }
    /// <summary>The narrowest energy window holding the nuclide's main photon energy (Tc-99m's when the nuclide is not
    /// recognised), so that a wide "total" window beside the photopeak is not taken for it; for a nuclide whose main line is a
    /// spread group (Tl-201's x-rays) and no window holds its nominal energy, the group's window (an 80 keV ± 10 % Tl window);
    /// null when none.</summary>
    public EnergyWindow? PhotopeakWindow
    {
        get
        {
            var nuclide = Radionuclide ?? Radionuclide.Tc99m;
            return WindowHolding(nuclide.PhotopeakKeV) ?? (nuclide.MainLineSpanKeV is not null ? PhotopeakWindows.FirstOrDefault() : null);
        }
    }

    /// <summary>The narrowest energy window holding <paramref name="energyKeV"/>, or null.</summary>
    public EnergyWindow? WindowHolding(double energyKeV)
    {
        EnergyWindow? best = null;
        foreach (var w in EnergyWindows)
            if (w.Contains(energyKeV) && (best is null || w.WidthKeV < best.WidthKeV)) best = w;
        return best;
    }

    /// <summary>The photopeak windows of every imaged line of the nuclide, main line first (In-111 245 and 171 keV, Ga-67 93,
    /// 185 and 300 keV; one for a single-line nuclide or when only one line was acquired): for each photon energy the
    /// narrowest window centred on it (within 5 % of the energy), peak-sized (at most 40 % wide), not sharing an edge with a
    /// photopeak window already taken and holding no line already taken: a wide "total" window, or Tl-201's 125–150 keV
    /// scatter window under its 167 keV peak (which holds the minor 135 keV line), is never counted as a line of its own.
    /// Window names do not decide: cameras name Tl-201's two peaks "LOW" and "UP" as readily as their scatter windows, and
    /// a scatter window is never centred on a line.</summary>
    public IReadOnlyList<EnergyWindow> PhotopeakWindows
    {
        get
        {
            var nuclide = Radionuclide ?? Radionuclide.Tc99m;
            var energies = nuclide.PhotonEnergiesKeV;
            var windows = new List<EnergyWindow>();
            for (var i = 0; i < energies.Count; i++)
            {
                var e = energies[i];
                var w = i == 0 && nuclide.MainLineSpanKeV is { } span ? SpanWindow(span) : WindowHolding(e) is { } h && Math.Abs(h.CentreKeV - e) <= 0.05 * e ? h : null;
                if (w is not null && w.WidthKeV <= 0.4 * w.CentreKeV
                    && !windows.Contains(w) && !windows.Any(o => energies.Any(x => o.Contains(x) && w.Contains(x)) || o.SharesEdgeWith(w)))
                    windows.Add(w);
            }
            return windows;
        }
    }

    /// <summary>The windows an image of this acquisition is read from: every <see cref="PhotopeakWindows"/> when two or more
    /// lines were acquired (summed), else the one <see cref="PhotopeakWindow"/>; empty when no window holds the photopeak.</summary>
    public IReadOnlyList<EnergyWindow> ImagedPhotopeakWindows =>
        PhotopeakWindows is { Count: >= 2 } lines ? lines : PhotopeakWindow is { } single ? [single] : [];

    // A spread main line's window: centred within the span, peak-sized, covering most of the span (so a scatter window on the
    // x-rays' edge, 78-85 keV beside a 64-78 keV peak, is not taken whatever its name), then one not named as scatter, then
    // the narrower.
    private EnergyWindow? SpanWindow((double LowerKeV, double UpperKeV) span)
    {
        double Overlap(EnergyWindow w) => Math.Min(w.UpperKeV, span.UpperKeV) - Math.Max(w.LowerKeV, span.LowerKeV);
        return EnergyWindows
            .Where(w => w.CentreKeV >= span.LowerKeV && w.CentreKeV <= span.UpperKeV && w.WidthKeV <= 0.4 * w.CentreKeV && Overlap(w) > 0)
            .OrderByDescending(w => Math.Round(Overlap(w), 6)).ThenBy(NamedScatter).ThenBy(w => w.WidthKeV).FirstOrDefault();
    }

    // A scatter window by its name, unless the name also says PEAK.
    private static bool NamedScatter(EnergyWindow w) => w.IsNamedScatter && !w.Name!.Contains("PEAK", StringComparison.OrdinalIgnoreCase);

    /// <summary>The 1-based number of <see cref="PhotopeakWindow"/>; null when no window holds the photopeak.</summary>
    public int? PhotopeakWindowNumber => PhotopeakWindow?.Number;

    /// <summary>Heart Rate (0018,1088), beats per minute, of a gated acquisition; null when absent or implausible.</summary>
    public int? HeartRateBpm { get; }

    /// <summary>What was tolerated while reading the header (attribute, keyword and what was done).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Why frames cannot be indexed, or null when they can (lets callers report without catching).</summary>
    public StudyValidationException? FrameProblem => frameProblem;

    /// <summary>Each frame's vector indices, in Pixel Data order. Throws <see cref="StudyValidationException"/> when they are inconsistent.</summary>
    public IReadOnlyList<FrameIndex> Frames => frames ?? throw Rethrow();

    /// <summary>How the frames split by vector. Throws like <see cref="Frames"/>.</summary>
    public FrameLayout Layout => layout ?? throw Rethrow();

    public int NumberOfFrames => Frames.Count;

    private StudyValidationException Rethrow() => new(frameProblem!.SourcePath, frameProblem.Tag, frameProblem.Problem, frameProblem);

    /// <summary>
    /// Duration of frame <paramref name="index"/> (0-based) in ms: its phase's Actual Frame Duration (DYNAMIC), else its rotation's
    /// (TOMO), else the top-level one; null when none is given. Gated frames get the top-level value (the acquisition time per slot).
    /// </summary>
    public double? FrameDurationMs(int index)
    {
        var f = Frames[index];
        if (f.Phase is { } p && p <= Phases.Count && Phases[p - 1].ActualFrameDurationMs is { } pd) return pd;
        if (f.Rotation is { } r && r <= Rotations.Count && Rotations[r - 1].ActualFrameDurationMs is { } rd) return rd;
        if (Phases.Count == 1 && f.Phase is null && Phases[0].ActualFrameDurationMs is { } single) return single;
        if (Rotations.Count == 1 && f.Rotation is null && Rotations[0].ActualFrameDurationMs is { } one) return one;
        return ActualFrameDurationMs;
    }

    /// <summary>The frames of one vector value, e.g. all frames of detector 2 in view order.</summary>
    public IReadOnlyList<FrameIndex> FramesWhere(FrameVector vector, int index) => Frames.Where(f => f[vector] == index).ToList();

    /// <summary>Frame <paramref name="index"/> (0-based) as float counts with rescale applied, written to <paramref name="destination"/> (Rows x Columns values).</summary>
    public void GetFrame(int index, Span<float> destination)
    {
        var frameCount = Frames.Count;
        if (index < 0 || index >= frameCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"frame {index} of {frameCount} (0-based)");
        var pd = PixelData();
        ReadOnlyMemory<byte> bytes;
        try
        {
            bytes = pd.GetFrame(index);
        }
        catch (DicomValueException ex)
        {
            throw new StudyValidationException(SourcePath, ex.Tag, ex.Message, ex);
        }
        PixelConverter.ToFloat(bytes.Span, destination, pd.BitsAllocated, pd.BitsStored, pd.PixelRepresentation == 1, RescaleSlope, RescaleIntercept);
    }

    /// <summary>Frame <paramref name="index"/> (0-based) as a new image.</summary>
    public Image2D GetFrame(int index)
    {
        var pd = PixelData();
        var image = new Image2D(pd.Columns, pd.Rows, PixelSpacingMm);
        GetFrame(index, image.Pixels);
        return image;
    }

    private DicomPixelData PixelData()
    {
        if (pixelData is not null) return pixelData;
        _ = Frames;
        try
        {
            var pd = new DicomPixelData(File.Dataset, File.TransferSyntax, SourcePath);
            if (pd.SamplesPerPixel != 1)
                throw new StudyValidationException(SourcePath, DicomTags.SamplesPerPixel, $"{pd.SamplesPerPixel} samples per pixel; NM counts need 1");
            if (pd.BitsAllocated is not (8 or 16 or 32))
                throw new StudyValidationException(SourcePath, DicomTags.BitsAllocated, $"{pd.BitsAllocated} bits allocated; 8, 16 or 32 are read");
            // PS3.3 C.7.6.3.1: Bits Stored is at most Bits Allocated (found by fuzzing: 32784 of 16 reached the converter).
            if (pd.BitsStored < 1 || pd.BitsStored > pd.BitsAllocated)
                throw new StudyValidationException(SourcePath, DicomTags.BitsStored, $"invalid: {pd.BitsStored} bits stored in {pd.BitsAllocated} allocated");
            return pixelData = pd;
        }
        catch (DicomValueException ex)
        {
            throw new StudyValidationException(SourcePath, ex.Tag, ex.Message, ex);
        }
    }

    private NmImageType Classify(HeaderReader r)
    {
        var value3 = ImageTypeValues.Count >= 3 ? ImageTypeValues[2] : null;
        var parsed = NmImageTypes.Parse(value3);
        if (!IsNuclearMedicineSopClass)
        {
            r.Warn(DicomTags.SOPClassUID, $"{SopClassName ?? "no SOP class"} is not an NM SOP class; {(value3 is null ? "it has no Image Type value 3" : $"Image Type value 3 '{value3}' is not used to classify it")} (NM attributes read where present)");
            return NmImageType.Other;
        }
        if (value3 is null)
        {
            r.Warn(DicomTags.ImageType, "has no value 3 (NM Image Type)");
            return NmImageType.Unknown;
        }
        if (parsed is null)
        {
            r.Warn(DicomTags.ImageType, $"value 3 '{value3}' is not an NM Image Type");
            return NmImageType.Other;
        }
        return parsed.Value;
    }

    private static List<EnergyWindow> ReadEnergyWindows(DicomDataset ds, HeaderReader r)
    {
        var result = new List<EnergyWindow>();
        var items = ds.GetSequence(DicomTags.EnergyWindowInformationSequence);
        for (var i = 0; i < items.Count; i++)
        {
            var ranges = items[i].GetSequence(DicomTags.EnergyWindowRangeSequence);
            if (ranges.Count == 0)
            {
                r.Warn(DicomTags.EnergyWindowRangeSequence, $"absent in energy window {i + 1}; window skipped");
                continue;
            }
            if (ranges.Count > 1) r.Warn(DicomTags.EnergyWindowRangeSequence, $"energy window {i + 1} has {ranges.Count} ranges; the first is used");
            var lower = r.Double(ranges[0], DicomTags.EnergyWindowLowerLimit);
            var upper = r.Double(ranges[0], DicomTags.EnergyWindowUpperLimit);
            if (lower is null || upper is null || !(upper > lower))
            {
                r.Warn(DicomTags.EnergyWindowRangeSequence, $"energy window {i + 1} has limits {lower?.ToString() ?? "?"}-{upper?.ToString() ?? "?"} keV; window skipped");
                continue;
            }
            result.Add(new EnergyWindow(i + 1, items[i].GetString(DicomTags.EnergyWindowName), lower.Value, upper.Value));
        }
        var declared = r.Int(ds, DicomTags.NumberOfEnergyWindows);
        if (declared is { } d && items.Count > 0 && d != items.Count)
            r.Warn(DicomTags.NumberOfEnergyWindows, $"is {d} but the Energy Window Information Sequence has {items.Count} items");
        return result;
    }

    private List<Radiopharmaceutical> ReadRadiopharmaceuticals(DicomDataset ds, HeaderReader r)
    {
        var result = new List<Radiopharmaceutical>();
        // Radionuclide Total Dose is MBq in the NM module but Bq in PET [DICOM C.8.4.10.1.7].
        var doseToMBq = SopClassUid == SopClasses.PositronEmissionTomographyImage ? 1e-6 : 1.0;
        foreach (var item in ds.GetSequence(DicomTags.RadiopharmaceuticalInformationSequence))
        {
            var name = item.GetString(DicomTags.Radiopharmaceutical);
            var start = r.DateTimeValue(item, DicomTags.RadiopharmaceuticalStartDateTime);
            if (start is null && r.Time(item, DicomTags.RadiopharmaceuticalStartTime) is { } t)
            {
                // Start Time has no date of its own: the injection opens the study, so Study Date comes first.
                var date = StudyDate ?? SeriesDate;
                if (date is { } d) start = d.ToDateTime(t);
                else r.Warn(DicomTags.RadiopharmaceuticalStartTime, "has no Study or Series Date to go with it; start time unknown");
            }
            var dose = r.Double(item, DicomTags.RadionuclideTotalDose) is { } doseValue ? doseValue * doseToMBq : (double?)null;
            var halfLife = r.Double(item, DicomTags.RadionuclideHalfLife);
            var nuclideCode = CodedEntry.From(item.GetItem(DicomTags.RadionuclideCodeSequence));
            var pharmCode = CodedEntry.From(item.GetItem(DicomTags.RadiopharmaceuticalCodeSequence));
            var nuclide = Radionuclide.Recognise(nuclideCode, name, pharmCode?.Meaning);
            if (nuclide is null && (nuclideCode is not null || name is not null))
                r.Warn(DicomTags.RadionuclideCodeSequence, $"radionuclide {nuclideCode?.ToString() ?? $"'{name}'"} is not in Photopeak's table; no half-life for decay correction");
            if (nuclide is not null && halfLife is > 0 && Math.Abs(halfLife.Value / 3600 - nuclide.HalfLifeHours) > 0.01 * nuclide.HalfLifeHours)
                r.Warn(DicomTags.RadionuclideHalfLife, $"{halfLife.Value} s ({halfLife.Value / 3600:0.####} h) differs by more than 1% from {nuclide.Name}'s {nuclide.HalfLifeHours:0.####} h ({nuclide.HalfLifeSource}); the table value is used");
            result.Add(new Radiopharmaceutical(name, start, dose, halfLife, nuclideCode, pharmCode, nuclide));
        }
        return result;
    }

    private static List<Detector> ReadDetectors(DicomDataset ds, HeaderReader r, NmImageType imageType)
    {
        var result = new List<Detector>();
        var items = ds.GetSequence(DicomTags.DetectorInformationSequence);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            result.Add(new Detector(
                i + 1,
                item.GetString(DicomTags.CollimatorGridName),
                item.GetString(DicomTags.CollimatorType),
                r.Doubles(item, DicomTags.ImagePositionPatient),
                r.Doubles(item, DicomTags.ImageOrientationPatient),
                PlanarView.From(item),
                r.Doubles(item, DicomTags.RadialPosition),
                r.Doubles(item, DicomTags.ZoomFactor),
                r.Double(item, DicomTags.CenterOfRotationOffset),
                r.Double(item, DicomTags.StartAngle)));
            if (result[^1].View is null && IsPlanar(imageType) && InferredView(result[^1]) is { } inferred)
                result[^1] = result[^1] with { View = inferred };
        }
        // Two detectors inferred to face the same way say the geometry is not what the angles mean (e.g. every Start Angle
        // written as 0): leave those views unknown for the description or --views to supply.
        var inferredKinds = result.Where(d => d.View is { Source: ViewSource.ImageOrientation or ViewSource.StartAngle }).Select(d => d.View!.Kind).ToList();
        if (inferredKinds.Count != inferredKinds.Distinct().Count())
            for (var i = 0; i < result.Count; i++)
                if (result[i].View is { Source: ViewSource.ImageOrientation or ViewSource.StartAngle }) result[i] = result[i] with { View = null };
        return result;
    }

    private static bool IsPlanar(NmImageType type) =>
        type is NmImageType.Static or NmImageType.WholeBody or NmImageType.Dynamic or NmImageType.Gated or NmImageType.Unknown;

    // Without View Code Sequence a planar detector's view follows from its Image Orientation, else its Start Angle (PS3.3
    // C.8.4.12); the view records which, so that reports say it was inferred.
    private static PlanarView? InferredView(Detector d) =>
        ViewInference.FromOrientation(d.ImageOrientationPatient) is { } byOrientation ? PlanarView.Inferred(byOrientation, ViewSource.ImageOrientation)
        : d.StartAngleDeg is { } angle ? PlanarView.Inferred(ViewInference.FromAngle(angle), ViewSource.StartAngle)
        : null;

    /// <summary>The number of detector views a planar acquisition holds (its detectors, or one without a Detector Information Sequence); 0 for tomography.</summary>
    public int PlanarViewCount => IsPlanar(ImageType) ? Math.Max(1, Detectors.Count) : 0;

    /// <summary>A copy whose detectors face <paramref name="views"/>, one per detector in order, as the user stated them
    /// (<c>process --views</c>); the count must be <see cref="PlanarViewCount"/>.</summary>
    public NmAcquisition WithStatedViews(IReadOnlyList<ViewKind> views)
    {
        if (views.Count != PlanarViewCount)
            throw new ArgumentException($"{views.Count} views stated for an acquisition of {PlanarViewCount} planar views", nameof(views));
        var copy = (NmAcquisition)MemberwiseClone();
        copy.Detectors = Detectors.Count == 0
            ? [new Detector(1, null, null, [], [], PlanarView.Inferred(views[0], ViewSource.Stated), [], [], null, null)]
            : Detectors.Select((d, i) => d with { View = PlanarView.Inferred(views[i], ViewSource.Stated) }).ToList();
        return copy;
    }

    private static List<Rotation> ReadRotations(DicomDataset ds, HeaderReader r)
    {
        var result = new List<Rotation>();
        var motion = ds.GetString(DicomTags.TypeOfDetectorMotion);
        var items = ds.GetSequence(DicomTags.RotationInformationSequence);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var directionText = item.GetString(DicomTags.RotationDirection);
            // PS3.3 C.8.4.12 Table C.8-12: CW/CC as seen from the patient's feet (CW decreasing, CC increasing Start Angle).
            var direction = RotationDirections.FromDicom(directionText);
            if (directionText is not null && direction == RotationDirection.Unknown)
                r.Warn(DicomTags.RotationDirection, $"'{directionText}' is neither CW nor CC");
            result.Add(new Rotation(
                i + 1,
                r.Double(item, DicomTags.StartAngle),
                r.Double(item, DicomTags.AngularStep),
                direction,
                r.Double(item, DicomTags.ScanArc),
                r.Int(item, DicomTags.NumberOfFramesInRotation),
                r.Positive(item, DicomTags.ActualFrameDuration, MaxFrameDurationMs, "a frame duration in ms"),
                r.Doubles(item, DicomTags.RadialPosition),
                item.GetString(DicomTags.TypeOfDetectorMotion) ?? motion));
        }
        return result;
    }

    private static List<Phase> ReadPhases(DicomDataset ds, HeaderReader r)
    {
        var result = new List<Phase>();
        var items = ds.GetSequence(DicomTags.PhaseInformationSequence);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            result.Add(new Phase(i + 1, r.Positive(item, DicomTags.ActualFrameDuration, MaxFrameDurationMs, "a frame duration in ms"), r.Int(item, DicomTags.NumberOfFramesInPhase),
                r.Double(item, DicomTags.PhaseDelay), r.Double(item, DicomTags.PauseBetweenFrames), item.GetString(DicomTags.PhaseDescription)));
        }
        return result;
    }

    private static List<GatedInterval> ReadGatedIntervals(DicomDataset ds, HeaderReader r, int? timeSlots)
    {
        var result = new List<GatedInterval>();
        var items = ds.GetSequence(DicomTags.GatedInformationSequence);
        for (var i = 0; i < items.Count; i++)
        {
            var data = items[i].GetItem(DicomTags.DataInformationSequence);
            if (data is null)
            {
                r.Warn(DicomTags.DataInformationSequence, $"absent in R-R interval {i + 1}");
                result.Add(new GatedInterval(i + 1, null, null, null, null, null, null, timeSlots));
                continue;
            }
            result.Add(new GatedInterval(i + 1, r.Double(data, DicomTags.FrameTime), r.Double(data, DicomTags.NominalInterval),
                r.Double(data, DicomTags.LowRRValue), r.Double(data, DicomTags.HighRRValue),
                r.Int(data, DicomTags.IntervalsAcquired), r.Int(data, DicomTags.IntervalsRejected), timeSlots));
        }
        return result;
    }

    public override string ToString() => $"{SourcePath ?? SopInstanceUid}: {ImageType.ToDicomTerm()}";
}
