using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Documentation;
using Photopeak.Coding.Rules;
using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Model;

namespace Photopeak.Reporting.Tests;

/// <summary>
/// A sample I-123 mIBG report built the way a procedure should build one: synthetic early/late anterior images with a heart
/// circle and a mediastinum rectangle, H/M and washout measured from those images, coding from the performed study.
/// </summary>
public static class SampleReports
{
    public const int Size = 128;
    public const double HeartCentreX = 74, HeartCentreY = 78, HeartRadius = 13;
    public const double MediastinumX = 58, MediastinumY = 30, MediastinumWidth = 10, MediastinumHeight = 14;
    public static readonly DateTime Injection = new(2026, 11, 20, 9, 0, 0);
    public static readonly DateTime EarlyStart = Injection.AddMinutes(15);
    public static readonly DateTime LateStart = Injection.AddHours(4);
    public const double I123HalfLifeHours = 13.22; // CLINICAL.md 1.1 [NNDC]

    /// <summary>A chest-like anterior view: body, lungs, liver, mediastinum band and the heart disc at the given uptake.</summary>
    public static GrayImage ChestImage(float heartCounts, float mediastinumCounts, int seed)
    {
        var random = new Random(seed);
        var px = new float[Size * Size];
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                double v = 0;
                var body = Math.Pow((x - 64) / 52.0, 2) + Math.Pow((y - 70) / 70.0, 2) < 1;
                if (body) v = 6;
                if (body && Math.Pow((x - 40) / 16.0, 2) + Math.Pow((y - 62) / 34.0, 2) < 1) v = 9;      // right lung (image left)
                if (body && Math.Pow((x - 90) / 15.0, 2) + Math.Pow((y - 62) / 32.0, 2) < 1) v = 9;      // left lung
                if (x >= 56 && x < 70 && y >= 18 && y < 70) v = mediastinumCounts;                      // mediastinum band
                if (body && Math.Pow((x - 42) / 24.0, 2) + Math.Pow((y - 112) / 16.0, 2) < 1) v = 30;   // liver
                if (Math.Pow(x + 0.5 - HeartCentreX, 2) + Math.Pow(y + 0.5 - HeartCentreY, 2) < HeartRadius * HeartRadius) v = heartCounts;
                px[y * Size + x] = (float)(v * (1 + 0.06 * (random.NextDouble() - 0.5)));
            }
        return new GrayImage(Size, Size, px);
    }

    /// <summary>Mean over pixels whose centre lies inside the ROI (the house rule: mean counts per pixel).</summary>
    public static double MeanInCircle(GrayImage img, double cx, double cy, double r)
    {
        double sum = 0; var n = 0;
        for (var y = 0; y < img.Height; y++)
            for (var x = 0; x < img.Width; x++)
                if (Math.Pow(x + 0.5 - cx, 2) + Math.Pow(y + 0.5 - cy, 2) < r * r) { sum += img[x, y]; n++; }
        return sum / n;
    }

    public static double MeanInRectangle(GrayImage img, double x0, double y0, double w, double h)
    {
        double sum = 0; var n = 0;
        for (var y = (int)y0; y < (int)(y0 + h); y++)
            for (var x = (int)x0; x < (int)(x0 + w); x++) { sum += img[x, y]; n++; }
        return sum / n;
    }

    public static ReportHeader Header => new("Photopeak Demo Hospital — Nuclear Medicine", "PP-000123", "Doe^Jane", PatientSex.Female,
        new DateOnly(1951, 3, 14), "ACC-2026-0042", new DateOnly(2026, 11, 20), "Dr. A. Cardiologist");

    /// <summary>The complete mIBG sample (draft, coded 0331T).</summary>
    public static Report Mibg()
    {
        var early = ChestImage(heartCounts: 40f, mediastinumCounts: 20f, seed: 1);
        var late = ChestImage(heartCounts: 28f, mediastinumCounts: 18.5f, seed: 2);
        var he = MeanInCircle(early, HeartCentreX, HeartCentreY, HeartRadius);
        var me = MeanInRectangle(early, MediastinumX, MediastinumY, MediastinumWidth, MediastinumHeight);
        var hl = MeanInCircle(late, HeartCentreX, HeartCentreY, HeartRadius);
        var ml = MeanInRectangle(late, MediastinumX, MediastinumY, MediastinumWidth, MediastinumHeight);
        // Washout with background, decay-corrected to the early time: CLINICAL.md section 2 [Flotats2010].
        var dcf = Math.Pow(2, (LateStart - EarlyStart).TotalHours / I123HalfLifeHours);
        var washout = ((he - me) - (hl - ml) * dcf) / (he - me) * 100;

        Overlay[] Rois() =>
        [
            new EllipseOverlay("Heart", OverlayColour.Yellow, HeartCentreX, HeartCentreY, HeartRadius, HeartRadius),
            new RectangleOverlay("Mediastinum", OverlayColour.Cyan, MediastinumX, MediastinumY, MediastinumWidth, MediastinumHeight),
        ];

        const string roiMethod = "Heart circle (whole heart), mediastinum 10×14 px rectangle; mean counts/pixel";
        var jacobson = new ReferenceRange(1.6, null, "[Jacobson2010]");
        var report = new Report(Header, "Cardiac sympathetic innervation imaging (I-123 mIBG)",
            "Heart failure with reduced ejection fraction (NYHA II); risk stratification.",
            new ReportTechnique("Thyroid blockade with potassium iodide before injection. Planar anterior chest views, supine, 10 min each, early and late.")
            {
                Radiopharmaceutical = "I-123 mIBG (iobenguane)",
                ActivityMBq = 185,
                InjectionTime = Injection,
                Acquisitions = [new AcquisitionTiming("Early anterior", EarlyStart, 600), new AcquisitionTiming("Late anterior", LateStart, 600)],
                Collimator = "LEHR (conversion coefficient 0.53 ± 0.04 [Okuda2023])",
                EnergyWindow = new EnergyWindow(159, 20),
                MatrixColumns = Size,
                MatrixRows = Size,
            })
        {
            Findings =
            [
                "Homogeneous myocardial mIBG uptake on the early image. Reduced uptake on the late image with increased washout.",
                "No focal lung or liver uptake overlapping the heart ROI. Mediastinal ROI clear of thyroid and lung apices on both images.",
            ],
            Measurements =
            [
                new Measurement("H/M early", he / me, "", roiMethod) { Documents = ReportElement.HeartToMediastinumEarly },
                new Measurement("H/M late", hl / ml, "", roiMethod) { Reference = jacobson, Documents = ReportElement.HeartToMediastinumLate },
                new Measurement("H/M late, ME-standardised", 1 + 0.88 / 0.53 * (hl / ml - 1), "", "1 + (0.88/CC)·(H/M − 1), CC 0.53 LEHR [Okuda2023][Nakajima2014]")
                    { Reference = new ReferenceRange(2.2, null, "[Nakajima2017CTI]"), Documents = ReportElement.StandardisedHeartToMediastinum },
                new Measurement("Washout rate", washout, "%", "With mediastinal background, decay-corrected to early (I-123, 13.22 h)")
                    { Decimals = 1, Documents = ReportElement.WashoutRate },
            ],
            Figures =
            [
                new ImagePanelsFigure("Planar anterior images with ROIs", "Early (15 min) and late (4 h) anterior views, each scaled to its own maximum.",
                [
                    new ImagePanel("Early anterior (15 min)", early, Rois()),
                    new ImagePanel("Late anterior (4 h)", late, Rois()),
                ]),
            ],
            Impression = "Reduced late H/M and increased washout, consistent with impaired cardiac sympathetic innervation.",
            QcNotes = [new QcNote(QcSeverity.Info, "Early and late frames of equal duration (600 s)."),
                       new QcNote(QcSeverity.Warning, "LEHR collimator: raw H/M is lower than with ME collimators; compare standardised values.")],
            AdditionalElements = new HashSet<ReportElement>
                { ReportElement.ThyroidBlockade, ReportElement.RoiMethod, ReportElement.QualitativeInterpretation, ReportElement.Limitations },
        };
        var coding = CodingRules.Select(new PerformedStudy(ProcedureFamily.CardiacSympatheticInnervation, PlanarViewCount: 2, SpectPerformed: false));
        return report with { Coding = coding };
    }

    /// <summary>
    /// A long report exercising pagination and the other figure kinds: many measurements (repeated table header), a polar map,
    /// a bar chart and an over-long unbroken word.
    /// </summary>
    public static Report LongWithAllFigures()
    {
        var mibg = Mibg();
        var extra = Enumerable.Range(1, 45).Select(i =>
            new Measurement($"Segment {i} uptake", 50 + i * 0.5, "%", "Maximum count along radius, normalised to peak; " + new string('x', i % 3 == 0 ? 90 : 3))
                { Decimals = 1, Reference = new ReferenceRange(60, null, "[Garcia1981]") });
        return mibg with
        {
            Measurements = [.. mibg.Measurements, .. extra],
            Figures =
            [
                .. mibg.Figures,
                new PolarMapFigure("SPECT polar map (17 segments)", "Summed score from the 17-segment model, 0 normal to 4 absent uptake.",
                    [0, 0, 1, 2, 3, 4, 0, 1, 1, 2, 3, 0, 0, 1, 2, 0, 1]) { ScoreName = "Defect score" },
                new BarChartFigure("Lung perfusion by zone", "Geometric mean of anterior and posterior views.",
                    [new("R upper", 14.2), new("R middle", 21.5), new("R lower", 17.1), new("L upper", 12.9), new("L middle", 19.0), new("L lower", 15.3)],
                    "% of total perfusion") { ReferenceValue = 16.7, ReferenceLabel = "equal share 16.7%" },
            ],
        };
    }

    /// <summary>
    /// First-pass time–activity curves, 40 ms frames over 25 s (625 per series): gamma variates with the RV peak of 450 counts
    /// at 4 s and the LV peak of 312 counts at 9.4 s; RV frame 400 is rejected (NaN). Markers at the RV and LV phases.
    /// </summary>
    public static LineChartFigure FirstPassCurves()
    {
        static double GammaVariate(double t, double start, double peakTime, double peak, double alpha)
        {
            if (t <= start) return 0;
            var u = (t - start) / (peakTime - start);
            return peak * Math.Pow(u, alpha) * Math.Exp(alpha * (1 - u));
        }
        var t = Enumerable.Range(0, 625).Select(i => i * 0.04).ToArray();
        var rv = t.Select(x => GammaVariate(x, 1.5, 4.0, 450, 3)).ToArray();
        rv[400] = double.NaN;
        var lv = t.Select(x => GammaVariate(x, 5.0, 9.4, 312, 4)).ToArray();
        return new LineChartFigure("First-pass time-activity curves", "Counts per 40 ms frame in the RV and LV regions.",
            [new LineSeries("RV", OverlayColour.Cyan, t, rv), new LineSeries("LV", OverlayColour.Red, t, lv)], "Time (s)", "Counts per frame")
        {
            VerticalMarkers = [1.5, 5.0, 14.0],
            VerticalMarkerLabels = ["RV start", "LV start", "LV end"],
        };
    }

    /// <summary>The mIBG sample with the first-pass curves added (a report kept apart from <see cref="LongWithAllFigures"/>,
    /// whose fingerprint is pinned).</summary>
    public static Report WithFirstPassCurves()
    {
        var mibg = Mibg();
        return mibg with { Figures = [.. mibg.Figures, FirstPassCurves()] };
    }
}
