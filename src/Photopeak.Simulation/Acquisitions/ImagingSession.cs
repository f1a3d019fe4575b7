using System.Numerics;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Noise;
using Photopeak.Simulation.Output;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Projection;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Shared machinery of the study kinds: camera, projector, frames with decay and noise, series bookkeeping.</summary>
public sealed class ImagingSession
{
    public SimulationOptions Options { get; }
    public CameraModel Camera { get; }
    public Radiopharmaceutical Tracer { get; }
    public TorsoPhantom Torso { get; }
    public StudyInfo Study { get; }
    public DateTime InjectionTime { get; set; }
    public double AdministeredMBq { get; set; }
    /// <summary>Per imaged line (main first), the fractions of every window relative to that line's own photopeak window.</summary>
    public IReadOnlyList<IReadOnlyList<WindowFractions>> LineFractions { get; }
    /// <summary>The main line's fractions of every window, relative to the photopeak window (windows[0]).</summary>
    public IReadOnlyList<WindowFractions> Fractions => LineFractions[0];
    public List<NmSeries> Series { get; } = [];
    public List<SeriesTruth> SeriesTruths { get; } = [];
    public List<RoiTruth> Rois { get; } = [];
    public Dictionary<string, double> Quantities { get; } = [];
    public Dictionary<string, float[][]> Expected { get; } = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<double, Lazy<Phantom>> phases = new();
    private readonly string kind;

    public ImagingSession(string kind, SimulationOptions options, Radiopharmaceutical tracer, Collimator defaultCollimator, TorsoParameters torso)
    {
        this.kind = kind;
        Options = options;
        Tracer = tracer;
        var collimator = options.Collimator is { } c ? Collimator.Parse(c) : defaultCollimator;
        var lines = tracer.Nuclide.Lines;
        Camera = new CameraModel(collimator, AcquisitionWindows.ForLines(lines.Select(l => l.PhotonEnergyKeV).ToArray()));
        LineFractions = lines.Select((l, i) => SpectralModel.For(Camera, l, Camera.Windows[AcquisitionWindows.PhotopeakIndex(i)])).ToArray();
        Torso = new TorsoPhantom(torso with { VoxelMm = options.VoxelMm, Breasts = options.Female ? Breasts.ForSeed(options.Seed) : null });
        Study = StudyInfo.Fictitious(options.Seed, kind, options.StudyStart);
        if (options.Female)
        {
            Study = Study with { PatientSex = "F", PatientWeightKg = 65, PatientHeightM = 1.63 };
            Quantities["breasts.scale"] = Torso.Parameters.Breasts!.Scale;
            Quantities["breasts.ellipsoidVolumeMlEach"] = Torso.Parameters.Breasts.EllipsoidVolumeMl;
        }
        InjectionTime = options.StudyStart;
    }

    public Emitter Nuclide => Tracer.Nuclide;

    /// <summary>The phantom at a cardiac phase (cached).</summary>
    public Phantom AtPhase(double phase)
    {
        return phases.GetOrAdd(phase, ph => new Lazy<Phantom>(() => Torso.AtPhase(ph))).Value;
    }

    /// <summary>Phantom of ungated imaging: the heart at phase <see cref="HeartModel.UngatedPhase"/>.</summary>
    public Phantom Ungated => AtPhase(HeartModel.UngatedPhase);

    public Projector ProjectorFor(Phantom phantom, ProjectorOptions? options = null, CameraModel? camera = null) =>
        new(phantom, camera ?? Camera, Nuclide, options);

    /// <summary>Projections of every imaged line (main first; one for a single-line nuclide), each with its own μ and
    /// sensitivity: [line][view].</summary>
    public ProjectionComponents[][] ProjectLines(Phantom phantom, float[] activityMBq, IReadOnlyList<ViewGeometry> views) =>
        Nuclide.Lines.Select(line => new Projector(phantom, Camera, line).Project(activityMBq, views)).ToArray();

    /// <summary>A planar view: detector 25 mm from the body outline along its normal.</summary>
    public ViewGeometry PlanarView(double angleDeg, Vector3 iso, int matrix, double pixelMm, double gapMm = 25)
    {
        var t = angleDeg * Math.PI / 180;
        // Detector normal at Start Angle φ (PS3.3 C.8.4.12): (sin φ, cos φ), as ViewGeometry.Normal.
        var nx = Math.Sin(t); var ny = Math.Cos(t);
        var support = Torso.OutlineSupportMm(nx, ny);
        var radius = support - (iso.X * nx + iso.Y * ny) + gapMm;
        return new ViewGeometry(angleDeg, radius, iso, matrix, matrix, pixelMm);
    }

    /// <summary>Expected counts of every window for a view: rate (cps at series start) × decay-weighted duration.</summary>
    public float[][] WindowImages(ProjectionComponents comp, double seconds, double hoursFromActivityReference = 0) =>
        WindowImages([comp], seconds, hoursFromActivityReference);

    /// <summary>Expected counts of every window for a view from the projections of each imaged line (main first): each line
    /// adds its primaries and scatter to every window, as <see cref="LineFractions"/> share them.</summary>
    public float[][] WindowImages(IReadOnlyList<ProjectionComponents> perLine, double seconds, double hoursFromActivityReference = 0)
    {
        var integral = Nuclide.FrameIntegralHours(seconds / 3600) * 3600 * Nuclide.DecayFactor(hoursFromActivityReference);
        var images = new float[Camera.Windows.Count][];
        for (var w = 0; w < images.Length; w++)
        {
            float[]? img = null;
            for (var l = 0; l < perLine.Count; l++)
            {
                var f = LineFractions[l][w];
                var part = perLine[l].Window(f.Primary, f.Scatter, f.HighEnergy);
                if (img is null) { img = part; continue; }
                for (var i = 0; i < img.Length; i++) img[i] += part[i];
            }
            for (var i = 0; i < img!.Length; i++) img[i] = (float)(img[i] * integral);
            images[w] = img;
        }
        return images;
    }

