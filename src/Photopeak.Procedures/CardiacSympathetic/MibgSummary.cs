using System.Globalization;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using K = Photopeak.Procedures.CardiacSympathetic.MibgMeasurementKeys;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>The terminal summary of an mIBG analysis: H/M, standardised H/M, washout, category, SPECT score.</summary>
internal static class MibgSummary
{
    public static IReadOnlyList<SummaryLine> Lines(ProcedureResult r)
    {
        var lines = new List<SummaryLine>
        {
            new("Procedure", $"{r.Procedure}   CPT {string.Join(", ", r.Cpt)}"),
            new("H/M early / late", $"{F(r.Value(K.HmEarly), "0.00")} / {F(r.Value(K.HmLate), "0.00")}"),
            new("H/M late (ME std)", $"{F(r.Value(K.HmLateStandardised), "0.00")}   {(r.Methods.TryGetValue("conversion_coefficient", out var cc) ? "CC " + cc : "")}"),
            new("Washout", $"{F(r.Value(K.WashoutPercent), "0.0")}% (no background), {F(r.Value(K.WashoutBgCorrectedPercent), "0.0")}% (mediastinum subtracted)"),
        };
        if (r.Findings.TryGetValue("category", out var category)) lines.Add(new("Category", category));
        if (r.Value(K.SpectSummedScore) is { } summed)
            lines.Add(new("SPECT summed score", $"{summed:0} of 68; {(r.Findings.TryGetValue("spect_defects", out var d) ? d : "")}"));
        if (r.Measurements.TryGetValue(K.SpectSummedScore, out var spect) && spect.Note is { } note) lines.Add(new("SPECT", note));
        return lines;
    }

    private static string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
