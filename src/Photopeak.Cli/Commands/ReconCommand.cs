using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Photopeak.Reconstruction.Service;
using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Export;
using Photopeak.Reconstruction.Fbp;
using Photopeak.Reconstruction.Filtering;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Interfile;
using Photopeak.Reconstruction.Iterative;
using Photopeak.Reconstruction.Quantification;
using Photopeak.Reconstruction.Scatter;

namespace Photopeak.Cli.Commands;

/// <summary>photopeak recon DIR --out DIR: reconstructs every TOMO series (one per bed position) to RECON TOMO DICOM and Interfile.</summary>
public static class ReconCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Directory or file holding the TOMO study" };
        var output = new Option<string>("--out") { Description = "Output directory", Required = true };
        var method = new Option<string>("--method") { Description = "osem or fbp", DefaultValueFactory = _ => "osem" };
        method.AcceptOnlyFromAmong("osem", "fbp");
        var iterations = new Option<int>("--iterations") { Description = "OSEM iterations", DefaultValueFactory = _ => 4 };
        var subsets = new Option<int>("--subsets") { Description = "OSEM subsets (must divide the number of views)", DefaultValueFactory = _ => 8 };
        var ac = new Option<string[]>("--ac") { Description = "Attenuation correction: 'chang' (uniform water in the body contour) or 'mumap FILE' (Interfile .hv, 1/mm)", AllowMultipleArgumentsPerToken = true, Arity = new ArgumentArity(1, 2) };
        var psf = new Option<bool>("--psf") { Description = "Model the distance-dependent collimator response (OSEM)" };
        var scatter = new Option<string>("--scatter") { Description = "tew, dew or none", DefaultValueFactory = _ => "none" };
        scatter.AcceptOnlyFromAmong("tew", "dew", "none");
        var filter = new Option<string>("--filter") { Description = "FBP window: butterworth, hann, shepp-logan, ramp", DefaultValueFactory = _ => "butterworth" };
        filter.AcceptOnlyFromAmong("butterworth", "hann", "shepp-logan", "ramp");
        var cutoff = new Option<double?>("--cutoff") { Description = "FBP window cut-off, cycles/cm (default Nyquist; Butterworth 0.5)" };
        var order = new Option<int>("--order") { Description = "Butterworth order", DefaultValueFactory = _ => 5 };
        var post = new Option<double?>("--postfilter-mm") { Description = "Gaussian post-filter FWHM, mm" };
        var collimator = new Option<string?>("--collimator") { Description = "Collimator override: " + string.Join(", ", CollimatorCatalogue.KnownNames) };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable summary on stdout" };
        var scatterSmoothing = new Option<double>("--scatter-smoothing-mm") { Description = "Gaussian FWHM, mm, smoothing each view of the TEW/DEW scatter estimate (0 = none; default 16): the narrow scatter windows are noisy, and unsmoothed noise biases OSEM totals upwards (a noisy reduced tumour bed: +6 % raw, within 2 % smoothed)", DefaultValueFactory = _ => 16 };
        var cfTotal = new Option<double?>("--cf-total") { Description = "Total-count calibration factor, cps/MBq (--calibrate-cylinder's totalCountsCpsPerMBq, same options): reports the activity in the volume, MBq at the scan start" };
        var cf = new Option<double?>("--cf") { Description = "Calibration factor, cps/MBq (concentration form), measured on a uniform cylinder reconstructed with the same options (--calibrate-cylinder): voxels are written in Bq/ml at the scan start" };
        var calibrate = new Option<double?>("--calibrate-cylinder") { Description = "The input is a uniform cylinder holding this many MBq at the scan start: report its calibration factors (cps/MBq) in the summary" };
        var cylinder = new Option<double[]>("--cylinder-mm") { Description = "Inner diameter and length of the calibration cylinder, mm (216 186)", AllowMultipleArgumentsPerToken = true, Arity = new ArgumentArity(2, 2) };

        var command = new Command("recon", "Reconstruct SPECT (TOMO) series to RECON TOMO DICOM and Interfile");
        command.Arguments.Add(input);
        foreach (var o in new Option[] { output, method, iterations, subsets, ac, psf, scatter, filter, cutoff, order, post, collimator, json, cf, calibrate, cylinder, scatterSmoothing, cfTotal })
            command.Options.Add(o);
        command.SetAction(pr =>
        {
            var settings = new Settings(pr.GetValue(method)!, pr.GetValue(iterations), pr.GetValue(subsets), pr.GetValue(ac) ?? [],
                pr.GetValue(psf), pr.GetValue(scatter)!, pr.GetValue(filter)!, pr.GetValue(cutoff), pr.GetValue(order),
                pr.GetValue(post), pr.GetValue(collimator), pr.GetValue(cf), pr.GetValue(calibrate), pr.GetValue(cylinder) is { Length: 2 } mm ? mm : [216, 186])
                { ScatterSmoothingMm = pr.GetValue(scatterSmoothing), CfTotalCpsPerMBq = pr.GetValue(cfTotal) };
            return Run(pr.GetValue(input)!, pr.GetValue(output)!, settings, pr.GetValue(json));
        });
        return command;
    }

    /// <summary>The exit code for a failure while reconstructing, chosen by exception type: only an invalid option is usage (2);
    /// anything else from inside the reconstruction, an ArgumentException included, is a processing failure (1).</summary>
    public static int ExitCodeFor(Exception failure) => failure switch
    {
        ReconstructionOptionException => ExitCodes.Usage,
        ReconstructionInputException or StudyValidationException => ExitCodes.UnreadableInput,
        _ => ExitCodes.Failed,
    };

    private sealed record Settings(string Method, int Iterations, int Subsets, string[] Ac, bool Psf, string Scatter, string Filter,
        double? CutoffCyclesPerCm, int Order, double? PostFilterMm, string? Collimator, double? CfCpsPerMBq, double? CylinderMBq, double[] CylinderMm)
    {
        public double ScatterSmoothingMm { get; init; }
        public double? CfTotalCpsPerMBq { get; init; }
    }

    private static int Run(string input, string outDir, Settings s, bool json)
    {
        if (s.Iterations < 1 || s.Subsets < 1) return Usage("--iterations and --subsets must be positive");
        if (!(s.ScatterSmoothingMm >= 0)) return Usage("--scatter-smoothing-mm must be zero or positive");
        if (s.Ac.Length > 0 && !(s.Ac[0] == "chang" && s.Ac.Length == 1) && !(s.Ac[0] == "mumap" && s.Ac.Length == 2))
            return Usage("--ac takes 'chang' or 'mumap FILE'");
        if (s.CfCpsPerMBq is { } f && !(f > 0)) return Usage($"--cf must be a positive number of cps/MBq, got {f}");
        if (s.CfTotalCpsPerMBq is { } ft && !(ft > 0)) return Usage($"--cf-total must be a positive number of cps/MBq, got {ft}");
        if (s.CylinderMBq is { } a && !(a > 0)) return Usage($"--calibrate-cylinder must be a positive activity in MBq, got {a}");
        if (!(s.CylinderMm[0] > 0) || !(s.CylinderMm[1] > 0)) return Usage("--cylinder-mm takes a positive diameter and length");
        if (s.Collimator is { } c && CollimatorCatalogue.Find(c) is null)
            return Usage($"unknown --collimator '{c}' (known: {string.Join(", ", CollimatorCatalogue.KnownNames)})");
        if (!File.Exists(input) && !Directory.Exists(input))
        {
            Console.Error.WriteLine($"recon: {input}: no such file or directory");
            return ExitCodes.UnreadableInput;
        }
        StudyLoadResult loaded;
        try { loaded = StudyLoader.Load(input); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DicomFormatException)
        {
            Console.Error.WriteLine($"recon: {input}: {e.Message}");
            return ExitCodes.UnreadableInput;
        }
        var tomo = loaded.Studies.SelectMany(st => st.Acquisitions).Where(a => a.ImageType == NmImageType.Tomo)
            .OrderBy(a => a.SeriesNumber ?? 0).ThenBy(a => a.SourcePath, StringComparer.Ordinal).ToList();
        if (tomo.Count == 0)
        {
            Console.Error.WriteLine($"recon: {input}: no NM TOMO series found ({loaded.Unreadable.Count} unreadable file(s))");
            return ExitCodes.UnreadableInput;
        }
        Directory.CreateDirectory(outDir);
        var results = new JsonArray();
        var written = new List<string>();
        try
        {
            foreach (var acquisition in tomo)
            {
                var (summary, path) = Reconstruct(acquisition, outDir, s);
                results.Add((JsonNode)summary);
                written.Add(path);
            }
        }
        catch (StudyValidationException e)
        {
            Console.Error.WriteLine($"recon: {e.Message}");
            return ExitCodes.UnreadableInput;
        }
        catch (Exception e) when (e is ReconstructionException or SpectGeometryException or ArgumentException or InvalidOperationException or InterfileFormatException or IOException)
        {
            Console.Error.WriteLine($"recon: {e.Message}");
            return ExitCodeFor(e);
        }
        // Built as JsonNode, not by serialising anonymous types, so the native (AOT, trimmed) photopeak prints the same summary.
        if (json) Console.WriteLine(new JsonObject { ["series"] = results }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else foreach (var path in written) Console.WriteLine(path);
        return ExitCodes.Ok;
    }

    /// <summary>View time and half-life for count rates at the scan start; a missing attribute is named.</summary>
    private static AcquisitionTiming Timing(NmAcquisition acquisition, TomoProjections tomo)
    {
        if (!(tomo.ViewDurationMs > 0))
            throw new StudyValidationException(acquisition.SourcePath, DicomTags.ActualFrameDuration, "is missing: counts cannot be turned into count rates for --cf/--calibrate-cylinder");
        var halfLife = acquisition.Radionuclide?.HalfLifeHours
            ?? throw new StudyValidationException(acquisition.SourcePath, DicomTags.RadionuclideCodeSequence, "does not name a known radionuclide: no half-life for the decay correction of --cf/--calibrate-cylinder");
        return AcquisitionTiming.Of(tomo, halfLife);
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"recon: {message}");
        return ExitCodes.Usage;
    }

    private static (JsonObject Summary, string DicomPath) Reconstruct(NmAcquisition acquisition, string outDir, Settings s)
    {
        var clock = Stopwatch.StartNew();
        string label = $"series {acquisition.SeriesNumber?.ToString(CultureInfo.InvariantCulture) ?? "?"} ({Path.GetFileName(acquisition.SourcePath)})";
        var tomo = TomoProjectionLoader.Load(acquisition);
        foreach (var w in tomo.Warnings) Console.Error.WriteLine($"recon: {label}: warning: {w}");
        double loadS = clock.Elapsed.TotalSeconds;
        var g = tomo.Photopeak.Geometry;

        CollimatorResponse? collimator = null;
        if (s.Psf)
        {
            collimator = CollimatorCatalogue.Find(s.Collimator ?? tomo.CollimatorName)
                ?? throw new ReconstructionOptionException($"{label}: collimator '{tomo.CollimatorName}' is not known; give --collimator ({string.Join(", ", CollimatorCatalogue.KnownNames)}) for --psf");
        }
        ProjectionSet? scatterEstimate = s.Scatter switch
        {
            "tew" when tomo.LowerScatter is null && tomo.UpperScatter is null => throw new InvalidOperationException($"{label}: --scatter tew needs scatter windows; none found"),
            "tew" => ScatterEstimate.TripleEnergyWindow(tomo.LowerScatter ?? tomo.UpperScatter!, tomo.LowerScatter is null ? null : tomo.UpperScatter,
                tomo.PhotopeakWidthKeV, tomo.LowerScatter is null ? tomo.UpperWidthKeV : tomo.LowerWidthKeV, tomo.LowerScatter is null ? 0 : tomo.UpperWidthKeV, s.ScatterSmoothingMm),
            "dew" when tomo.LowerScatter is null => throw new InvalidOperationException($"{label}: --scatter dew needs a lower scatter window; none found"),
            "dew" => ScatterEstimate.DualEnergyWindow(tomo.LowerScatter!, smoothingFwhmMm: s.ScatterSmoothingMm),
            _ => null,
        };
        Volume3D? mu = null;
        string acLabel = "none";
        if (s.Ac.Length > 0 && s.Ac[0] == "mumap")
        {
            mu = InterfileReader.ReadVolume(s.Ac[1]);
            if (mu.SizeX != g.Bins || mu.SizeY != g.Bins || mu.SizeZ != g.Rows)
                throw new InvalidOperationException($"{s.Ac[1]}: μ-map is {mu.SizeX}x{mu.SizeY}x{mu.SizeZ}, reconstruction grid is {g.Bins}x{g.Bins}x{g.Rows}");
            acLabel = "mumap";
        }
        else if (s.Ac.Length > 0)
        {
            // Narrow-beam water μ when scatter is modelled, broad-beam otherwise [Chang1978]; 140 keV values (Tc-99m, near I-123 159 keV).
            double muWater = scatterEstimate is not null ? AttenuationMaps.WaterAt140KeVPerMm : AttenuationMaps.BroadBeamWaterAt140KeVPerMm;
            if (s.Method == "osem") mu = AttenuationMaps.Uniform(AttenuationMaps.BodyContourFromProjections(tomo.Photopeak), muWater);
            acLabel = $"chang μ={muWater * 10:0.###}/cm";
        }

        Volume3D volume;
        string methodLabel;
        var progressStep = Math.Max(1, s.Iterations * s.Subsets / 10);
        if (s.Method == "osem")
        {
            if (g.ViewsPerDetector * g.Detectors % s.Subsets != 0 && s.Subsets > g.NumberOfViews)
                throw new ReconstructionOptionException($"--subsets {s.Subsets} exceeds the {g.NumberOfViews} views");
            var options = new OsemOptions
            {
                Iterations = s.Iterations, Subsets = s.Subsets, MuMapPerMm = mu, Collimator = collimator, AdditiveScatter = scatterEstimate,
                PostFilterFwhmMm = s.PostFilterMm,
            };
            int total = s.Iterations * s.Subsets;
            var progress = new Progress<int>(u => { if (u % progressStep == 0 || u == total) Console.Error.WriteLine($"recon: {label}: OSEM update {u}/{total}"); });
            volume = OsemReconstructor.Reconstruct(tomo.Photopeak, options, progress);
            methodLabel = $"OSEM {s.Iterations}i{s.Subsets}s";
        }
        else
        {
            var window = s.Filter switch { "hann" => FbpWindow.Hann, "shepp-logan" => FbpWindow.SheppLogan, "ramp" => FbpWindow.Ramp, _ => FbpWindow.Butterworth };
            double? cutoff = s.CutoffCyclesPerCm ?? (window == FbpWindow.Butterworth ? 0.5 : null);
            var projections = tomo.Photopeak;
            if (scatterEstimate is not null)
            {
                // FBP has no additive term: subtract the estimate, clipped at zero [Ogawa1991].
                var corrected = new float[projections.Counts.Length];
                for (int i = 0; i < corrected.Length; i++) corrected[i] = Math.Max(0, projections.Counts[i] - scatterEstimate.Counts[i]);
                projections = projections with { Counts = corrected };
            }
            Console.Error.WriteLine($"recon: {label}: FBP {s.Filter}");
            volume = FbpReconstructor.Reconstruct(projections, new FbpOptions
            {
                Window = window, CutoffCyclesPerCm = cutoff, ButterworthOrder = s.Order,
                Chang = s.Ac.Length > 0 && s.Ac[0] == "chang" ? new ChangOptions { MuPerMm = scatterEstimate is null ? AttenuationMaps.BroadBeamWaterAt140KeVPerMm : AttenuationMaps.WaterAt140KeVPerMm } : null,
            });
            if (s.PostFilterMm is > 0) volume = GaussianFilter3D.Apply(volume, s.PostFilterMm.Value);
            methodLabel = $"FBP {s.Filter}" + (cutoff is { } co ? FormattableString.Invariant($" {co:0.##}/cm") : "");
        }
        double reconS = clock.Elapsed.TotalSeconds - loadS;

        // Quantification (CLINICAL §4): decay over the rotation referred to the scan start [CLINICAL 1.2].
        JsonObject? calibration = null;
        string valueUnit = "counts";
        if (s.CfCpsPerMBq is not null || s.CylinderMBq is not null || s.CfTotalCpsPerMBq is not null)
        {
            var timing = Timing(acquisition, tomo);
            if (s.CylinderMBq is { } cylinderMBq)
            {
                double radius = s.CylinderMm[0] / 2, length = s.CylinderMm[1];
                var placed = CylinderVoi.AtCentroid(volume, radius, length);
                var voi = placed.Shrunk(20);
                double fovMm = g.Rows * g.SliceSpacingMm;
                if (length > fovMm) throw new ReconstructionOptionException($"{label}: the {length} mm cylinder is longer than the {fovMm} mm axial field of view; the total-count factor needs all of it in view");
                // The whole cylinder, placed at its count centroid, must lie in the volume with a slice to spare at each end.
                if (Math.Abs(placed.CentreZMm) + length / 2 > fovMm / 2 - g.SliceSpacingMm)
                    throw new ReconstructionOptionException(FormattableString.Invariant($"{label}: the cylinder's counts centre {placed.CentreZMm:0} mm from the middle of the {fovMm:0} mm axial field of view, so its {length} mm do not lie inside it with a slice to spare; centre the phantom"));
                var concentration = CalibrationFactor.FromUniformCylinder(volume, voi, cylinderMBq, Math.PI * radius * radius * length / 1000, timing);
                var total = CalibrationFactor.FromTotalCounts(volume, cylinderMBq, timing);
                Console.Error.WriteLine(FormattableString.Invariant($"recon: {label}: calibration {concentration.CountsPerSecondPerMBq:0.###} cps/MBq (concentration, VOI 20 mm inside, {concentration.VoiVoxels} voxels, CoV {concentration.VoiCoefficientOfVariationPercent:0.#} %), {total.CountsPerSecondPerMBq:0.###} cps/MBq (total counts)"));
                calibration = new JsonObject
                {
                    ["cylinderMBq"] = cylinderMBq, ["cylinderDiameterMm"] = s.CylinderMm[0], ["cylinderLengthMm"] = length, ["voiMarginMm"] = 20,
                    ["concentrationCpsPerMBq"] = concentration.CountsPerSecondPerMBq, ["totalCountsCpsPerMBq"] = total.CountsPerSecondPerMBq,
                    ["voiVoxels"] = concentration.VoiVoxels, ["voiCoefficientOfVariationPercent"] = concentration.VoiCoefficientOfVariationPercent,
                    ["frameAverageFactor"] = timing.FrameAverageFactor,
                };
            }
            // Totals with the total-count factor, concentrations with the concentration factor (the two differ by the protocol's
            // edge and scatter behaviour; helper figures in docs/simulation-truth.md).
            double? activity = s.CfTotalCpsPerMBq is { } cfTotal ? new CalibrationFactor(cfTotal, CalibrationMethod.TotalCounts, 0, null).TotalActivityMBq(volume, timing) : null;
            if (s.CfCpsPerMBq is { } cfValue)
            {
                var factor = new CalibrationFactor(cfValue, CalibrationMethod.Concentration, 0, null);
                volume = factor.ConcentrationVolumeBqPerMl(volume, timing);
                valueUnit = "Bq/ml";
            }
            if (s.CfCpsPerMBq is not null || s.CfTotalCpsPerMBq is not null)
                calibration = new JsonObject
                {
                    ["cfCpsPerMBq"] = s.CfCpsPerMBq, ["cfTotalCpsPerMBq"] = s.CfTotalCpsPerMBq, ["unit"] = valueUnit, ["frameAverageFactor"] = timing.FrameAverageFactor,
                    ["activityInVolumeMBq"] = activity, ["cylinder"] = calibration,
                };
        }
        // Corrected Image (0028,0051): decay (Bq/ml referred to the scan start), attenuation and scatter as applied.
        var correctedImage = new List<string>();
        if (s.CfCpsPerMBq is not null) correctedImage.Add("DECY");
        if (acLabel != "none") correctedImage.Add("ATTN");
        if (s.Scatter != "none") correctedImage.Add("SCAT");

        string description = methodLabel + (acLabel != "none" ? " AC" : "") + (s.Psf ? " PSF" : "") + (s.Scatter != "none" ? " " + s.Scatter.ToUpperInvariant() : "")
            + (s.PostFilterMm is > 0 ? FormattableString.Invariant($", Gauss {s.PostFilterMm:0.#} mm") : "");
        var ds = acquisition.File.Dataset;
        var series = new ReconTomoSeries
        {
            PatientId = ds.GetString(DicomTags.PatientID) ?? "", PatientName = ds.GetString(DicomTags.PatientName) ?? "",
            PatientBirthDate = ds.GetString(DicomTags.PatientBirthDate) ?? "", PatientSex = ds.GetString(DicomTags.PatientSex) ?? "",
            StudyInstanceUid = acquisition.StudyInstanceUid, StudyDate = ds.GetString(DicomTags.StudyDate) ?? "",
            StudyTime = ds.GetString(DicomTags.StudyTime) ?? "", StudyId = ds.GetString(DicomTags.StudyID) ?? "",
            AccessionNumber = ds.GetString(DicomTags.AccessionNumber) ?? "", FrameOfReferenceUid = ds.GetString(DicomTags.FrameOfReferenceUID),
            SeriesNumber = 1000 + (acquisition.SeriesNumber ?? 0), SeriesDescription = $"{acquisition.SeriesDescription} {description}".Trim(),
            Method = methodLabel, VolumeCentreMm = tomo.VolumeCentreMm, ValueUnit = valueUnit,
            AcquisitionDate = ds.GetString(DicomTags.AcquisitionDate) ?? "", AcquisitionTime = ds.GetString(DicomTags.AcquisitionTime) ?? "",
            CorrectedImage = correctedImage, Radiopharmaceutical = ds.GetItem(DicomTags.RadiopharmaceuticalInformationSequence),
            Source = acquisition.SopClassUid is { } cls && acquisition.SopInstanceUid is { } inst ? (cls, inst) : null,
        };
        string stem = Path.GetFileNameWithoutExtension(acquisition.SourcePath ?? "tomo") + "_recon";
        string dicomPath = Path.Combine(outDir, stem + ".dcm"), headerPath = Path.Combine(outDir, stem + ".hv");
        ReconTomoDicomWriter.Write(dicomPath, volume, series, g);
        string dataPath = InterfileWriter.WriteVolume(headerPath, volume);
        double writeS = clock.Elapsed.TotalSeconds - loadS - reconS;
        Console.Error.WriteLine(FormattableString.Invariant($"recon: {label}: {description} in {clock.Elapsed.TotalSeconds:0.0} s -> {dicomPath}"));
        return (new JsonObject
        {
            ["series"] = acquisition.SeriesNumber, ["source"] = acquisition.SourcePath, ["method"] = s.Method, ["description"] = description,
            ["parameters"] = new JsonObject
            {
                ["iterations"] = s.Method == "osem" ? s.Iterations : (int?)null, ["subsets"] = s.Method == "osem" ? s.Subsets : (int?)null,
                ["attenuation"] = acLabel, ["psf"] = s.Psf, ["scatter"] = s.Scatter, ["scatterSmoothingMm"] = s.ScatterSmoothingMm, ["filter"] = s.Method == "fbp" ? s.Filter : null,
                ["cutoffCyclesPerCm"] = s.CutoffCyclesPerCm, ["postFilterMm"] = s.PostFilterMm, ["collimator"] = collimator is null ? null : s.Collimator ?? tomo.CollimatorName,
            },
            ["geometry"] = new JsonObject
            {
                ["views"] = g.NumberOfViews, ["detectors"] = g.Detectors, ["startAngleDeg"] = g.StartAngleDeg, ["arcDeg"] = g.ArcDeg,
                ["direction"] = g.Direction.ToString(), ["bodyContour"] = !g.IsCircular, ["pixelMm"] = g.PixelSpacingMm,
            },
            ["volume"] = new JsonObject { ["sizeX"] = volume.SizeX, ["sizeY"] = volume.SizeY, ["sizeZ"] = volume.SizeZ, ["voxelMm"] = volume.VoxelSizeXMm, ["sum"] = volume.Sum() },
            ["dicom"] = dicomPath, ["interfileHeader"] = headerPath, ["interfileData"] = dataPath,
            ["timingsS"] = new JsonObject { ["load"] = Math.Round(loadS, 3), ["reconstruct"] = Math.Round(reconS, 3), ["write"] = Math.Round(writeS, 3) },
            ["warnings"] = new JsonArray([.. tomo.Warnings.Select(w => (JsonNode?)JsonValue.Create(w))]),
            ["calibration"] = calibration,
        }, dicomPath);
    }
}
