using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Service;

namespace Photopeak.Reconstruction.Tests;

/// <summary>CT numbers read from a real CT (David Clunie's CT1, RLE, signed, Rescale Intercept −1024) and converted to μ by
/// the bilinear model.</summary>
public sealed class CtAttenuationTests
{
    private const string RealCt = "robustness/fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm";

    [Fact]
    public void A_real_CT_slice_reads_as_Hounsfield_units_with_water_near_0_and_padding_below_air()
    {
        var slice = NmAcquisition.Open(SharedData.PathOf(RealCt)).GetFrame(0);
        var centre = new List<float>();
        for (var y = 246; y < 266; y++) for (var x = 246; x < 266; x++) centre.Add(slice.Pixels[y * slice.Width + x]);
        centre.Sort();
        Assert.InRange(centre[centre.Count / 2], -50, 100); // pydicom: median 5 HU
        Assert.True(slice.Pixels[0] <= -1000, $"corner {slice.Pixels[0]} HU: the padding outside the field is −3024");
    }

    [Fact]
    public void Slices_at_one_position_do_not_stack_and_the_position_attribute_is_named()
    {
        var a = NmAcquisition.Open(SharedData.PathOf(RealCt));
        var e = Assert.Throws<ReconstructionInputException>(() => CtVolumeLoader.Load([a, NmAcquisition.Open(SharedData.PathOf(RealCt))]));
        Assert.Contains("0020,0032", e.Message);
    }

    [Theory]
    [InlineData(140.5, 0.0154)]  // Tc-99m: NIST XCOM water 0.1538 cm²/g
    [InlineData(159.0, 0.0148)]  // I-123
    public void Water_is_0_HU_and_air_is_nothing_at_the_photon_energy(double keV, double waterPerMm)
    {
        var (water, bone) = CtAttenuationMap.MuPerMm(keV);
        Assert.Equal(waterPerMm, water, 0.0003);
        Assert.Equal(water, CtAttenuationMap.FromHounsfield(0, water, bone), 1e-9);
        Assert.Equal(0, CtAttenuationMap.FromHounsfield(-1000, water, bone), 1e-9);
        Assert.Equal(0, CtAttenuationMap.FromHounsfield(-3024, water, bone), 1e-9);
        Assert.Equal(bone, CtAttenuationMap.FromHounsfield(CtAttenuationMap.CorticalBoneHu, water, bone), 1e-9);
        Assert.True(bone > 1.5 * water); // cortical bone, 1.92 g/cm³
    }
}
