using System.Globalization;
using Photopeak.Coding.Documentation;
using Photopeak.Coding.Rules;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using Photopeak.Reconstruction;
using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Model;
using ReportAcquisitionTiming = Photopeak.Reporting.Model.AcquisitionTiming;
using ReportMeasurement = Photopeak.Reporting.Model.Measurement;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>The draft report of tumour SPECT: tracer, times, areas and days, the reconstruction protocol; anterior and
/// lateral maximum-intensity projections with the lesions numbered, orthogonal slices through each lesion (fused over the CT
/// where there is one), the lesion table with its definitions, QC and a draft impression.</summary>
internal static class TumourLocalisationReport
{
    /// <summary>Radius of the circle drawn round a lesion, mm.</summary>
    private const double CircleMm = 12;

    /// <summary>At most this many lesions per day get their slices drawn (all stay in the table, the MIPs and the review);
    /// beyond it a report of many foci would run to pages of slices.</summary>
    private const int MaxLesionSlices = 12;

    public static Report Build(Study study, List<NmAcquisition> tomo, IReadOnlyList<TumourVolume> days, List<Lesion> lesions,
        List<PhysiologicalUptake> physiological, ProcedureResult r, CodingResult coding, string protocol, TumourTracer? tracer, CtSeriesVolume? ct)
    {
        var first = tomo[0];
        var header = first.ToReportHeader();
        var rp = tomo.SelectMany(a => a.Radiopharmaceuticals).FirstOrDefault();
        var beds = days.SelectMany(d => d.Beds).ToList();
        var sinceInjection = rp?.StartDateTime is { } inj
            ? string.Join(", ", days.Select(d => Inv($"day {d.Day}: {(d.ReferenceTime - inj).TotalHours:0.#} h after injection")))
            : "injection time not recorded";
        var technique = new ReportTechnique(
            $"SPECT of {r.Value(TumourMeasurementKeys.AreasImaged):0} area(s) on {days.Count} day(s) ({sinceInjection}), " +
            (r.Findings["ct"] == "none" ? "without CT. " : "with a low-dose CT of the same frame of reference for attenuation correction and localisation. ") +
            $"Reconstruction: {r.Methods["reconstruction"]}.")
        {
            Radiopharmaceutical = rp?.Name ?? tracer?.Name,
            ActivityMBq = rp?.TotalDoseMBq,
            InjectionTime = rp?.StartDateTime,
            Acquisitions = beds.Select(b => new ReportAcquisitionTiming(b.Acquisition.SeriesDescription ?? $"bed {b.Area}", b.Start,
                b.Reconstruction.Timing?.AcquisitionDurationS ?? b.Reconstruction.Tomo.ViewDurationMs / 1000 * b.Reconstruction.Tomo.Photopeak.Geometry.ViewsPerDetector)).ToList(),
            Collimator = first.Detectors.FirstOrDefault()?.CollimatorName,
            EnergyWindow = first.ToReportWindows().Main,
            OtherEnergyWindows = first.ToReportWindows().Others,
            MatrixColumns = first.Columns,
            MatrixRows = first.Rows,
        };
        var calibrated = days.Count > 0 && days[0].Unit == "Bq/ml";
        var findings = new List<string>
        {
            lesions.Count == 0
                ? "No focal uptake above the local background outside the physiological distribution."
                : Inv($"{lesions.Count} focal lesion(s):") + string.Concat(lesions.Select(l => " " + Describe(l, calibrated) + ";")).TrimEnd(';') + ".",
            $"Physiological distribution of {tracer?.Name ?? "the tracer"}: {tracer?.PhysiologicalUptake ?? "not stated"}. " + SetAside(physiological),
            $"Definitions: volume — {r.Methods["volume"]}; LBR — {r.Methods["lbr"]}" + (calibrated ? $"; {r.Methods["suv"]}" : "") + $"; units — {r.Methods["units"]}.",
            $"Localisation: {r.Findings["anatomical_localisation"]} ({r.Methods["landmarks"]}); the anatomical structure must be read from the images.",
            "Comparison: no prior study was supplied.",
        };
        if (r.Findings.TryGetValue("cross_day", out var crossDay))
            findings.Insert(1, $"Across the imaging days: {crossDay}. A focus seen on every day at the same place persists (a lesion); one seen on a single day may be transit (bowel, urine). Method: {r.Methods["cross_day"]}.");
        var measurements = new List<ReportMeasurement>();
        foreach (var l in lesions)
        {
            measurements.Add(new ReportMeasurement($"{l.Id} volume", l.VolumeMl, "ml", r.Methods["volume"]) { Decimals = 1, Documents = ReportElement.LesionDescription });
            measurements.Add(new ReportMeasurement($"{l.Id} LBR", l.LesionToBackground, "", r.Methods["lbr"]) { Decimals = 1 });
            if (l.SuvMax is { } suv)
                measurements.Add(new ReportMeasurement($"{l.Id} SUVmax", suv, "g/ml", r.Methods["suv"]) { Decimals = 1, Documents = ReportElement.QuantificationMeasurementWithDefinition });
            else if (l.MaxKBqPerMl is { } kbq)
                measurements.Add(new ReportMeasurement($"{l.Id} max concentration", kbq, "kBq/ml", r.Methods["units"]) { Decimals = 1, Documents = ReportElement.QuantificationMeasurementWithDefinition });
        }
        var impression = (lesions.Count == 0
            ? "No focal uptake suggesting tumour or inflammation in the imaged areas."
            : Inv($"{lesions.Count} focus/foci of abnormal uptake: ") + string.Join("; ", lesions.Select(l => $"{l.Id} {l.Region}")) + ".")
            + " Draft: to be reviewed and signed by the physician.";
        var qcNotes = r.ToReportQcNotes();
        return new Report(header, "SPECT tumour / inflammation localisation", first.Header.ReasonForStudy, technique)
        {
            Findings = findings,
            Measurements = measurements,
            Figures = Figures(days, lesions, ct),
            Impression = impression,
            QcNotes = qcNotes,
            AdditionalElements = new HashSet<ReportElement>
            {
                ReportElement.TimesSinceInjection, ReportElement.AreasAndDaysImaged, ReportElement.SpectTechnique, ReportElement.ReconstructionParameters,
                ReportElement.LesionDescription, ReportElement.Comparison, ReportElement.ImageQuality,
            }.Concat(r.Findings["ct"] == "none" ? [] : new[] { ReportElement.CtLocalisation }).ToHashSet(),
            Coding = coding,
        };
    }

