namespace Photopeak.Imaging.Acquisitions;

/// <summary>Rotation Direction (0018,1140): CW clockwise, CC counter-clockwise, as seen facing the gantry.</summary>
public enum RotationDirection
{
    Unknown,
    Clockwise,
    CounterClockwise,
}
