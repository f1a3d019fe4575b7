using Photopeak.Procedures.CardiacSpect;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>
/// Default mIBG polar-map normal limits for <see cref="MibgSpectVolume"/>'s reconstruction. Normal mIBG uptake is not
/// uniform (lower inferiorly and at the base), so segments are scored against an mIBG-specific normal database, as
/// CLINICAL §2 asks. No published segmental table was available to us, so these were made the way a site makes its own:
/// from normal studies (here simulated: uniform myocardial uptake, LEHR and ME, late H/M 1.8–2.8, seeds 900–911 at 64², 900–907 at 128²) processed
/// exactly as patients are. A site should replace them with limits from its own normal patients [?].
/// </summary>
public static class MibgSpectNormals
{
    /// <summary>64 × 64 acquisitions (voxels of 6 mm or more): 12 simulated normals.</summary>
    public static readonly SegmentNormals Matrix64 = new("mIBG late SPECT, 64 × 64, OSEM 4×8 no AC",
        "Photopeak simulated normals (12 patients, 8 mm voxels) [?]",
        [84.1, 75.3, 74.7, 71.1, 72.3, 86.0, 92.2, 87.6, 81.8, 75.0, 78.3, 96.0, 93.5, 87.1, 88.3, 93.8, 92.5],
        [7.0, 8.3, 4.8, 6.7, 7.1, 8.6, 4.6, 5.1, 6.8, 6.0, 6.3, 3.6, 5.2, 3.7, 5.6, 6.3, 7.5]);

    /// <summary>128 × 128 acquisitions (voxels under 6 mm): 8 simulated normals.</summary>
    public static readonly SegmentNormals Matrix128 = new("mIBG late SPECT, 128 × 128, OSEM 4×8 no AC",
        "Photopeak simulated normals (8 patients, 4 mm voxels) [?]",
        [91.5, 79.8, 85.0, 77.6, 75.8, 92.4, 94.7, 85.0, 88.0, 82.7, 82.7, 98.4, 97.1, 89.9, 91.3, 98.2, 94.6],
        [4.6, 3.9, 3.2, 5.3, 3.4, 2.9, 3.4, 1.7, 1.7, 2.8, 2.3, 2.4, 2.4, 1.6, 2.4, 1.3, 3.2]);

    /// <summary>The table for a volume's voxel size.</summary>
    public static SegmentNormals For(double voxelMm) => voxelMm >= 6 ? Matrix64 : Matrix128;
}
