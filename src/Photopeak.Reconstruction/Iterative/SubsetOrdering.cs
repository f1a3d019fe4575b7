using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Iterative;

/// <summary>Interleaved ordered subsets [HuLa1994]: views sorted by angle, subset k takes every S-th view starting at k.
/// The sort key is the angle from the anterior view clockwise seen from the feet, (180° − Start Angle) mod 360
/// (PS3.3 C.8.4.12): the order in which subsets were processed before angles were kept as DICOM Start Angles, so OSEM
/// results, and the normal limits computed from them, are unchanged.</summary>
public static class SubsetOrdering
{
    /// <summary>View indices of each subset, subsets in processing order 0..S−1.</summary>
    public static int[][] Interleaved(SpectGeometry geometry, int subsets)
    {
        int views = geometry.NumberOfViews;
        if (subsets < 1 || subsets > views)
            throw new ArgumentOutOfRangeException(nameof(subsets), subsets, $"Subsets must be between 1 and the {views} views.");
        var byAngle = new int[views];
        for (int v = 0; v < views; v++) byAngle[v] = v;
        var angles = new double[views];
        for (int v = 0; v < views; v++) angles[v] = ((180 - geometry.ViewAngleDeg(v)) % 360 + 360) % 360;
        Array.Sort(angles, byAngle);
        var result = new int[subsets][];
        for (int s = 0; s < subsets; s++)
        {
            int count = (views - s + subsets - 1) / subsets;
            result[s] = new int[count];
            for (int i = 0; i < count; i++) result[s][i] = byAngle[s + i * subsets];
        }
        return result;
    }
}
