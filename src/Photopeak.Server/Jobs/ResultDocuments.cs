using System.Text.Json.Nodes;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Reporting.Dicom;
using Photopeak.Server.Store;

namespace Photopeak.Server.Jobs;

/// <summary>
/// The DICOM documents a processed study sends on: report.dcm as the procedure wrote it, and measurements.dcm, the
/// measurement SR built from result.json in the report's study and patient, with the study's stored images as evidence.
/// </summary>
internal static class ResultDocuments
{
    /// <summary>The file names, in the study's results folder, that are forwarded.</summary>
    public static readonly IReadOnlyList<string> Forwarded = ["report.dcm", "measurements.dcm"];

    /// <summary>Writes measurements.dcm beside result.json and report.dcm.</summary>
    public static void WriteMeasurementSr(string resultsFolder, IReadOnlyList<StoredInstance> instances)
    {
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(resultsFolder, "result.json")))!;
        var report = DicomFile.Open(Path.Combine(resultsFolder, "report.dcm")).Dataset;
        var cpt = result["cpt"]?.AsArray().FirstOrDefault()?.GetValue<string>() ?? "";
        var procedure = result["procedure"]?.GetValue<string>() ?? "procedure";
        var measurements = new List<SrMeasurement>();
        foreach (var (key, node) in result["measurements"]?.AsObject() ?? [])
        {
            if (node?["value"] is not JsonValue value || !value.TryGetValue<double>(out var number)) continue;
            measurements.Add(new SrMeasurement(key, number, node["unit"]?.GetValue<string>() ?? "", node["method"]?.GetValue<string>() ?? "") { Meaning = Meaning(key) });
        }
        var evidence = instances.Select(i => new SrEvidence(i.Attributes.SeriesInstanceUid, i.Attributes.SopClassUid, i.Attributes.SopInstanceUid)).ToList();
        var sr = MeasurementReportSrWriter.Create(report, cpt, procedure, measurements, evidence, DateTimeOffset.Now);
        var path = Path.Combine(resultsFolder, "measurements.dcm");
        var temporary = path + ".part";
        File.WriteAllBytes(temporary, DicomWriter.ToBytes(sr, TransferSyntax.ExplicitVRLittleEndian));
        File.Move(temporary, path, overwrite: true);
    }

    // "hm_late" → "H/M late", "lung_right_percent" → "Lung right (%)": readable Code Meanings for the private concepts.
    private static string Meaning(string key)
    {
        var words = key.Replace("_percent", " (%)", StringComparison.Ordinal).Split('_');
        var text = string.Join(' ', words.Select(w => w switch { "hm" => "H/M", "bg" => "background", "ppo" => "predicted postoperative", "fev1" => "FEV1", _ => w }));
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
