using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Service;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>One SPECT acquisition (bed position) reconstructed, with when it started, the axial range it covers (patient z,
/// mm, LPS: + towards the head), and the area and imaging day it was counted as.</summary>
public sealed record TumourBed(NmAcquisition Acquisition, ReconstructedSeries Reconstruction, DateTime Start, double ZMinMm, double ZMaxMm)
{
    /// <summary>Area number (1-based, from the head down) among the areas of its day.</summary>
    public int Area { get; init; }
    /// <summary>The CT its attenuation map came from, or null (body-contour Chang).</summary>
    public CtSeriesVolume? Ct { get; init; }
    /// <summary>Imaging day (1-based).</summary>
    public int Day { get; init; }

    /// <summary>Axial length covered, mm.</summary>
    public double LengthMm => ZMaxMm - ZMinMm;

    /// <summary>Length shared with <paramref name="other"/>, mm (0 when apart).</summary>
    public double OverlapMm(TumourBed other) => Math.Max(0, Math.Min(ZMaxMm, other.ZMaxMm) - Math.Max(ZMinMm, other.ZMinMm));
}

/// <summary>A CT series as CT numbers in patient coordinates, with its frame of reference and axial range (z, mm).</summary>
public sealed record CtSeriesVolume(Photopeak.Procedures.CardiacSpect.PatientVolume Volume, string? FrameOfReferenceUid, string Description)
{
    public double ZMinMm => Volume.CentreMm.Z - (Volume.Volume.SizeZ - 1) / 2.0 * Volume.Volume.VoxelSizeZMm;
    public double ZMaxMm => Volume.CentreMm.Z + (Volume.Volume.SizeZ - 1) / 2.0 * Volume.Volume.VoxelSizeZMm;
}
