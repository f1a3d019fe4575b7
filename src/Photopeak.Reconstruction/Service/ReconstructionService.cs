using System.Diagnostics;
using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Export;
using Photopeak.Reconstruction.Fbp;
using Photopeak.Reconstruction.Filtering;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Interfile;
using Photopeak.Reconstruction.Iterative;
using Photopeak.Reconstruction.Quantification;
using Photopeak.Reconstruction.Scatter;

namespace Photopeak.Reconstruction.Service;

/// <summary>
/// Reconstructs one TOMO acquisition with the corrections asked for (attenuation, collimator response, scatter), then
/// calibrates it: the one place that chooses μ, builds the scatter estimate and checks a calibration phantom, for the
/// command line and the procedures alike.
/// </summary>
public static class ReconstructionService
{
    /// <summary>Reconstructs <paramref name="acquisition"/>. Throws <see cref="ReconstructionOptionException"/> for settings
    /// this study cannot take, <see cref="StudyValidationException"/> or <see cref="SpectGeometryException"/> for a header that
    /// cannot be reconstructed. <paramref name="progress"/> receives warnings and progress lines.</summary>
    public static ReconstructedSeries Reconstruct(NmAcquisition acquisition, ReconstructionSettings s, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(acquisition);
        var clock = Stopwatch.StartNew();
        var tomo = TomoProjectionLoader.Load(acquisition);
        return Reconstruct(acquisition, tomo, s, progress, clock);
    }

    /// <summary>Reconstructs projections already loaded from <paramref name="acquisition"/> (a caller that needed their geometry
    /// first, e.g. to choose the CT covering the bed, does not decode them twice).</summary>
    public static ReconstructedSeries Reconstruct(NmAcquisition acquisition, TomoProjections tomo, ReconstructionSettings s, IProgress<string>? progress = null) =>
        Reconstruct(acquisition, tomo, s, progress, Stopwatch.StartNew());