    // What the detection set aside as physiological, by reason.
    private static string SetAside(List<PhysiologicalUptake> physiological)
    {
        int Count(PhysiologicalReason r) => physiological.Count(p => p.Reason == r);
        var parts = new List<string>
        {
            Inv($"{Count(PhysiologicalReason.Extended)} extended uptake region(s) (not focal: reaching beyond {LesionDetection.MaximumFocalExtentMm:0} mm from their peak)"),
        };
        if (Count(PhysiologicalReason.OrganRim) > 0)
            parts.Add(Inv($"{Count(PhysiologicalReason.OrganRim)} focus/foci on the rim of a hot organ (never separating from it)"));
        foreach (var lobes in physiological.Where(p => p.Reason == PhysiologicalReason.ThyroidLobe).GroupBy(p => p.Day).Select(g => g.ToList()))
            parts.Add(Inv($"the thyroid's two lobes on day {lobes[0].Day} (centres ({lobes[0].CentreMm.X:0}, {lobes[0].CentreMm.Y:0}, {lobes[0].CentreMm.Z:0}) and ({lobes[^1].CentreMm.X:0}, {lobes[^1].CentreMm.Y:0}, {lobes[^1].CentreMm.Z:0}) mm)"));
        return "Set aside as physiological: " + string.Join("; ", parts) + ".";
    }

    private static string Describe(Lesion l, bool calibrated) =>
        Inv($"{l.Id} {l.Region}, {l.VolumeMl:0.0} ml, LBR {l.LesionToBackground:0.0}") +
        (calibrated && l.MaxKBqPerMl is { } max ? Inv($", max {max:0.0} kBq/ml") : "") + (l.SuvMax is { } suv ? Inv($", SUVmax {suv:0.0}, SUVpeak {l.SuvPeak:0.0}") : "");