    /// <summary>Noisy (or rounded) 16-bit frame from expected counts; stream = a unique number per frame.</summary>
    public ushort[] Sample(float[] expected, long stream) =>
        Options.Noise ? Poisson.Frame(expected, Options.Seed, stream) : Poisson.Rounded(expected);

    /// <summary>Organ activities (MBq) from relative concentrations and the activity in the body.</summary>
    public static Dictionary<Organ, double> Distribute(Phantom phantom, IReadOnlyDictionary<Organ, double> relative, double bodyMBq) =>
        phantom.ActivitiesFromRelativeConcentration(relative, bodyMBq);

    /// <summary>Pixel coordinates (row, column) of a patient point in a view.</summary>
    public static (double Row, double Column) ToPixel(ViewGeometry v, Vector3 p)
    {
        var d = p - v.IsoCentreMm;
        return (-(d.Z) / v.PixelMm + (v.Rows - 1) / 2.0, Vector3.Dot(d, v.ColumnDirection) / v.PixelMm + (v.Columns - 1) / 2.0);
    }

    public static Dictionary<string, double> Named(IReadOnlyDictionary<Organ, double> activities) =>
        activities.Where(kv => kv.Value != 0).ToDictionary(kv => kv.Key.ToString(), kv => Math.Round(kv.Value, 6));

    /// <summary>Records a series' truth entry.</summary>
    public void AddSeriesTruth(NmSeries s, IReadOnlyDictionary<Organ, double> activities, float[][] expectedPeakFrames, double scatterFraction)
    {
        double total = 0;
        foreach (var f in expectedPeakFrames) foreach (var v in f) total += v;
        SeriesTruths.Add(new SeriesTruth(s.FileName, s.SeriesNumber, s.SeriesDescription, s.Type.ToString().ToUpperInvariant(), s.AcquisitionStart,
            s.FrameDurationMs / 1000, s.Frames.Length, s.Detectors.Select(d => d.Label).ToArray(),
            Math.Round((s.AcquisitionStart - InjectionTime).TotalHours, 6), Named(activities), Math.Round(total, 1), Math.Round(scatterFraction, 5)));
        Expected[s.FileName] = expectedPeakFrames;
    }

    /// <summary>Scatter (object + high-energy) share of the photopeak counts of a projection.</summary>
    public static double ScatterFraction(ProjectionComponents c)
    {
        double p = 0, s = 0;
        for (var i = 0; i < c.Primary.Length; i++) { p += c.Primary[i]; s += c.Scatter[i] + c.HighEnergy[i]; }
        return p + s > 0 ? s / (p + s) : 0;
    }

    /// <summary>Truth and result; <paramref name="phantom"/> = the imaged phantom when it is not the torso (organ volumes, grid).</summary>
    public SimulationResult Finish(string size, IReadOnlyList<LesionTruth>? lesions = null, IReadOnlyList<string>? defects = null, HeartTruth? heart = null,
        Phantom? phantom = null)
    {
        var ph = phantom ?? AtPhase(HeartModel.UngatedPhase);
        var volumes = ph.Organs.Where(kv => kv.Value.Indices.Length > 0).ToDictionary(kv => kv.Key.ToString(), kv => Math.Round(kv.Value.VolumeMl(ph.Grid), 3));
        var camera = new CameraTruth(Camera.Collimator.Code, Math.Round(ProjectorFor(ph).SensitivityCpsPerMBq, 3), Camera.IntrinsicFwhmMm,
            Math.Round(Camera.SystemFwhmMm(100), 3), Nuclide.HighEnergyYield > 0 ? Camera.Collimator.I123HighEnergyFraction : 0,
            Camera.Windows.Select(w => new WindowTruth(w.Name ?? $"WINDOW {w.Number}", Math.Round(w.LowerKeV, 2), Math.Round(w.UpperKeV, 2))).ToArray());
        var truth = new SimulationTruth(kind, Options.Seed, size, camera, Tracer.Name, Nuclide.Name, Nuclide.HalfLifeHours, AdministeredMBq, InjectionTime,
            new PhantomTruth(ph.Grid.VoxelMm, ph.Grid.Nx, ph.Grid.Ny, ph.Grid.Nz, volumes, heart, lesions, defects),
            SeriesTruths, Rois, Quantities.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 6)));
        return new SimulationResult(Study, Series, truth, Expected);
    }

    /// <summary>Standard heart truth from the model and voxelised ED/ES phantoms.</summary>
    public HeartTruth HeartTruth(double heartRateBpm)
    {
        var h = Torso.Heart;
        var ed = AtPhase(0).VolumeMl(Organ.LvBloodPool);
        var es = AtPhase(HeartModel.EndSystolePhase).VolumeMl(Organ.LvBloodPool);
        double edv = h.LvVolumeMl(0), esv = h.LvVolumeMl(HeartModel.EndSystolePhase);
        return new HeartTruth(edv, esv, Math.Round(100 * (edv - esv) / edv, 4), Math.Round(ed, 3), Math.Round(es, 3),
            Math.Round(100 * (ed - es) / ed, 4), Math.Round(h.MyocardiumMl, 3), heartRateBpm,
            h.SegmentUptake?.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
            Math.Round((h.BaseAt(HeartModel.EndSystolePhase) - h.BaseAt(0)).Length(), 3));
    }
}
