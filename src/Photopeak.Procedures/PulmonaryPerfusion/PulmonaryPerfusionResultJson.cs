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
        JsonNode? node;
        try { node = JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException ex) { throw new LungRoiException($"{source}: not a lung ROI set ({ex.Message})", ex); }
        if (node is JsonObject o && o["rois"] is JsonObject rois) text = rois.ToJsonString();
        return LungRoiSet.FromJson(text, source);
    }
}