    private static List<ReportFigure> Figures(IReadOnlyList<TumourVolume> days, List<Lesion> lesions, CtSeriesVolume? ct)
    {
        var figures = new List<ReportFigure>();
        foreach (var day in days)
        {
            var v = day.Volume.Volume;
            var (anterior, lateral) = Projections(v);
            var mine = lesions.Where(l => l.Day == day.Day).ToList();
            figures.Add(new ImagePanelsFigure(days.Count > 1 ? $"Maximum-intensity projections, day {day.Day}" : "Maximum-intensity projections",
                "Anterior (patient's right on the viewer's left) and left lateral (anterior on the left), head at the top; lesions numbered.",
            [
                new ImagePanel("Anterior MIP", new GrayImage(v.SizeX, v.SizeZ, anterior),
                    mine.Select(l => (Overlay)Circle(l, day, Axis.X, Axis.Z, OverlayColour.Yellow)).ToList()),
                new ImagePanel("Lateral MIP", new GrayImage(v.SizeY, v.SizeZ, lateral),
                    mine.Select(l => (Overlay)Circle(l, day, Axis.Y, Axis.Z, OverlayColour.Yellow)).ToList()),
            ]));
            var drawn = mine.Take(MaxLesionSlices).ToList();
            for (var n = 0; n < drawn.Count; n++)
                figures.Add(new ImagePanelsFigure(Inv($"{drawn[n].Id}: {drawn[n].Region}{(days.Count > 1 ? $", day {day.Day}" : "")}"),
                    n > 0 ? null : "Slices through each lesion's centre: transaxial seen from the feet (patient's right on the viewer's left, " +
                        "anterior at the top), coronal seen from the front (patient's right on the viewer's left, head at the top) and " +
                        "sagittal seen from the patient's left (anterior on the left, head at the top)." +
                        (mine.Count > drawn.Count ? Inv($" {mine.Count - drawn.Count} more lesion(s) of this day are in the table, the MIPs and the review, not drawn here.") : ""),
                    OrthogonalSlices(drawn[n], day)));
            if (ct is not null && drawn.Count > 0)
            {
                figures.Add(new ImagePanelsFigure(days.Count > 1 ? $"SPECT/CT fusion at the lesions' levels, day {day.Day}" : "SPECT/CT fusion at the lesions' levels",
                    "The CT of the same frame of reference resampled onto the SPECT slices above (soft-tissue window −160 to 240 HU) with the SPECT slice over it in a hot colour scale (0 to the slice's maximum, as the slices above, 50 % opacity, transparent below 20 %: noise stays out of the anatomy); the same circles.",
                    drawn.Select(l => CtPanel(l, day, ct)).ToList()));
            }
        }
        return figures;
    }

    /// <summary>Transaxial, coronal and sagittal slices of the volume through the lesion's centre, each with its 12 mm circle
    /// (in pixels of each panel's own axes).</summary>
    private static List<ImagePanel> OrthogonalSlices(Lesion l, TumourVolume day)
    {
        var v = day.Volume.Volume;
        var (x, y, z) = day.Volume.IndexOf(l.CentreMm);
        int i = (int)Math.Clamp(Math.Round(x), 0, v.SizeX - 1), j = (int)Math.Clamp(Math.Round(y), 0, v.SizeY - 1), k = (int)Math.Clamp(Math.Round(z), 0, v.SizeZ - 1);
        var coronal = new float[v.SizeX * v.SizeZ];
        var sagittal = new float[v.SizeY * v.SizeZ];
        for (var zz = 0; zz < v.SizeZ; zz++)
        {
            for (var xx = 0; xx < v.SizeX; xx++) coronal[zz * v.SizeX + xx] = v[xx, j, zz];
            for (var yy = 0; yy < v.SizeY; yy++) sagittal[zz * v.SizeY + yy] = v[i, yy, zz];
        }
        return
        [
            new(Inv($"transaxial, z {l.CentreMm.Z:0} mm"), new GrayImage(v.SizeX, v.SizeY, v.Voxels.AsSpan(k * v.SizeX * v.SizeY, v.SizeX * v.SizeY)),
                [Circle(l, day, Axis.X, Axis.Y, OverlayColour.Yellow)]),
            new(Inv($"coronal, y {l.CentreMm.Y:0} mm"), new GrayImage(v.SizeX, v.SizeZ, coronal), [Circle(l, day, Axis.X, Axis.Z, OverlayColour.Yellow)]),
            new(Inv($"sagittal, x {l.CentreMm.X:0} mm"), new GrayImage(v.SizeY, v.SizeZ, sagittal), [Circle(l, day, Axis.Y, Axis.Z, OverlayColour.Yellow)]),
        ];
    }

