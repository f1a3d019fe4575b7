using Photopeak.Procedures.CardiacSpect;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>The tomographic part of an mIBG study (0332T): the volume, the LV axis used (automatic or edited), the polar
/// map, segment uptake (% of the highest segment), 0–4 scores against <see cref="Normals"/> and their sum (0–68).</summary>
public sealed record MibgSpectAssessment(
    string SeriesName,
    PatientVolume Volume,
    LeftVentricleAxis Axis,
    AxisSource AxisSource,
    PolarMap Map,
    IReadOnlyList<double> UptakePercent,
    IReadOnlyList<int> Scores,
    SegmentNormals Normals,
    string ReconstructionMethod,
    IReadOnlyList<string> Warnings)
{
    public int SummedScore => Scores.Sum();

    /// <summary>Series Instance UID of the assessed SPECT series.</summary>
    public string? SeriesInstanceUid { get; init; }

    /// <summary>The axis source as the report and result.json say it.</summary>
    public string AxisSourceText => AxisSource == AxisSource.Edited ? "edited (--rois)" : "automatic";
}
