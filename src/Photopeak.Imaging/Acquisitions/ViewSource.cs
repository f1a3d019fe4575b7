namespace Photopeak.Imaging.Acquisitions;

/// <summary>Where a detector's view came from, strongest evidence first; reports say so when it was not a standard code.</summary>
public enum ViewSource
{
    /// <summary>A code value of PS3.16 CID 26 in View Code Sequence (0054,0220).</summary>
    Code,
    /// <summary>The words of a non-standard code in View Code Sequence (its meaning or value).</summary>
    CodeMeaning,
    /// <summary>Inferred from the detector's Image Orientation (Patient) (0020,0037).</summary>
    ImageOrientation,
    /// <summary>Inferred from the detector's Start Angle (0054,0200).</summary>
    StartAngle,
    /// <summary>Stated by the user (<c>process --views</c>).</summary>
    Stated,
}
