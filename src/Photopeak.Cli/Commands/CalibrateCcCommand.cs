using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Photopeak.Dicom;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures;
using Photopeak.Procedures.CardiacSympathetic;

namespace Photopeak.Cli.Commands;

/// <summary>photopeak calibrate-cc DIR --reference-hm X [--json]: the site's mIBG conversion coefficient from a calibration
/// phantom imaged with the clinical protocol, to pass to <c>process --cc</c>.</summary>
public static class CalibrateCcCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Folder (or file) holding the phantom's anterior planar image(s)" };
        var reference = new Option<double>("--reference-hm") { Description = "The phantom's reference H/M (ideal medium-energy ratio, from its documentation)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("calibrate-cc", "Measure the site's mIBG H/M conversion coefficient on a calibration phantom");
        command.Arguments.Add(dir); command.Options.Add(reference); command.Options.Add(json);
        command.SetAction(pr => Run(pr.GetValue(dir)!, pr.GetValue(reference), pr.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string dir, double referenceHm, bool json, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(dir) && !File.Exists(dir)) { error.WriteLine($"calibrate-cc: {dir}: no such file or folder"); return ExitCodes.Usage; }
        if (!(referenceHm > 1.05)) { error.WriteLine($"calibrate-cc: --reference-hm {referenceHm.ToString(CultureInfo.InvariantCulture)} must exceed 1.05"); return ExitCodes.Usage; }
        ConversionCoefficientCalibration c;
        try
        {
            var loaded = StudyLoader.Load(dir);
            if (loaded.Studies.Count == 0) { error.WriteLine($"calibrate-cc: {dir}: no readable DICOM study"); return ExitCodes.UnreadableInput; }
            if (loaded.Studies.Count > 1)
            {
                error.WriteLine($"calibrate-cc: {dir} holds {loaded.Studies.Count} studies ({string.Join(", ", loaded.Studies.Select(st => st.StudyInstanceUid))}); give the folder of one phantom acquisition");
                return ExitCodes.Usage;
            }
            c = ConversionCoefficientCalibration.FromPhantom(loaded.Studies[0], referenceHm);
        }
        catch (Exception ex) when (ex is ProcedureInputException or Imaging.StudyValidationException or DicomFormatException or IOException)
        {
            error.WriteLine($"calibrate-cc: {ex.Message}");
            return ExitCodes.Failed;
        }
        if (json)
            output.WriteLine(new JsonObject
            {
                ["cc"] = Math.Round(c.Coefficient.Value, 4), ["sd"] = Math.Round(c.Coefficient.StandardDeviation, 4), ["source"] = c.Coefficient.Source,
                ["referenceHm"] = c.ReferenceHeartToMediastinum, ["collimator"] = c.CollimatorName,
                ["images"] = new JsonArray([.. c.Images.Select(i => new JsonObject
                {
                    ["image"] = i.Image, ["hm"] = Math.Round(i.HeartToMediastinum, 4), ["cc"] = Math.Round(i.Coefficient, 4),
                })]),
            }.ToJsonString(Indented));
        else
        {
            foreach (var i in c.Images) output.WriteLine(FormattableString.Invariant($"{i.Image}: H/M {i.HeartToMediastinum:0.000} → CC {i.Coefficient:0.000}"));
            output.WriteLine(FormattableString.Invariant($"CC {c.Coefficient.Value:0.000} ± {c.Coefficient.StandardDeviation:0.000} ({c.Coefficient.Source}); use: photopeak process DIR --out DIR --cc {c.Coefficient.Value:0.000}"));
        }
        return ExitCodes.Ok;
    }
}
