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
        [82.9, 75.3, 75.2, 71.4, 71.4, 86.0, 91.8, 86.9, 81.9, 75.5, 78.8, 95.6, 92.5, 85.2, 87.1, 92.2, 89.3],
        [8.0, 9.9, 4.9, 5.9, 6.3, 9.6, 4.8, 5.2, 6.1, 6.5, 6.6, 5.2, 5.6, 5.1, 6.4, 6.7, 9.8]);

    /// <summary>128 × 128 acquisitions (voxels under 6 mm): 8 simulated normals.</summary>
    public static readonly SegmentNormals Matrix128 = new("mIBG late SPECT, 128 × 128, OSEM 4×8 no AC",
        "Photopeak simulated normals (8 patients, 4 mm voxels) [?]",
        [91.2, 79.1, 84.8, 77.6, 76.3, 93.1, 94.7, 84.9, 88.1, 82.8, 82.9, 98.7, 96.3, 89.3, 91.0, 98.5, 94.1],
        [3.9, 4.3, 3.6, 5.4, 2.9, 2.9, 3.0, 1.6, 1.9, 3.0, 2.2, 1.8, 3.1, 2.4, 2.6, 1.3, 3.3]);

    /// <summary>The table for a volume's voxel size.</summary>
    public static SegmentNormals For(double voxelMm) => voxelMm >= 6 ? Matrix64 : Matrix128;
}
