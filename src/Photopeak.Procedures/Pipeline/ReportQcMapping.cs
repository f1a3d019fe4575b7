using Photopeak.Procedures.Results;
using Photopeak.Reporting.Model;

namespace Photopeak.Procedures.Pipeline;

/// <summary>The one mapping from a result's QC checks and warnings to the report's QC notes.</summary>
public static class ReportQcMapping
{
    /// <summary>Each QC check as a note (a pass as information, anything else as a warning), then each warning that does not
    /// repeat a check's detail.</summary>
    public static List<QcNote> ToReportQcNotes(this ProcedureResult r) =>
        r.Qc.Select(q => new QcNote(q.Status == QcStatus.Pass ? QcSeverity.Info : QcSeverity.Warning, $"{q.Name}: {q.Detail}"))
            .Concat(r.Warnings.Where(w => !r.Qc.Any(q => q.Detail == w)).Select(w => new QcNote(QcSeverity.Warning, w))).ToList();
}
