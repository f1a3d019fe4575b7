using Photopeak.Imaging.Acquisitions;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Physics;

namespace Photopeak.Simulation.Output;

/// <summary>NM image types (value 3 of Image Type) the simulator writes.</summary>
public enum NmImageType { Static, Dynamic, Gated, Tomo, WholeBody }

/// <summary>Frame vectors of an NM multi-frame image (PS3.3 C.8.4.8); which ones are written depends on the type.</summary>
public sealed record FrameVectors(int[] EnergyWindow, int[] Detector, int[]? Phase = null, int[]? TimeSlice = null,
    int[]? RrInterval = null, int[]? TimeSlot = null, int[]? Rotation = null, int[]? AngularView = null);

/// <summary>SPECT rotation parameters (NM TOMO Acquisition module, PS3.3 C.8.4.12): Start Angle of detector 1 (0 = patient's
/// back, 90 = patient's left), positive Angular Step, sense seen from the feet. RadiusMm: one per view of a detector.</summary>
public sealed record RotationInfo(double StartAngleDeg, double AngularStepDeg, RotationDirection Direction, double ScanArcDeg,
    int ViewsPerDetector, double FrameDurationMs, double[] RadialPositionsMm, bool BodyContour);

/// <summary>Gating parameters (NM Multi-gated Acquisition module).</summary>
public sealed record GatingInfo(int FramesPerCycle, double NominalIntervalMs, int IntervalsAcquired, int IntervalsRejected, double HeartRateBpm);

/// <summary>Dynamic phase parameters (NM Phase module).</summary>
public sealed record PhaseInfo(int Frames, double FrameDurationMs, double DelayMs);

/// <summary>Whole-body scan parameters (NM Image module, PS3.3 C.8.4.9): table speed, scanned length, technique (1PS = one pass).</summary>
public sealed record WholeBodyScanInfo(double ScanVelocityMmPerS, double ScanLengthMm, string Technique = "1PS");

/// <summary>One NM image instance to write: pixel frames (counts), their frame vectors, and the acquisition description.</summary>
public sealed record NmSeries(
    string FileName,
    int SeriesNumber,
    string SeriesDescription,
    NmImageType Type,
    DateTime AcquisitionStart,
    double FrameDurationMs,
    Radiopharmaceutical Tracer,
    double AdministeredMBq,
    DateTime InjectionTime,
    CameraModel Camera,
    IReadOnlyList<DetectorView> Detectors,
    int Rows,
    int Columns,
    double PixelMm,
    ushort[][] Frames,
    FrameVectors Vectors,
    RotationInfo? Rotation = null,
    GatingInfo? Gating = null,
    PhaseInfo? Phase = null,
    double BedOffsetMm = 0,
    WholeBodyScanInfo? WholeBody = null);
