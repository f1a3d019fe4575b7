namespace Photopeak.Procedures.CardiacSpect;

/// <summary>Where the LV axis used for a polar map came from.</summary>
public enum AxisSource
{
    /// <summary>Found by <see cref="LeftVentricleFinder"/> (also when an ROI file hands back the automatic axis unchanged).</summary>
    Automatic,
    /// <summary>Moved by the user in the ROI file (<c>--rois</c>).</summary>
    Edited,
}
