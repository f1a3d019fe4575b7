using Photopeak.Imaging;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>
/// mIBG SPECT (0332T): reconstruct (or read) the late SPECT, find the LV axis automatically unless one is given, sample a
/// 17-segment polar map and score it against mIBG normal limits [Cerqueira2002][Travin2017].
/// </summary>
public static class MibgSpectAnalysis
{
    /// <summary>Analyses the first TOMO series (else the first RECON TOMO); <paramref name="editedAxis"/> replaces the
    /// automatic LV axis. Throws <see cref="CardiacSpectException"/> or <see cref="StudyValidationException"/> naming the
    /// series when it cannot be assessed.</summary>
    public static MibgSpectAssessment Analyse(IReadOnlyList<NmAcquisition> spect, LeftVentricleAxis? editedAxis = null)
    {
        var chosen = spect.FirstOrDefault(a => a.ImageType == NmImageType.Tomo) ?? spect.FirstOrDefault()
            ?? throw new CardiacSpectException("no SPECT series to assess");
        var name = $"\"{chosen.SeriesDescription}\" ({Path.GetFileName(chosen.SourcePath)})";
        PatientVolume volume; string method; IReadOnlyList<string> loadWarnings;
        try { (volume, method, loadWarnings) = MibgSpectVolume.Load(chosen); }
        catch (SpectGeometryException e) { throw new CardiacSpectException($"SPECT {name}: {e.Message}"); }
        var warnings = new List<string>(loadWarnings.Select(w => $"SPECT {name}: {w}"));
        LeftVentricleAxis axis; string source;
        if (editedAxis is not null) { axis = editedAxis; source = "edited (--rois)"; }
        else
        {
            LeftVentricleDetection found;
            try { found = LeftVentricleFinder.Find(volume); }
            catch (CardiacSpectException e) { throw new CardiacSpectException($"SPECT {name}: {e.Message}"); }
            axis = found.Axis; source = "automatic";
            warnings.AddRange(found.Warnings.Select(w => $"SPECT {name}: {w}"));
        }
        var map = PolarMapSampler.Sample(volume, axis);
        var uptake = map.SegmentPercentOfMaximum();
        var normals = MibgSpectNormals.For(volume.Volume.VoxelSizeXMm);
        var scores = SegmentScoring.Score(uptake, normals);
        return new MibgSpectAssessment(name, volume, axis, source, map, uptake, scores, normals, method, warnings);
    }
}
