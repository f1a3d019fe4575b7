using System.Numerics;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Iterative;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>
/// The transaxial volume of an mIBG SPECT series: TOMO projections reconstructed with OSEM (4 iterations × 8 subsets, no
/// attenuation or scatter correction, as mIBG cardiac SPECT is usually read and as the normal limits were made; Gaussian
/// post-filter) or a RECON TOMO series read as it is.
/// </summary>
internal static class MibgSpectVolume
{
    public const int Iterations = 4;
    public const int Subsets = 8;

    /// <summary>Reconstructs or reads <paramref name="acquisition"/>; the method text goes to the report.</summary>
    public static (PatientVolume Volume, string Method, IReadOnlyList<string> Warnings) Load(NmAcquisition acquisition)
    {
        if (acquisition.ImageType == NmImageType.Tomo)
        {
            var tomo = TomoProjectionLoader.Load(acquisition);
            var g = tomo.Photopeak.Geometry;
            int subsets = Subsets;
            while (subsets > 1 && g.NumberOfViews % subsets != 0) subsets--;
            // Post-filter one pixel (at least 6 mm): tames the noise of late mIBG counts without spreading a 20 mm defect
            // into its normal neighbours.
            var postFilterMm = Math.Max(6, g.PixelSpacingMm);
            var volume = OsemReconstructor.Reconstruct(tomo.Photopeak, new OsemOptions { Iterations = Iterations, Subsets = subsets, PostFilterFwhmMm = postFilterMm });
            var c = tomo.VolumeCentreMm;
            var warnings = tomo.Warnings.ToList();
            if (subsets != Subsets || Math.Abs(g.ArcDeg - 360) > 1)
                warnings.Add(FormattableString.Invariant($"acquired over {g.ArcDeg:0}° with {g.NumberOfViews} views ({subsets} subsets): the normal limits were made from 360° acquisitions reconstructed with {Subsets} subsets, so segment scores are less certain"));
            var method = FormattableString.Invariant($"OSEM {Iterations} iterations × {subsets} subsets, no attenuation or scatter correction, Gaussian post-filter {postFilterMm:0.#} mm FWHM, {g.Bins} × {g.Bins} × {g.Rows} voxels of {g.PixelSpacingMm:0.##} mm, {g.NumberOfViews} views over {g.ArcDeg:0}°");
            return (new PatientVolume(volume, new Vector3((float)c.X, (float)c.Y, (float)c.Z)), method, warnings);
        }
        if (acquisition.ImageType is NmImageType.ReconTomo or NmImageType.ReconGatedTomo)
        {
            var volume = ReconTomoVolumeLoader.Load(acquisition);
            var detector = acquisition.Detectors.FirstOrDefault();
            var warnings = new List<string>();
            var iop = detector?.ImageOrientationPatient ?? [];
            if (iop.Count == 6 && !(Near(iop[0], 1) && Near(iop[4], 1)))
                throw new CardiacSpectException($"{Path.GetFileName(acquisition.SourcePath)}: RECON TOMO slices are not transaxial (Image Orientation (Patient) (0020,0037) {string.Join('\\', iop)}): reorient on the acquisition system or give the TOMO projections");
            Vector3 centre;
            if (ReconTomoVolumeLoader.VolumeCentreMm(acquisition, volume) is { } c)
                centre = new Vector3((float)c.X, (float)c.Y, (float)c.Z);
            else
            {
                centre = Vector3.Zero;
                warnings.Add($"{Path.GetFileName(acquisition.SourcePath)}: no Image Position/Orientation (Patient) (0020,0032/0037) in the Detector Information Sequence: the volume is placed at the origin");
            }
            warnings.Add("RECON TOMO read as reconstructed by the acquisition system: segment scores are compared with normal limits made from Photopeak's own reconstruction");
            if (acquisition.ImageType == NmImageType.ReconGatedTomo) warnings.Add("RECON GATED TOMO: only the first gate was assessed");
            return (new PatientVolume(volume, centre), $"RECON TOMO as supplied ({acquisition.SeriesDescription})", warnings);
        }
        throw new CardiacSpectException($"{Path.GetFileName(acquisition.SourcePath)}: image type {acquisition.ImageType} is not SPECT (TOMO or RECON TOMO)");
    }

    private static bool Near(double a, double b) => Math.Abs(a - b) < 0.02;
}
