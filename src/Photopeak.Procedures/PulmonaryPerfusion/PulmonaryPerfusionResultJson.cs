using System.Text.Json.Nodes;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>The result.json form of a lung perfusion analysis: the shared <see cref="ResultJson"/> shape, with the lung
/// outlines (row spans, editable and accepted back by <c>--rois</c>) as "rois".</summary>
public static class PulmonaryPerfusionResultJson
{
    public const string ProcedureName = "pulmonary-perfusion-maa";

    /// <summary>The shared result record (measurement keys as issue 7 names them; ROIs are written separately).</summary>
    public static ProcedureResult ToProcedureResult(PulmonaryPerfusionResult r) =>
        new(ProcedureName,
            r.Coding.Codes.Select(c => c.Display).ToArray(),
            r.Measurements,
            [],
            r.QualityChecks,
            r.Warnings)
        {
            Findings = new Dictionary<string, string>
            {
                ["defects"] = r.Defects.Count == 0 ? "none found" : string.Join("; ", r.Defects.Select(d => d.ToString())),
                ["rois_edited"] = r.RoisEdited ? "yes" : "no",
            },
        };

    public static string Serialize(PulmonaryPerfusionResult r)
    {
        var root = JsonNode.Parse(ResultJson.Serialize(ToProcedureResult(r)))!.AsObject();
        root["rois"] = JsonNode.Parse(r.Rois.ToJson());
        return root.ToJsonString(ResultJson.Options);
    }

    /// <summary>Reads edited lung outlines from a result.json (its "rois") or from a bare ROI set file.</summary>
    public static LungRoiSet ReadRois(string path) => ParseRois(File.ReadAllText(path), path);

    /// <summary>The lung ROI set in the text of a result.json (its "rois") or of the set alone; <see cref="LungRoiException"/>
    /// naming <paramref name="source"/> when it is neither.</summary>
    public static LungRoiSet ParseRois(string text, string source)
    {
        // A key given twice (an edit pasted in) is refused at parsing rather than failing later inside a JSON object.
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(text, new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false });
            if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty("rois", out var rois)
                && rois.ValueKind == System.Text.Json.JsonValueKind.Object)
                text = rois.GetRawText();
        }
        catch (System.Text.Json.JsonException ex) { throw new LungRoiException($"{source}: not a lung ROI set ({ex.Message})", ex); }
        return LungRoiSet.FromJson(text, source);
    }
}
