using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction;

/// <summary>SPECT projections: index = (view·Rows + row)·Bins + bin, counts per pixel, with their acquisition geometry.</summary>
public sealed record ProjectionSet(SpectGeometry Geometry, float[] Counts)
{
    /// <summary>Zero-filled projections for <paramref name="geometry"/>.</summary>
    public ProjectionSet(SpectGeometry geometry) : this(geometry, new float[checked(geometry.NumberOfViews * geometry.Rows * geometry.Bins)]) { }

    public int Index(int view, int row, int bin) => (view * Geometry.Rows + row) * Geometry.Bins + bin;
    public float this[int view, int row, int bin] { get => Counts[Index(view, row, bin)]; set => Counts[Index(view, row, bin)] = value; }

    /// <summary>Throws if the buffer does not match the geometry.</summary>
    public ProjectionSet Validate()
    {
        Geometry.Validate();
        if (Counts.Length != Geometry.NumberOfViews * Geometry.Rows * Geometry.Bins)
            throw new SpectGeometryException(
                $"Projection buffer holds {Counts.Length} values, geometry needs {Geometry.NumberOfViews}x{Geometry.Rows}x{Geometry.Bins}.");
        return this;
    }

    /// <summary>An empty volume matching the geometry (Bins × Bins × Rows voxels).</summary>
    public Volume3D CreateVolume() => new(Geometry.Bins, Geometry.Bins, Geometry.Rows, Geometry.PixelSpacingMm, Geometry.PixelSpacingMm, Geometry.SliceSpacingMm);
}
