using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Photopeak.Procedures.Results;
using Photopeak.Reconstruction.Service;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Imaging;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Export;
using Photopeak.Reconstruction.Fbp;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Interfile;

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
            var acArgs = pr.GetValue(ac) ?? [];
            var settings = new ReconstructionSettings
            {
                Method = pr.GetValue(method) == "fbp" ? ReconstructionMethod.Fbp : ReconstructionMethod.Osem,
                Iterations = pr.GetValue(iterations), Subsets = pr.GetValue(subsets),
                Attenuation = acArgs.Length == 0 ? AttenuationCorrection.None : acArgs[0] == "mumap" ? AttenuationCorrection.MuMap : AttenuationCorrection.Chang,
                MuMapPath = acArgs.Length == 2 ? acArgs[1] : null,
                CollimatorResponse = pr.GetValue(psf), Collimator = pr.GetValue(collimator),
                Scatter = pr.GetValue(scatter) switch { "tew" => ScatterCorrection.Tew, "dew" => ScatterCorrection.Dew, _ => ScatterCorrection.None },
                ScatterSmoothingMm = pr.GetValue(scatterSmoothing),
                FbpWindow = pr.GetValue(filter) switch { "hann" => FbpWindow.Hann, "shepp-logan" => FbpWindow.SheppLogan, "ramp" => FbpWindow.Ramp, _ => FbpWindow.Butterworth },
                CutoffCyclesPerCm = pr.GetValue(cutoff), ButterworthOrder = pr.GetValue(order), PostFilterMm = pr.GetValue(post),
                CfCpsPerMBq = pr.GetValue(cf), CfTotalCpsPerMBq = pr.GetValue(cfTotal), CylinderMBq = pr.GetValue(calibrate),
                CylinderDiameterMm = pr.GetValue(cylinder) is { Length: 2 } mm ? mm[0] : 216, CylinderLengthMm = pr.GetValue(cylinder) is { Length: 2 } mm2 ? mm2[1] : 186,
            };
            // 'chang' alone or 'mumap FILE': anything else is refused in Run.
            var acValid = acArgs.Length == 0 || (acArgs[0] == "chang" && acArgs.Length == 1) || (acArgs[0] == "mumap" && acArgs.Length == 2);
            return Run(pr.GetValue(input)!, pr.GetValue(output)!, settings, acValid, pr.GetValue(json));
        });
        return command;
    }

    /// <summary>The exit code for a failure while reconstructing, chosen by exception type: only an invalid option is usage (2);
    /// anything else from inside the reconstruction, an ArgumentException included, is a processing failure (1).</summary>
    public static int ExitCodeFor(Exception failure) => failure switch
    {
        ReconstructionOptionException => ExitCodes.Usage,
        // Bytes that do not hold what the header declares, or a FIFO/device given as the μ-map: unreadable input, as in every command.
        ReconstructionInputException or StudyValidationException or DicomFormatException or NotARegularFileException or InterfileFormatException => ExitCodes.UnreadableInput,
        _ => ExitCodes.Failed,
    };

    /// <summary>Upper bounds of the options: beyond them a run takes hours or tens of GB and means a typing slip.</summary>
    private const int MaxIterations = 100, MaxSubsets = 128, MaxButterworthOrder = 20;
    private const double MaxFilterMm = 100, MaxCutoffCyclesPerCm = 10, MaxCylinderMm = 1000;

    private static int Run(string input, string outDir, ReconstructionSettings s, bool acValid, bool json)
    {
        if (s.Iterations is < 1 or > MaxIterations) return Usage($"--iterations {s.Iterations} is invalid: give 1 to {MaxIterations}");
        if (s.Subsets is < 1 or > MaxSubsets) return Usage($"--subsets {s.Subsets} is invalid: give 1 to {MaxSubsets} (and a divisor of the number of views)");
        if (s.PostFilterMm is { } pf && !(pf >= 0 && pf <= MaxFilterMm)) return Usage(FormattableString.Invariant($"--postfilter-mm {pf} is invalid: give a FWHM of 0 to {MaxFilterMm} mm"));
        if (!(s.ScatterSmoothingMm >= 0 && s.ScatterSmoothingMm <= MaxFilterMm)) return Usage(FormattableString.Invariant($"--scatter-smoothing-mm {s.ScatterSmoothingMm} is invalid: give a FWHM of 0 to {MaxFilterMm} mm"));
        if (s.CutoffCyclesPerCm is { } co && !(co > 0 && co <= MaxCutoffCyclesPerCm)) return Usage(FormattableString.Invariant($"--cutoff {co} is invalid: give more than 0 and at most {MaxCutoffCyclesPerCm} cycles/cm"));
        if (s.ButterworthOrder is < 1 or > MaxButterworthOrder) return Usage($"--order {s.ButterworthOrder} is invalid: give a Butterworth order of 1 to {MaxButterworthOrder}");
        if (!acValid)
            return Usage("--ac takes 'chang' or 'mumap FILE'");
        if (s.CfCpsPerMBq is { } f && !(f > 0 && double.IsFinite(f))) return Usage($"--cf must be a positive number of cps/MBq, got {f}");
        if (s.CfTotalCpsPerMBq is { } ft && !(ft > 0 && double.IsFinite(ft))) return Usage($"--cf-total must be a positive number of cps/MBq, got {ft}");
        if (s.CylinderMBq is { } a && !(a > 0 && double.IsFinite(a))) return Usage($"--calibrate-cylinder must be a positive activity in MBq, got {a}");
        if (!(s.CylinderDiameterMm > 0 && s.CylinderDiameterMm <= MaxCylinderMm) || !(s.CylinderLengthMm > 0 && s.CylinderLengthMm <= MaxCylinderMm))
            return Usage($"--cylinder-mm takes a positive diameter and length of at most {MaxCylinderMm} mm");
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
        foreach (var u in loaded.Unreadable.Take(10)) Console.Error.WriteLine($"recon: warning: {u.Path}: {u.Reason}");
        var tomo = loaded.Studies.SelectMany(st => st.Acquisitions).Where(a => a.ImageType == NmImageType.Tomo)
            .OrderBy(a => a.SeriesNumber ?? 0).ThenBy(a => a.SourcePath, StringComparer.Ordinal).ToList();
        if (tomo.Count == 0)
        {
            Console.Error.WriteLine($"recon: {input}: no NM TOMO series found ({loaded.Unreadable.Count} unreadable file(s))");
            return ExitCodes.UnreadableInput;
        }
        foreach (var fallback in tomo.Where(t => t.CharacterSetFallback is not null))
            Console.Error.WriteLine($"recon: warning: {fallback.SourcePath}: {fallback.CharacterSetFallback}");
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
        catch (Exception e) when (e is ReconstructionException or StudyValidationException or DicomFormatException or SpectGeometryException or ArgumentException or InvalidOperationException or InterfileFormatException or IOException)
        {
            Console.Error.WriteLine($"recon: {e.Message}");
            return ExitCodeFor(e);
        }
        // Built as JsonNode, not by serialising anonymous types, so the native (AOT, trimmed) photopeak prints the same summary.
        if (json) Console.WriteLine(FiniteJson.ToIndentedString(new JsonObject { ["series"] = results }));
        else foreach (var path in written) Console.WriteLine(path);
        return ExitCodes.Ok;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"recon: {message}");
        return ExitCodes.Usage;
    }

    private static (JsonObject Summary, string DicomPath) Reconstruct(NmAcquisition acquisition, string outDir, ReconstructionSettings s)
    {
        var clock = Stopwatch.StartNew();
        var progress = new SynchronousProgress(line => Console.Error.WriteLine($"recon: {line}"));
        var r = ReconstructionService.Reconstruct(acquisition, s, progress);
        var (volume, g) = (r.Volume, r.Tomo.Photopeak.Geometry);
        string stem = Path.GetFileNameWithoutExtension(acquisition.SourcePath ?? "tomo") + "_recon";
        string dicomPath = Path.Combine(outDir, stem + ".dcm"), headerPath = Path.Combine(outDir, stem + ".hv");
        ReconTomoDicomWriter.Write(dicomPath, volume, ReconstructionService.SeriesFor(acquisition, r), g);
        string dataPath = InterfileWriter.WriteVolume(headerPath, volume);
        double writeS = clock.Elapsed.TotalSeconds - r.LoadSeconds - r.ReconstructSeconds;
        var label = ReconstructionService.Label(acquisition);
        if (r.Cylinder is { } cyl)
            Console.Error.WriteLine(FormattableString.Invariant($"recon: {label}: calibration {cyl.Concentration.CountsPerSecondPerMBq:0.###} cps/MBq (concentration, VOI {cyl.VoiMarginMm:0} mm inside, {cyl.Concentration.VoiVoxels} voxels, CoV {cyl.Concentration.VoiCoefficientOfVariationPercent:0.#} %), {cyl.TotalCounts.CountsPerSecondPerMBq:0.###} cps/MBq (total counts)"));
        Console.Error.WriteLine(FormattableString.Invariant($"recon: {label}: {r.Description} in {clock.Elapsed.TotalSeconds:0.0} s -> {dicomPath}"));
        return (new JsonObject
        {
            ["series"] = acquisition.SeriesNumber, ["source"] = acquisition.SourcePath, ["method"] = s.Method == ReconstructionMethod.Fbp ? "fbp" : "osem", ["description"] = r.Description,
            ["parameters"] = new JsonObject
            {
                ["iterations"] = s.Method == ReconstructionMethod.Osem ? s.Iterations : (int?)null, ["subsets"] = s.Method == ReconstructionMethod.Osem ? s.Subsets : (int?)null,
                ["attenuation"] = r.AttenuationLabel, ["psf"] = s.CollimatorResponse, ["scatter"] = s.Scatter.ToString().ToLowerInvariant(), ["scatterSmoothingMm"] = s.ScatterSmoothingMm,
                ["filter"] = s.Method == ReconstructionMethod.Fbp ? FilterName(s.FbpWindow) : null,
                ["cutoffCyclesPerCm"] = s.CutoffCyclesPerCm, ["postFilterMm"] = s.PostFilterMm, ["collimator"] = r.Collimator,
            },
            ["geometry"] = new JsonObject
            {
                ["views"] = g.NumberOfViews, ["detectors"] = g.Detectors, ["startAngleDeg"] = g.StartAngleDeg, ["arcDeg"] = g.ArcDeg,
                ["direction"] = g.Direction.ToString(), ["bodyContour"] = !g.IsCircular, ["pixelMm"] = g.PixelSpacingMm,
            },
            ["volume"] = new JsonObject { ["sizeX"] = volume.SizeX, ["sizeY"] = volume.SizeY, ["sizeZ"] = volume.SizeZ, ["voxelMm"] = volume.VoxelSizeXMm, ["sum"] = volume.Sum() },
            ["dicom"] = dicomPath, ["interfileHeader"] = headerPath, ["interfileData"] = dataPath,
            ["timingsS"] = new JsonObject { ["load"] = Math.Round(r.LoadSeconds, 3), ["reconstruct"] = Math.Round(r.ReconstructSeconds, 3), ["write"] = Math.Round(writeS, 3) },
            ["warnings"] = new JsonArray([.. r.Tomo.Warnings.Select(w => (JsonNode?)JsonValue.Create(w))]),
            ["calibration"] = Calibration(s, r),
        }, dicomPath);
    }

    private static string FilterName(FbpWindow w) => w switch { FbpWindow.Hann => "hann", FbpWindow.SheppLogan => "shepp-logan", FbpWindow.Ramp => "ramp", _ => "butterworth" };

    private static JsonObject? Calibration(ReconstructionSettings s, ReconstructedSeries r)
    {
        JsonObject? cylinder = r.Cylinder is { } c ? new JsonObject
        {
            ["cylinderMBq"] = s.CylinderMBq, ["cylinderDiameterMm"] = s.CylinderDiameterMm, ["cylinderLengthMm"] = s.CylinderLengthMm, ["voiMarginMm"] = c.VoiMarginMm,
            ["concentrationCpsPerMBq"] = c.Concentration.CountsPerSecondPerMBq, ["totalCountsCpsPerMBq"] = c.TotalCounts.CountsPerSecondPerMBq,
            ["voiVoxels"] = c.Concentration.VoiVoxels, ["voiCoefficientOfVariationPercent"] = c.Concentration.VoiCoefficientOfVariationPercent,
            ["frameAverageFactor"] = r.Timing!.FrameAverageFactor,
        } : null;
        if (s.CfCpsPerMBq is null && s.CfTotalCpsPerMBq is null) return cylinder;
        return new JsonObject
        {
            ["cfCpsPerMBq"] = s.CfCpsPerMBq, ["cfTotalCpsPerMBq"] = s.CfTotalCpsPerMBq, ["unit"] = r.ValueUnit, ["frameAverageFactor"] = r.Timing!.FrameAverageFactor,
            ["activityInVolumeMBq"] = r.ActivityInVolumeMBq, ["cylinder"] = cylinder,
        };
    }

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; would post to the thread pool and interleave).</summary>
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
