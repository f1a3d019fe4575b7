using System.Text.Json;
using System.Text.Json.Serialization;

namespace Photopeak.Simulation.Truth;

/// <summary>Ground truth written beside a simulated study as truth.json (fields documented in docs/simulation-truth.md).
/// Quantities: named numbers, "physical" truths of the phantom and "expected" noiseless measurements in stated ROIs.</summary>
public sealed record SimulationTruth(
    string Kind,
    long Seed,
    string Size,
    CameraTruth Camera,
    string Tracer,
    string Radionuclide,
    double HalfLifeHours,
    double AdministeredMBq,
    DateTime InjectionTime,
    PhantomTruth Phantom,
    IReadOnlyList<SeriesTruth> Series,
    IReadOnlyList<RoiTruth> Rois,
    IReadOnlyDictionary<string, double> Quantities)
{
    public string ToJson() => JsonSerializer.Serialize(this, SimulationTruthJsonContext.Default.SimulationTruth);
    public static SimulationTruth FromJson(string json) => JsonSerializer.Deserialize(json, SimulationTruthJsonContext.Default.SimulationTruth)
        ?? throw new JsonException("truth.json is empty");
}

/// <summary>truth.json's contract, generated at compile time (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SimulationTruth))]
internal sealed partial class SimulationTruthJsonContext : JsonSerializerContext;

/// <summary>The simulated camera.</summary>
public sealed record CameraTruth(string Collimator, double SensitivityCpsPerMBq, double IntrinsicFwhmMm, double SystemFwhmAt100MmMm,
    double HighEnergyFraction, IReadOnlyList<WindowTruth> Windows);

public sealed record WindowTruth(string Name, double LowerKeV, double UpperKeV);

/// <summary>The phantom: grid and each organ's occupied volume (ml, from voxel fractions) and, per series, activity.</summary>
public sealed record PhantomTruth(double VoxelMm, int Nx, int Ny, int Nz, IReadOnlyDictionary<string, double> OrganVolumesMl,
    HeartTruth? Heart, IReadOnlyList<LesionTruth>? Lesions, IReadOnlyList<string>? Defects);

/// <summary>Cardiac truth: analytic and voxel volumes at end-diastole and end-systole, LVEF.</summary>
public sealed record HeartTruth(double EdvMl, double EsvMl, double LvefPercent, double EdvVoxelMl, double EsvVoxelMl, double LvefVoxelPercent,
    double MyocardiumMl, double HeartRateBpm, IReadOnlyDictionary<string, double>? SegmentUptake, double BaseExcursionMm = 0);

/// <summary>A lesion: centre (patient mm, LPS), radius, volume, concentration at the named series' start.</summary>
public sealed record LesionTruth(string Name, double XMm, double YMm, double ZMm, double RadiusMm, double VolumeMl, double VoxelVolumeMl,
    double ContrastToBackground);

/// <summary>One written file: what it holds and the organ activities (MBq) at its acquisition start.</summary>
public sealed record SeriesTruth(string File, int SeriesNumber, string Description, string ImageType, DateTime AcquisitionStart,
    double FrameDurationS, int Frames, IReadOnlyList<string> Views, double HoursAfterInjection,
    IReadOnlyDictionary<string, double> OrganActivityMBq, double ExpectedPhotopeakCounts, double ScatterFractionInPhotopeak);

/// <summary>A region of interest in pixel coordinates (row 0 = top, column 0 = left) of one file's frames.
/// Shape "circle" (CentreRow, CentreColumn, RadiusPx), "rectangle" (Row0..Row1, Col0..Col1 inclusive) or "mask"
/// (Spans: [row, firstColumn, lastColumn] runs). A pixel is inside when its centre is.</summary>
public sealed record RoiTruth(string Name, string File, int? Frame, string Shape,
    double? CentreRow = null, double? CentreColumn = null, double? RadiusPx = null,
    int? Row0 = null, int? Row1 = null, int? Col0 = null, int? Col1 = null, IReadOnlyList<int[]>? Spans = null);
