namespace Photopeak.Reconstruction.Geometry;

/// <summary>Direction of detector rotation as seen from the patient's feet (DICOM (0018,1140) CW / CC).</summary>
public enum RotationDirection
{
    Clockwise,
    CounterClockwise,
}
