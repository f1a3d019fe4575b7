using Photopeak.Imaging;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>
/// mIBG SPECT (0332T): reconstruct (or read) the late SPECT, find the LV axis automatically unless one is given, sample a
/// 17-segment polar map and score it against mIBG normal limits [Cerqueira2002][Travin2017].
/// </summary>
internal static class MibgSpectAnalysis
{
    /// <summary>Analyses the latest TOMO series (else RECON TOMO); <paramref name="editedAxis"/> replaces the automatic LV
    /// axis, and must have been placed in the same series when <paramref name="editedAxisSeriesUid"/> is given. Throws <see cref="CardiacSpectException"/> or <see cref="StudyValidationException"/> naming the
    /// series when it cannot be assessed.</summary>
    public static MibgSpectAssessment Analyse(IReadOnlyList<NmAcquisition> spect, LeftVentricleAxis? editedAxis = null, string? editedAxisSeriesUid = null)
    {
        var (chosen, choiceWarnings) = Choose(spect);
        var name = $"\"{chosen.SeriesDescription}\" ({Path.GetFileName(chosen.SourcePath)})";
        if (editedAxis is not null && editedAxisSeriesUid is not null && chosen.SeriesInstanceUid is { } uid && editedAxisSeriesUid != uid)
            throw new ProcedureInputException($"the ROI file's 'lv_axis' was placed in series {editedAxisSeriesUid}, not in the SPECT series assessed here, {name} ({uid})");
        PatientVolume volume; string method; IReadOnlyList<string> loadWarnings;
        try { (volume, method, loadWarnings) = MibgSpectVolume.Load(chosen); }
        catch (SpectGeometryException e) { throw new CardiacSpectException($"SPECT {name}: {e.Message}"); }
        var warnings = new List<string>(choiceWarnings.Concat(loadWarnings).Select(w => $"SPECT {name}: {w}"));

        // The automatic axis is found even when one is given: an ROI file that hands it back unchanged is not an edit.
        LeftVentricleDetection? found = null; CardiacSpectException? notFound = null;
        try { found = LeftVentricleFinder.Find(volume); }
        catch (CardiacSpectException e) { notFound = e; }
        LeftVentricleAxis axis; AxisSource source;
        if (editedAxis is not null && !(found is not null && Same(editedAxis, found.Axis)))
        {
            if (!volume.Contains(editedAxis.BaseMm) || !volume.Contains(editedAxis.ApexMm))
                throw new ProcedureInputException($"the ROI file's 'lv_axis' ({editedAxis.Describe()}) lies outside the SPECT volume of {name}");
            axis = editedAxis; source = AxisSource.Edited;
        }
        else
        {
            if (found is null) throw new CardiacSpectException($"SPECT {name}: {notFound!.Message}");
            axis = found.Axis; source = AxisSource.Automatic;
            warnings.AddRange(found.Warnings.Select(w => $"SPECT {name}: {w}"));
        }
        PolarMap map;
        double[] uptake;
        try { map = PolarMapSampler.Sample(volume, axis); uptake = map.SegmentPercentOfMaximum(); }
        catch (CardiacSpectException e) when (source == AxisSource.Edited) { throw new ProcedureInputException($"the ROI file's 'lv_axis': {e.Message} in {name}"); }
        // An edited axis must still run through the myocardium the automatic search saw.
        if (source == AxisSource.Edited && found is not null && map.SegmentMeans.Max() < 0.5 * found.WallLevel)
            throw new ProcedureInputException($"the ROI file's 'lv_axis' misses the myocardium of {name}: its brightest segment has {map.SegmentMeans.Max() / found.WallLevel * 100:0}% of the wall counts the automatic search found");
        var normals = MibgSpectNormals.For(volume.Volume.VoxelSizeXMm);
        var scores = SegmentScoring.Score(uptake, normals);
        return new MibgSpectAssessment(name, volume, axis, source, map, uptake, scores, normals, method, warnings) { SeriesInstanceUid = chosen.SeriesInstanceUid };
    }

    // Late SPECT first (the normal limits are late images), TOMO before RECON TOMO (our reconstruction matches the normals).
    private static (NmAcquisition, IReadOnlyList<string>) Choose(IReadOnlyList<NmAcquisition> spect)
    {
        if (spect.Count == 0) throw new CardiacSpectException("no SPECT series to assess");
        static int Rank(NmAcquisition a) => a.ImageType switch { NmImageType.Tomo => 0, NmImageType.ReconTomo => 1, NmImageType.ReconGatedTomo => 2, _ => 3 };
        var ordered = spect.OrderBy(Rank).ThenByDescending(a => a.AcquisitionDateTime ?? DateTime.MinValue).ToList();
        var chosen = ordered[0];
        var warnings = new List<string>();
        if (Rank(chosen) == 3)
            throw new CardiacSpectException($"{Path.GetFileName(chosen.SourcePath)}: {chosen.ImageType.ToDicomTerm()} is not supported for the tomographic assessment (TOMO, RECON TOMO or RECON GATED TOMO are)");
        if (ordered.Count(a => Rank(a) < 3) > 1)
            warnings.Add($"{spect.Count} SPECT series: this one was assessed ({chosen.ImageType.ToDicomTerm()}, the latest of its kind)");
        return (chosen, warnings);
    }

    private static bool Same(LeftVentricleAxis a, LeftVentricleAxis b) =>
        System.Numerics.Vector3.Distance(a.BaseMm, b.BaseMm) < 1 && System.Numerics.Vector3.Distance(a.ApexMm, b.ApexMm) < 1;
}
