using System.Globalization;
using Photopeak.Procedures.Pipeline;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>The terminal summary of a lung perfusion analysis: split, zones, ppo values, shunt, defects.</summary>
internal static class PulmonaryPerfusionSummary
{
    public static IReadOnlyList<SummaryLine> Lines(PulmonaryPerfusionResult analysis)
    {
        var m = analysis.Measurements;
        string V(string key, string format) => m.TryGetValue(key, out var x) ? x.Value?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a" : "n/a";
        string Zones(string side) => string.Join(" / ", LungSplit.ZoneNames.Select(z => V(LungMeasurementKeys.Zone(side, z), "0.0"))) + " %";
        var lines = new List<SummaryLine>
        {
            new("Procedure", $"{PulmonaryPerfusionResultJson.ProcedureName}   CPT {string.Join(", ", analysis.Coding.Codes.Select(c => c.Display))}"),
            new("Right / left lung", $"{V(LungMeasurementKeys.RightPercent, "0.0")}% / {V(LungMeasurementKeys.LeftPercent, "0.0")}% (geometric mean)"),
            new("Right upper/mid/low", Zones("right")),
            new("Left upper/mid/low", Zones("left")),
        };
        if (m.ContainsKey(LungMeasurementKeys.PpoFev1Litres))
            lines.Add(new("ppoFEV1", $"{V(LungMeasurementKeys.PpoFev1Litres, "0.00")} L, {V(LungMeasurementKeys.PpoFev1PercentPredicted, "0")}% predicted"));
        if (m.ContainsKey(LungMeasurementKeys.ShuntPercent))
            lines.Add(new("R-to-L shunt", $"{V(LungMeasurementKeys.ShuntPercent, "0.0")}% (whole-body method)"
                + (m.ContainsKey(LungMeasurementKeys.ShuntBrainPercent) ? $", {V(LungMeasurementKeys.ShuntBrainPercent, "0.0")}% (brain method)" : "")));
        lines.Add(new("Defects", analysis.Defects.Count == 0 ? "none found" : string.Join("; ", analysis.Defects)));
        return lines;
    }
}