    // The fused SPECT is transparent below this part of the slice's maximum [?: our choice; fusion displays commonly hide the
    // lowest 10–30 % of the colour scale].
    private const double FusionThreshold = 0.2;

    /// <summary>The CT sampled on the SPECT transaxial slice through the lesion, the SPECT slice fused over it in colour
    /// (window 0 to the slice's maximum), with the lesion's circle.</summary>
    private static ImagePanel CtPanel(Lesion l, TumourVolume day, CtSeriesVolume ct)
    {
        var v = day.Volume.Volume;
        var (_, _, z) = day.Volume.IndexOf(l.CentreMm);
        int k = (int)Math.Clamp(Math.Round(z), 0, v.SizeZ - 1);
        var pixels = new float[v.SizeX * v.SizeY];
        for (var j = 0; j < v.SizeY; j++)
        for (var i = 0; i < v.SizeX; i++)
        {
            var p = day.Volume.PositionMm(i, j, k);
            pixels[j * v.SizeX + i] = ct.Volume.Contains(p) ? ct.Volume.Sample(p) : -1000;
        }
        var spect = new GrayImage(v.SizeX, v.SizeY, v.Voxels.AsSpan(k * v.SizeX * v.SizeY, v.SizeX * v.SizeY));
        var spectMax = spect.Range().Max;
        return new ImagePanel(Inv($"{l.Id}, z {l.CentreMm.Z:0} mm"), new GrayImage(v.SizeX, v.SizeY, pixels),
            [Circle(l, day, Axis.X, Axis.Y, OverlayColour.Cyan)])
        {
            WindowLower = -160, WindowUpper = 240, Fusion = new FusionLayer(spect, 0, spectMax > 0 ? spectMax : 1) { ThresholdFraction = FusionThreshold },
        };
    }

    private enum Axis { X, Y, Z }

    /// <summary>The lesion's <see cref="CircleMm"/> circle on a panel whose columns run along <paramref name="across"/> and
    /// rows along <paramref name="down"/> of the volume (an image, slice or projection on its voxel grid), radii in pixels
    /// of each axis.</summary>
    private static EllipseOverlay Circle(Lesion l, TumourVolume day, Axis across, Axis down, OverlayColour colour)
    {
        var v = day.Volume.Volume;
        var (x, y, z) = day.Volume.IndexOf(l.CentreMm);
        double Index(Axis a) => a == Axis.X ? x : a == Axis.Y ? y : z;
        double Mm(Axis a) => a == Axis.X ? v.VoxelSizeXMm : a == Axis.Y ? v.VoxelSizeYMm : v.VoxelSizeZMm;
        // Overlay coordinates put pixel centres at +0.5 (as ReportOverlayMapping); voxel indices have them at integers.
        return new EllipseOverlay(l.Id, colour, Index(across) + 0.5, Index(down) + 0.5, CircleMm / Mm(across), CircleMm / Mm(down));
    }

    /// <summary>Maximum along y (anterior view: columns x, rows z) and along x (lateral view: columns y, rows z).</summary>
    private static (float[] Anterior, float[] Lateral) Projections(Volume3D v)
    {
        var anterior = new float[v.SizeX * v.SizeZ];
        var lateral = new float[v.SizeY * v.SizeZ];
        for (var z = 0; z < v.SizeZ; z++)
        for (var y = 0; y < v.SizeY; y++)
        for (var x = 0; x < v.SizeX; x++)
        {
            var c = v[x, y, z];
            ref var a = ref anterior[z * v.SizeX + x];
            if (c > a) a = c;
            ref var l = ref lateral[z * v.SizeY + y];
            if (c > l) l = c;
        }
        return (anterior, lateral);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