    private static ReconstructedSeries Reconstruct(NmAcquisition acquisition, TomoProjections tomo, ReconstructionSettings s, IProgress<string>? progress, Stopwatch clock)
    {
        ArgumentNullException.ThrowIfNull(acquisition);
        ArgumentNullException.ThrowIfNull(tomo);
        ArgumentNullException.ThrowIfNull(s);
        string label = Label(acquisition);
        foreach (var w in tomo.Warnings) progress?.Report($"{label}: warning: {w}");
        double loadS = clock.Elapsed.TotalSeconds;
        var g = tomo.Photopeak.Geometry;

        CollimatorResponse? collimator = null;
        if (s.CollimatorResponse)
            collimator = CollimatorCatalogue.Find(s.Collimator ?? tomo.CollimatorName)
                ?? throw new ReconstructionOptionException($"{label}: collimator '{tomo.CollimatorName}' is not known; give --collimator ({string.Join(", ", CollimatorCatalogue.KnownNames)}) for --psf");
        var scatter = ScatterFor(tomo, s, label);
        var (mu, acLabel) = Attenuation(tomo, s, scatter is not null, label);

        Volume3D volume;
        string methodLabel;
        if (s.Method == ReconstructionMethod.Osem)
        {
            if (g.ViewsPerDetector * g.Detectors % s.Subsets != 0 && s.Subsets > g.NumberOfViews)
                throw new ReconstructionOptionException($"--subsets {s.Subsets} exceeds the {g.NumberOfViews} views");
            var options = new OsemOptions
            {
                Iterations = s.Iterations, Subsets = s.Subsets, MuMapPerMm = mu, Collimator = collimator, AdditiveScatter = scatter,
                PostFilterFwhmMm = s.PostFilterMm,
            };
            int total = s.Iterations * s.Subsets, step = Math.Max(1, total / 10);
            var updates = progress is null ? null : new Progress<int>(u => { if (u % step == 0 || u == total) progress.Report($"{label}: OSEM update {u}/{total}"); });
            volume = OsemReconstructor.Reconstruct(tomo.Photopeak, options, updates);
            methodLabel = $"OSEM {s.Iterations}i{s.Subsets}s";
        }
        else
        {
            double? cutoff = s.CutoffCyclesPerCm ?? (s.FbpWindow == FbpWindow.Butterworth ? 0.5 : null);
            var projections = tomo.Photopeak;
            if (scatter is not null)
            {
                // FBP has no additive term: subtract the estimate, clipped at zero [Ogawa1991].
                var corrected = new float[projections.Counts.Length];
                for (int i = 0; i < corrected.Length; i++) corrected[i] = Math.Max(0, projections.Counts[i] - scatter.Counts[i]);
                projections = projections with { Counts = corrected };
            }
            progress?.Report($"{label}: FBP {FbpName(s.FbpWindow)}");
            volume = FbpReconstructor.Reconstruct(projections, new FbpOptions
            {
                Window = s.FbpWindow, CutoffCyclesPerCm = cutoff, ButterworthOrder = s.ButterworthOrder,
                Chang = s.Attenuation == AttenuationCorrection.Chang ? new ChangOptions { MuPerMm = WaterMu(scatter is not null, tomo.PhotopeakCentreKeV) } : null,
            });
            if (s.PostFilterMm is > 0) volume = GaussianFilter3D.Apply(volume, s.PostFilterMm.Value);
            methodLabel = $"FBP {FbpName(s.FbpWindow)}" + (cutoff is { } co ? FormattableString.Invariant($" {co:0.##}/cm") : "");
        }
        double reconS = clock.Elapsed.TotalSeconds - loadS;

        AcquisitionTiming? timing = null;
        CylinderCalibration? cylinder = null;
        double? activity = null;
        string unit = "counts";
        // Quantification (CLINICAL §4): decay over the rotation referred to the scan start [CLINICAL 1.2].
        if (s.CfCpsPerMBq is not null || s.CylinderMBq is not null || s.CfTotalCpsPerMBq is not null)
        {
            timing = Timing(acquisition, tomo);
            if (s.CylinderMBq is { } cylinderMBq) cylinder = MeasureCylinder(volume, g, cylinderMBq, s, timing, label);
            // Totals with the total-count factor, concentrations with the concentration factor (they differ by the
            // protocol's edge and scatter behaviour; docs/simulation-truth.md).
            if (s.CfTotalCpsPerMBq is { } cfTotal) activity = new CalibrationFactor(cfTotal, CalibrationMethod.TotalCounts, 0, null).TotalActivityMBq(volume, timing);
            if (s.CfCpsPerMBq is { } cf)
            {
                volume = new CalibrationFactor(cf, CalibrationMethod.Concentration, 0, null).ConcentrationVolumeBqPerMl(volume, timing);
                unit = "Bq/ml";
            }
        }
        var correctedImage = new List<string>();
        if (s.CfCpsPerMBq is not null) correctedImage.Add("DECY");
        if (acLabel != "none") correctedImage.Add("ATTN");
        if (s.Scatter != ScatterCorrection.None) correctedImage.Add("SCAT");
        return new ReconstructedSeries
        {
            Volume = volume, Tomo = tomo, MethodLabel = methodLabel, Description = s.Describe(methodLabel), AttenuationLabel = acLabel,
            Collimator = collimator is null ? null : s.Collimator ?? tomo.CollimatorName, ValueUnit = unit, CorrectedImage = correctedImage,
            Timing = timing, Cylinder = cylinder, ActivityInVolumeMBq = activity, LoadSeconds = loadS, ReconstructSeconds = reconS,
        };
    }

    /// <summary>The RECON TOMO series attributes for <paramref name="r"/>: patient and study copied from the source projections.</summary>
    public static ReconTomoSeries SeriesFor(NmAcquisition acquisition, ReconstructedSeries r)
    {
        var ds = acquisition.File.Dataset;
        return new ReconTomoSeries
        {
            PatientId = ds.GetString(DicomTags.PatientID) ?? "", PatientName = ds.GetString(DicomTags.PatientName) ?? "",
            PatientBirthDate = ds.GetString(DicomTags.PatientBirthDate) ?? "", PatientSex = ds.GetString(DicomTags.PatientSex) ?? "",
            StudyInstanceUid = acquisition.StudyInstanceUid, StudyDate = ds.GetString(DicomTags.StudyDate) ?? "",
            StudyTime = ds.GetString(DicomTags.StudyTime) ?? "", StudyId = ds.GetString(DicomTags.StudyID) ?? "",
            AccessionNumber = ds.GetString(DicomTags.AccessionNumber) ?? "", FrameOfReferenceUid = ds.GetString(DicomTags.FrameOfReferenceUID),
            SeriesNumber = 1000 + (acquisition.SeriesNumber ?? 0), SeriesDescription = $"{acquisition.SeriesDescription} {r.Description}".Trim(),
            Method = r.MethodLabel, VolumeCentreMm = r.Tomo.VolumeCentreMm, ValueUnit = r.ValueUnit,
            AcquisitionDate = ds.GetString(DicomTags.AcquisitionDate) ?? "", AcquisitionTime = ds.GetString(DicomTags.AcquisitionTime) ?? "",
            CorrectedImage = r.CorrectedImage, Radiopharmaceutical = ds.GetItem(DicomTags.RadiopharmaceuticalInformationSequence),
            Source = acquisition.SopClassUid is { } cls && acquisition.SopInstanceUid is { } inst ? (cls, inst) : null,
        };
    }

