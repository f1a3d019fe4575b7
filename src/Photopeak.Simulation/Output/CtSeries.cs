using System.Numerics;

namespace Photopeak.Simulation.Output;

/// <summary>A simulated low-dose CT acquired with the SPECT on a hybrid camera: CT numbers (HU) on an axial grid, x fastest,
/// slice 0 the most inferior; <see cref="FirstVoxelMm"/> is the patient (LPS) position of voxel (0, 0, 0).</summary>
public sealed record CtSeries(float[] Hounsfield, int Columns, int Rows, int Slices, double PixelMm, double SliceMm, Vector3 FirstVoxelMm,
    int SeriesNumber, string SeriesDescription, DateTime AcquisitionStart);
