using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;

namespace Photopeak.Reconstruction.Tests;

/// <summary>
/// The body contour found from the projections (for uniform-μ attenuation correction) against the simulator's torso, an
/// elliptical cylinder of 340 × 220 mm (TorsoPhantom), on reduced studies (8 mm pixels) with and without Poisson noise:
/// a tumour bed, and the I-123 mIBG late SPECT through LEHR, whose scatter and 529 keV septal penetration lay a pedestal
/// outside the body.
/// Tolerance: width and depth within 2 pixels (16 mm) of the phantom's.
/// </summary>
public class BodyContourTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("tumour-spect", "spect_bed1.dcm", false)]
    [InlineData("tumour-spect", "spect_bed1.dcm", true)]
    [InlineData("mibg-spect", "late_spect.dcm", false)]
    [InlineData("mibg-spect", "late_spect.dcm", true)]
    public void Body_contour_from_the_projections_matches_the_torso(string kind, string fileName, bool noise)
    {
        var result = Simulator.Simulate(kind, new SimulationOptions { Seed = 5, Reduced = true, Noise = noise, Views = 32, BedPositions = 1 });
        var dir = Directory.CreateTempSubdirectory("contour-").FullName;
        try
        {
            Simulator.Write(result, dir);
            var file = Path.Combine(dir, fileName);
            var tomo = TomoProjectionLoader.Load(NmAcquisition.Open(file));
            var mask = AttenuationMaps.BodyContourFromProjections(tomo.Photopeak);
            // Extent through the middle slice of the bed, along x (rows of voxels) and y.
            int z = mask.SizeZ / 2, n = mask.SizeX;
            int minX = n, maxX = -1, minY = n, maxY = -1;
            for (int y = 0; y < n; y++) for (int x = 0; x < n; x++)
                if (mask[x, y, z] != 0) { minX = Math.Min(minX, x); maxX = Math.Max(maxX, x); minY = Math.Min(minY, y); maxY = Math.Max(maxY, y); }
            double widthMm = (maxX - minX + 1) * mask.VoxelSizeXMm, depthMm = (maxY - minY + 1) * mask.VoxelSizeYMm;
            output.WriteLine($"{kind} noise {noise}: contour {widthMm:0} × {depthMm:0} mm (torso 340 × 220)");
            Assert.InRange(widthMm, 340 - 16, 340 + 16);
            Assert.InRange(depthMm, 220 - 16, 220 + 16);
            // Every slice through the middle 80 % of the field holds body (the torso fills the axial field of these beds).
            for (int slice = mask.SizeZ / 10; slice < mask.SizeZ * 9 / 10; slice++)
            {
                bool any = false;
                for (int i = slice * n * n; i < (slice + 1) * n * n && !any; i++) any = mask.Voxels[i] != 0;
                Assert.True(any, $"{kind} noise {noise}: slice {slice} has no body contour");
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