    /// <summary>"series 3 (file.dcm)": how messages name an acquisition.</summary>
    public static string Label(NmAcquisition acquisition) =>
        $"series {acquisition.SeriesNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} ({Path.GetFileName(acquisition.SourcePath)})";

    private static string FbpName(FbpWindow w) => w switch { FbpWindow.Hann => "hann", FbpWindow.SheppLogan => "shepp-logan", FbpWindow.Ramp => "ramp", _ => "butterworth" };

    // Narrow-beam water μ when scatter is modelled, broad-beam otherwise [Chang1978]; 140 keV values (Tc-99m, near I-123 159 keV).
    // μ of water at the photopeak (NIST XCOM, CtAttenuationMap's table), narrow-beam when scatter is modelled; without scatter
    // correction the broad-beam 0.12 /cm of Tc-99m [Chang1978] scaled to the photopeak by the narrow-beam ratio. Between 130
    // and 170 keV (Tc-99m, I-123) the 140 keV values are kept, as the calibrations were made with them.
    private static double WaterMu(bool scatterModelled, double keV)
    {
        var narrow140 = AttenuationMaps.WaterAt140KeVPerMm;
        var scale = keV is >= 130 and <= 170 || !double.IsFinite(keV) ? 1 : CtAttenuationMap.MuPerMm(Math.Clamp(keV, 60, 500)).Water / narrow140;
        return (scatterModelled ? narrow140 : AttenuationMaps.BroadBeamWaterAt140KeVPerMm) * scale;
    }

    // Per photopeak window (each line of a multi-line nuclide has its own scatter windows), summed as the photopeaks are. With
    // several lines, a line without the window the method needs (TEW: either side; DEW: below) contributes no estimate (the
    // loader's warnings name it); a single photopeak without them is refused, naming what is missing.
    private static ProjectionSet? ScatterFor(TomoProjections tomo, ReconstructionSettings s, string label)
    {
        if (s.Scatter is not (ScatterCorrection.Tew or ScatterCorrection.Dew)) return null;
        ProjectionSet? sum = null;
        foreach (var p in tomo.Peaks)
        {
            var which = tomo.Peaks.Count > 1 ? FormattableString.Invariant($" of the {p.CentreKeV:0} keV photopeak window") : "";
            bool lacking = s.Scatter == ScatterCorrection.Tew ? p.LowerScatter is null && p.UpperScatter is null : p.LowerScatter is null;
            if (lacking && tomo.Peaks.Count > 1) continue;
            var estimate = s.Scatter switch
            {
                ScatterCorrection.Tew when p.LowerScatter is null && p.UpperScatter is null => throw new ReconstructionOptionException($"{label}: --scatter tew needs scatter windows{which}; none found"),
                ScatterCorrection.Tew => ScatterEstimate.TripleEnergyWindow(p.LowerScatter ?? p.UpperScatter!, p.LowerScatter is null ? null : p.UpperScatter,
                    p.WidthKeV, p.LowerScatter is null ? p.UpperWidthKeV : p.LowerWidthKeV, p.LowerScatter is null ? 0 : p.UpperWidthKeV, s.ScatterSmoothingMm),
                _ when p.LowerScatter is null => throw new ReconstructionOptionException($"{label}: --scatter dew needs a lower scatter window{which}; none found"),
                _ => ScatterEstimate.DualEnergyWindow(p.LowerScatter, smoothingFwhmMm: s.ScatterSmoothingMm),
            };
            if (sum is null) { sum = estimate; continue; }
            for (int i = 0; i < sum.Counts.Length; i++) sum.Counts[i] += estimate.Counts[i];
        }
        return sum ?? new ProjectionSet(tomo.Photopeak.Geometry);
    }

