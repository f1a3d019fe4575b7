using System.Numerics;
using Photopeak.Simulation.Output;
using Photopeak.Simulation.Projection;

namespace Photopeak.Simulation.Tests;

/// <summary>The simulator's angles are DICOM Start Angles (PS3.3 C.8.4.12): 0° the patient's back, increasing
/// counter-clockwise seen from the feet, so left lateral 90°, ANT 180°; LPS patient coordinates.</summary>
public class ViewGeometryConventionTests
{
    [Theory]
    [InlineData(180, 0, -1, 1, 0)]  // ANT: detector in front, columns towards the patient's left
    [InlineData(0, 0, 1, -1, 0)]    // POST: behind, columns towards the right
    [InlineData(90, 1, 0, 0, 1)]    // left lateral: on the left, columns towards the back
    [InlineData(270, -1, 0, 0, -1)] // right lateral
    public void Detector_normal_and_columns_follow_the_start_angle(double angle, float nx, float ny, float ux, float uy)
    {
        var v = new ViewGeometry(angle, 200, Vector3.Zero, 8, 8, 4);
        Assert.Equal(nx, v.Normal.X, 5);
        Assert.Equal(ny, v.Normal.Y, 5);
        Assert.Equal(ux, v.ColumnDirection.X, 5);
        Assert.Equal(uy, v.ColumnDirection.Y, 5);
    }

    [Theory]
    [InlineData(180, "ANT", "R-10206")]
    [InlineData(0, "POST", "R-10214")]
    [InlineData(360, "POST", "R-10214")]
    [InlineData(90, "LLAT", "R-10236")]
    [InlineData(270, "RLAT", "R-10232")]
    [InlineData(135, "LAO45", "R-10220")]
    [InlineData(110, "LAO70", "R-10220")]
    [InlineData(225, "RAO45", "R-40985")]
    [InlineData(200, "RAO20", "R-40985")]
    [InlineData(45, "LPO45", "R-10212")]
    [InlineData(315, "RPO45", "R-10210")]
    public void View_label_and_CID_26_code_follow_the_start_angle(double angle, string label, string code)
    {
        Assert.Equal(label, DetectorView.LabelFor(angle));
        Assert.Equal(code, DetectorView.CodeFor(angle).Value);
    }
}
