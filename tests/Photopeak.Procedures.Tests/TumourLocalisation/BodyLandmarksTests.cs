using System.Numerics;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Procedures.TumourLocalisation;
using Photopeak.Reconstruction;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

/// <summary>Body landmarks from a hand-built CT (not the simulator's): a thorax with lungs, a pelvis, then two legs lying on a
/// couch that spans the midline under them, as a real SPECT/CT of the pelvis and knees has it.</summary>
public sealed class BodyLandmarksTests
{
    // 100 × 60 voxels of 4 mm across, 80 slices of 5 mm from z = +197.5 mm (slice 0) down to −197.5 mm.
    private static PatientVolume Ct(bool couch, int partFromSlice = 50, bool lungs = true)
    {
        var v = new Volume3D(100, 60, 80, 4, 4, 5);
        var ct = new PatientVolume(v, new Vector3(0, 0, 0));
        for (var z = 0; z < v.SizeZ; z++)
            for (var y = 0; y < v.SizeY; y++)
                for (var x = 0; x < v.SizeX; x++)
                {
                    var p = ct.PositionMm(x, y, z);
                    float hu = -1000;
                    if (z < partFromSlice)
                    {
                        // Trunk: an ellipse 340 × 200 mm; lungs in slices 0–19 either side of the mediastinum.
                        if (p.X * p.X / (170f * 170f) + p.Y * p.Y / (100f * 100f) <= 1)
                            hu = lungs && z < 20 && Math.Abs(p.X) is > 30 and < 140 && Math.Abs(p.Y) < 70 ? -800 : 40;
                    }
                    else if (Vector2.Distance(new Vector2(Math.Abs(p.X), p.Y), new Vector2(85, 0)) <= 70) hu = 40;
                    // The couch: 8 mm of carbon (about 0 HU) under the patient, the whole width.
                    if (couch && p.Y is > 104 and <= 112) hu = 0;
                    v[x, y, z] = hu;
                }
        return ct;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_legs_begin_where_soft_tissue_parts_at_the_midline_even_over_a_couch(bool couch)
    {
        var ct = Ct(couch);
        var landmarks = BodyLandmarks.FromCt(ct);
        Assert.NotNull(landmarks.LungBaseMm);
        // The first parted slice, 50, lies at z = 197.5 − 50 × 5 = −52.5 mm.
        Assert.Equal(-52.5, landmarks.LegsTopMm!.Value, 1);
        Assert.Equal("right lower limb", landmarks.Region(new Vector3(-85, 0, -150)));
        Assert.Equal("left lower limb", landmarks.Region(new Vector3(85, 0, -150)));
        Assert.Equal("right lower abdomen", landmarks.Region(new Vector3(-85, 0, -40)));
    }

    [Fact]
    public void A_CT_of_the_pelvis_and_knees_without_lungs_still_names_the_lower_limbs()
    {
        var landmarks = BodyLandmarks.FromCt(Ct(couch: true, lungs: false));
        Assert.Null(landmarks.LungBaseMm);
        Assert.Equal(-52.5, landmarks.LegsTopMm!.Value, 1);
        Assert.Equal("left lower limb", landmarks.Region(new Vector3(85, 0, -150)));
        Assert.Equal("right of the midline", landmarks.Region(new Vector3(-85, 0, 40)));
    }

    [Fact]
    public void A_trunk_whose_soft_tissue_never_parts_has_no_lower_limbs()
    {
        var landmarks = BodyLandmarks.FromCt(Ct(couch: true, partFromSlice: 80));
        Assert.Null(landmarks.LegsTopMm);
        Assert.EndsWith("pelvis", landmarks.Region(new Vector3(-85, 0, -150)), StringComparison.Ordinal);
    }
}
