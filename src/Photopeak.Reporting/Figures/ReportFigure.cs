using System.Text.Json.Serialization;

namespace Photopeak.Reporting.Figures;

/// <summary>A figure of the report: a title, an optional caption and what to draw.</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(ImagePanelsFigure), "panels")]
[JsonDerivedType(typeof(PolarMapFigure), "polarmap")]
[JsonDerivedType(typeof(BarChartFigure), "barchart")]
[JsonDerivedType(typeof(LineChartFigure), "linechart")]
public abstract record ReportFigure(string Title, string? Caption);

/// <summary>Images side by side (e.g. early and late anterior views), each with its ROIs.</summary>
public sealed record ImagePanelsFigure(string Title, string? Caption, IReadOnlyList<ImagePanel> Panels) : ReportFigure(Title, Caption);

/// <summary>
/// A 17-segment bull's-eye (AHA model [Cerqueira2002]): segments 1–6 basal, 7–12 mid, 13–16 apical, 17 apex, each with a score
/// 0 (normal) to <see cref="MaxScore"/> (absent uptake).
/// </summary>
public sealed record PolarMapFigure(string Title, string? Caption, IReadOnlyList<int> SegmentScores) : ReportFigure(Title, Caption)
{
    public int MaxScore { get; init; } = 4;
    public string ScoreName { get; init; } = "Score";
}

/// <summary>One bar: label and value.</summary>
public sealed record BarChartBar(string Label, double Value);

/// <summary>A bar chart (e.g. lung zones in percent), with an optional horizontal reference line.</summary>
public sealed record BarChartFigure(string Title, string? Caption, IReadOnlyList<BarChartBar> Bars, string ValueAxisLabel) : ReportFigure(Title, Caption)
{
    public double? ReferenceValue { get; init; }
    public string? ReferenceLabel { get; init; }
}

/// <summary>One curve of a line chart: X[i] and Y[i] are one point, so both lists have the same length; a non-finite value
/// breaks the line there (e.g. a rejected frame).</summary>
public sealed record LineSeries(string Label, OverlayColour Colour, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>A line chart of one or more curves (e.g. time–activity curves of a first-pass study), with optional labelled
/// vertical markers (e.g. "ED", "ES") drawn as dashed lines.</summary>
public sealed record LineChartFigure(string Title, string? Caption, IReadOnlyList<LineSeries> Series, string XAxisLabel, string YAxisLabel)
    : ReportFigure(Title, Caption)
{
    /// <summary>X positions of the vertical markers.</summary>
    public IReadOnlyList<double>? VerticalMarkers { get; init; }

    /// <summary>Labels of <see cref="VerticalMarkers"/> by index, shown above each line; a marker without one is unlabelled.</summary>
    public IReadOnlyList<string>? VerticalMarkerLabels { get; init; }
}
