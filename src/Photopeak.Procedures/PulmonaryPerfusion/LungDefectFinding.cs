namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// A perfusion defect: the lung, the zone and lateral/medial half where counts fall short of the contralateral reference, the likely
/// segment, the deficit as a fraction of one segment's expected perfusion, its size grade, and (with ventilation) whether it is matched.
/// </summary>
public sealed record LungDefectFinding(string Lung, string Zone, string Half, string SegmentCode, string SegmentName, double DeficitSegmentFraction,
    DefectSize Size, bool? Matched)
{
    public override string ToString() =>
        $"{SegmentName} ({SegmentCode}), {Size.ToString().ToLowerInvariant()} ({DeficitSegmentFraction:0.0} segment equivalent{(Math.Round(DeficitSegmentFraction, 1) == 1 ? "" : "s")})"
        + (Matched is { } m ? m ? ", matched" : ", mismatched" : "");
}
