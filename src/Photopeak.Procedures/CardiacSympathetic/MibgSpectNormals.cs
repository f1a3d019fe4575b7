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
        [83.2, 75.1, 75.8, 72.2, 72.3, 85.8, 92.4, 87.4, 82.0, 76.0, 79.1, 95.6, 92.6, 85.9, 87.1, 92.1, 89.4],
        [7.4, 9.2, 5.6, 5.5, 7.6, 9.4, 4.5, 5.7, 5.9, 6.1, 7.0, 5.2, 6.4, 5.4, 6.2, 6.6, 10.1]);

    /// <summary>128 × 128 acquisitions (voxels under 6 mm): 8 simulated normals.</summary>
    public static readonly SegmentNormals Matrix128 = new("mIBG late SPECT, 128 × 128, OSEM 4×8 no AC",
        "Photopeak simulated normals (8 patients, 4 mm voxels) [?]",
        [91.7, 79.7, 85.5, 78.2, 76.6, 93.4, 95.2, 85.4, 88.9, 83.3, 83.2, 98.8, 97.1, 89.7, 91.5, 98.7, 94.7],
        [4.0, 3.9, 3.8, 5.4, 2.7, 3.0, 2.7, 1.5, 1.9, 2.8, 2.2, 1.6, 2.8, 2.3, 2.6, 1.3, 3.2]);

    /// <summary>The table for a volume's voxel size.</summary>
    public static SegmentNormals For(double voxelMm) => voxelMm >= 6 ? Matrix64 : Matrix128;
}
