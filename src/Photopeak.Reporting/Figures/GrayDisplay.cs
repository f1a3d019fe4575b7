namespace Photopeak.Reporting.Figures;

/// <summary>Gray scale direction: Normal = high counts white; Inverted = high counts black (usual for printed planar NM).</summary>
public enum GrayDisplay
{
    Normal,
    Inverted,
}
