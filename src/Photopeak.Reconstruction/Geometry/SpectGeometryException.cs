namespace Photopeak.Reconstruction.Geometry;

/// <summary>A SPECT acquisition geometry is inconsistent (names the parameter and the offending value).</summary>
public sealed class SpectGeometryException(string message) : Exception(message);