    private static (Volume3D? Mu, string Label) Attenuation(TomoProjections tomo, ReconstructionSettings s, bool scatterModelled, string label)
    {
        var g = tomo.Photopeak.Geometry;
        switch (s.Attenuation)
        {
            case AttenuationCorrection.MuMap:
                var path = s.MuMapPath ?? throw new ReconstructionOptionException("a μ-map file is needed for μ-map attenuation correction");
                var mu = InterfileReader.ReadVolume(path);
                if (mu.SizeX != g.Bins || mu.SizeY != g.Bins || mu.SizeZ != g.Rows)
                    throw new ReconstructionOptionException($"{path}: μ-map is {mu.SizeX}x{mu.SizeY}x{mu.SizeZ}, reconstruction grid of {label} is {g.Bins}x{g.Bins}x{g.Rows}");
                return (mu, "mumap");
            case AttenuationCorrection.Ct:
                var (hu, ctCentre) = s.Ct ?? throw new ReconstructionOptionException("CT attenuation correction needs the CT volume");
                if (s.Method != ReconstructionMethod.Osem) throw new ReconstructionOptionException("CT attenuation correction is modelled in OSEM only");
                return (CtAttenuationMap.Build(hu, ctCentre, tomo.Photopeak.CreateVolume(), tomo.VolumeCentreMm, tomo.PhotopeakCentreKeV),
                    FormattableString.Invariant($"ct μ-map at {tomo.PhotopeakCentreKeV:0} keV"));
            case AttenuationCorrection.Chang:
                double water = WaterMu(scatterModelled, tomo.PhotopeakCentreKeV);
                // FBP applies Chang's multiplicative correction itself; OSEM models the uniform map in its projector.
                var map = s.Method == ReconstructionMethod.Osem ? AttenuationMaps.Uniform(AttenuationMaps.BodyContourFromProjections(tomo.Photopeak), water) : null;
                return (map, FormattableString.Invariant($"chang μ={water * 10:0.###}/cm"));
            default:
                return (null, "none");
        }
    }

    /// <summary>View time and half-life for count rates at the scan start; a missing attribute is named.</summary>
    private static AcquisitionTiming Timing(NmAcquisition acquisition, TomoProjections tomo)
    {
        if (!(tomo.ViewDurationMs > 0))
            throw new StudyValidationException(acquisition.SourcePath, DicomTags.ActualFrameDuration, $"{acquisition.MissingOrInvalid(DicomTags.ActualFrameDuration)}: counts cannot be turned into count rates for --cf/--calibrate-cylinder");
        var halfLife = acquisition.Radionuclide?.HalfLifeHours
            ?? throw new StudyValidationException(acquisition.SourcePath, DicomTags.RadionuclideCodeSequence, "does not name a known radionuclide: no half-life for the decay correction of --cf/--calibrate-cylinder");
        return AcquisitionTiming.Of(tomo, halfLife);
    }

    private static CylinderCalibration MeasureCylinder(Volume3D volume, SpectGeometry g, double cylinderMBq, ReconstructionSettings s, AcquisitionTiming timing, string label)
    {
        const double voiMarginMm = 20;
        double radius = s.CylinderDiameterMm / 2, length = s.CylinderLengthMm;
        var placed = CylinderVoi.AtCentroid(volume, radius, length);
        double fovMm = g.Rows * g.SliceSpacingMm;
        if (length > fovMm) throw new ReconstructionOptionException($"{label}: the {length} mm cylinder is longer than the {fovMm} mm axial field of view; the total-count factor needs all of it in view");
        // The whole cylinder, placed at its count centroid, must lie in the volume with a slice to spare at each end.
        if (Math.Abs(placed.CentreZMm) + length / 2 > fovMm / 2 - g.SliceSpacingMm)
            throw new ReconstructionOptionException(FormattableString.Invariant($"{label}: the cylinder's counts centre {placed.CentreZMm:0} mm from the middle of the {fovMm:0} mm axial field of view, so its {length} mm do not lie inside it with a slice to spare; centre the phantom"));
        var concentration = CalibrationFactor.FromUniformCylinder(volume, placed.Shrunk(voiMarginMm), cylinderMBq, Math.PI * radius * radius * length / 1000, timing);
        return new CylinderCalibration(concentration, CalibrationFactor.FromTotalCounts(volume, cylinderMBq, timing), voiMarginMm);
    }
}
