using System.Text.Json;
using System.Text.Json.Serialization;
using Photopeak.Coding.Documentation;
using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Model;
using Photopeak.Reporting.Rendering;

namespace Photopeak.Reporting.Tests.Model;

public class ReportModelTests
{
    [Fact]
    public void Header_and_report_ToString_never_contain_the_patient_name_or_birth_date()
    {
        var report = SampleReports.Mibg();
        foreach (var text in new[] { report.Header.ToString(), report.ToString() })
        {
            Assert.DoesNotContain("Doe", text);
            Assert.DoesNotContain("1951", text);
        }
        Assert.Contains("PP-000123", report.Header.ToString());
    }

    [Fact]
    public void Sample_mibg_report_documents_everything_0331T_requires()
    {
        var check = SampleReports.Mibg().DocumentationCheck;
        Assert.True(check.IsComplete, string.Join("; ", check.Missing));
    }

    [Fact]
    public void Removing_the_washout_row_and_the_impression_is_reported_by_the_documentation_check()
    {
        var report = SampleReports.Mibg();
        var reduced = report with { Measurements = report.Measurements.Where(m => m.Documents != ReportElement.WashoutRate).ToArray(), Impression = "" };
        Assert.Equal([ReportElement.Impression, ReportElement.WashoutRate], reduced.DocumentationCheck.Missing.Select(m => m.Element));
        Assert.Contains("Washout rate with method (required by 0331T)", TextReportRenderer.Render(reduced));
    }

    [Fact]
    public void A_non_finite_measurement_does_not_count_as_documented()
    {
        var report = SampleReports.Mibg();
        var nan = report with { Measurements = report.Measurements.Select(m => m.Documents == ReportElement.WashoutRate ? m with { Value = double.NaN } : m).ToArray() };
        Assert.Contains(ReportElement.WashoutRate, nan.DocumentationCheck.Missing.Select(m => m.Element));
        Assert.Equal("n/a", nan.Measurements.Single(m => m.Documents == ReportElement.WashoutRate).FormattedValue);
    }

    [Theory]
    [InlineData(1.59, MeasurementFlag.Low)]
    [InlineData(1.60, MeasurementFlag.Normal)]
    [InlineData(2.50, MeasurementFlag.Normal)]
    public void Flag_follows_a_one_sided_threshold(double value, MeasurementFlag flag) =>
        Assert.Equal(flag, new Measurement("H/M late", value, "", "m") { Reference = new ReferenceRange(1.6, null, "[Jacobson2010]") }.Flag);

    [Fact]
    public void Flag_follows_a_two_sided_range_and_is_none_without_reference()
    {
        var range = new ReferenceRange(50, 55, "[Cheng2006]");
        Assert.Equal(MeasurementFlag.High, new Measurement("R", 56, "%", "m") { Reference = range }.Flag);
        Assert.Equal(MeasurementFlag.Low, new Measurement("R", 49.9, "%", "m") { Reference = range }.Flag);
        Assert.Equal(MeasurementFlag.None, new Measurement("R", 49.9, "%", "m").Flag);
        Assert.Equal("50–55", range.ToString());
    }

    [Fact]
    public void Gray_image_checks_its_size_and_copies_its_pixels()
    {
        Assert.Throws<ArgumentException>(() => new GrayImage(4, 4, new float[15]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GrayImage(0, 4, []));
        var source = new float[] { 1, 2, 3, 4 };
        var image = new GrayImage(2, 2, source);
        source[0] = 99;
        Assert.Equal(1f, image[0, 0]);
        Assert.Equal(3f, image[0, 1]);
        Assert.Equal((1f, 4f), image.Range());
    }

    [Theory]
    [InlineData("Doe^Jane", "Doe, Jane")]
    [InlineData("Doe^Jane^Q^Dr.", "Dr. Doe, Jane Q")]
    [InlineData("Doe", "Doe")]
    [InlineData("Dr. A. Cardiologist", "Dr. A. Cardiologist")]
    public void Dicom_person_names_are_shown_in_reading_order(string dicom, string shown) =>
        Assert.Equal(shown, ReportFormatting.PersonName(dicom));

    [Fact]
    public void Sample_measurements_match_the_synthetic_image_truth()
    {
        // The synthetic heart is 40 early / 28 late on a mediastinum of 20 / 18.5 with ±3% noise: H/M within 0.05 of truth (CLINICAL.md 6).
        var m = SampleReports.Mibg().Measurements;
        Assert.InRange(m[0].Value, 40.0 / 20 - 0.05, 40.0 / 20 + 0.05);
        Assert.InRange(m[1].Value, 28.0 / 18.5 - 0.05, 28.0 / 18.5 + 0.05);
        // Washout with background, decay-corrected over 3 h 45 min of I-123: truth ((40-20) - (28-18.5)·2^(3.75/13.22)) / (40-20).
        var truthWashout = ((40.0 - 20) - (28 - 18.5) * Math.Pow(2, 3.75 / 13.22)) / (40 - 20) * 100;
        Assert.InRange(m[3].Value, truthWashout - 2, truthWashout + 2);
        Assert.Equal(MeasurementFlag.Low, m[1].Flag);
    }

    [Fact]
    public void Line_chart_round_trips_through_json()
    {
        var chart = SampleReports.FirstPassCurves();
        // NaN marks a rejected frame, so the curves need named floating-point literals in JSON. The reflection serializer sets up
        // every figure type of the hierarchy, and a GrayImage (pixel span) has no JSON form of its own, hence the stand-in converter.
        var options = new JsonSerializerOptions
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new NoGrayImageConverter() },
        };
        var json = JsonSerializer.Serialize<ReportFigure>(chart, options);
        Assert.Contains("\"$type\":\"linechart\"", json);
        var back = Assert.IsType<LineChartFigure>(JsonSerializer.Deserialize<ReportFigure>(json, options));
        Assert.Equal((chart.Title, chart.Caption, chart.XAxisLabel, chart.YAxisLabel), (back.Title, back.Caption, back.XAxisLabel, back.YAxisLabel));
        Assert.Equal(chart.VerticalMarkers, back.VerticalMarkers);
        Assert.Equal(chart.VerticalMarkerLabels, back.VerticalMarkerLabels);
        Assert.Equal(chart.Series.Count, back.Series.Count);
        foreach (var (a, b) in chart.Series.Zip(back.Series))
        {
            Assert.Equal((a.Label, a.Colour), (b.Label, b.Colour));
            Assert.Equal(a.X, b.X);
            Assert.Equal(a.Y, b.Y);                                        // NaN included: double.Equals(NaN, NaN)
        }
    }

    private sealed class NoGrayImageConverter : JsonConverter<GrayImage>
    {
        public override GrayImage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();
        public override void Write(Utf8JsonWriter writer, GrayImage value, JsonSerializerOptions options) => throw new NotSupportedException();
    }

    [Fact]
    public void Line_chart_points_are_part_of_the_signed_fingerprint()
    {
        var report = SampleReports.WithFirstPassCurves();
        var chart = SampleReports.FirstPassCurves();
        var y = chart.Series[1].Y.ToArray();
        y[300] += 1;
        var changed = report with { Figures = [.. report.Figures.SkipLast(1), chart with { Series = [chart.Series[0], chart.Series[1] with { Y = y }] }] };
        Assert.Equal(ReportFingerprint.Sha256(report), ReportFingerprint.Sha256(SampleReports.WithFirstPassCurves()));
        Assert.NotEqual(ReportFingerprint.Sha256(report), ReportFingerprint.Sha256(changed));
    }
}
