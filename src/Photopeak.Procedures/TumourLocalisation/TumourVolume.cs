using System.Globalization;
using System.Numerics;
using Photopeak.Imaging.Nuclides;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Reconstruction;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Quantification;
using Photopeak.Reconstruction.Service;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>One imaging day's SPECT: its beds reconstructed and joined into one volume in patient coordinates, in count rate
/// per ml (or Bq/ml with a calibration factor) decay-corrected to <see cref="ReferenceTime"/>, the start of the day's first bed.</summary>
public sealed record TumourVolume(int Day, DateTime ReferenceTime, PatientVolume Volume, IReadOnlyList<TumourBed> Beds, string Unit)
{
    /// <summary>Reading protocol: OSEM 4 iterations × 8 subsets, no post-filter in the volume (detection smooths its own copy)
    /// [Dickson2023: few updates for reading, no smoothing for quantification].</summary>
    public const int Iterations = 4, Subsets = 8;

    /// <summary>Reconstructs every bed with the corrections its header allows, groups them into days and areas, and joins each
    /// day's beds with linear weights across their overlap. <paramref name="cf"/> turns counts into Bq/ml. For each bed, the CT
    /// series of <paramref name="cts"/> that shares its Frame of Reference UID and covers most of it (at least half) replaces
    /// the body-contour Chang map.</summary>
    public static (IReadOnlyList<TumourVolume> Days, IReadOnlyList<string> Warnings, string Protocol) Build(
        IReadOnlyList<NmAcquisition> tomo, double? cf, IReadOnlyList<CtSeriesVolume>? cts = null, IProgress<string>? progress = null)
    {
        var warnings = new List<string>();
        var nuclides = tomo.Select(a => a.Radionuclide).Distinct().ToList();
        if (nuclides.Count > 1)
            throw new ProcedureInputException("the SPECT beds name different radionuclides (" + string.Join(", ", tomo.Select(a => $"{ReconstructionService.Label(a)}: {a.Radionuclide?.Name ?? "none"}")) +
                "): beds of one study must be of one tracer");
        var nuclide = nuclides[0] ?? throw new ProcedureInputException(
            $"{ReconstructionService.Label(tomo[0])}: the Radiopharmaceutical Information Sequence (0054,0016) names no known radionuclide: no half-life for decay correction");
        var beds = new List<TumourBed>();
        string? protocol = null;
        foreach (var a in tomo)
        {
            var start = a.AcquisitionDateTime ?? throw new ProcedureInputException(
                $"{ReconstructionService.Label(a)}: Acquisition Date/Time (0008,0022/0032) is missing: beds cannot be decay-corrected to one time or counted into days");
            Reconstruction.Acquisition.TomoProjections projections;
            try { projections = Reconstruction.Acquisition.TomoProjectionLoader.Load(a); }
            catch (Exception e) when (e is SpectGeometryException or Imaging.StudyValidationException or ArgumentException) { throw new ProcedureInputException($"{ReconstructionService.Label(a)}: {e.Message}", e); }
            var ct = CtFor(a, projections, cts ?? [], warnings);
            var settings = Settings(a, cf, warnings, ct?.Volume);
            ReconstructedSeries r;
            try { r = ReconstructionService.Reconstruct(a, projections, settings, progress); }
            catch (ReconstructionException e) { throw new ProcedureInputException(e.Message, e); }
            catch (SpectGeometryException e) { throw new ProcedureInputException($"{ReconstructionService.Label(a)}: {e.Message}", e); }
            catch (ArgumentException e) { throw new ProcedureInputException($"{ReconstructionService.Label(a)}: {e.Message}", e); }
            warnings.AddRange(r.Tomo.Warnings.Select(w => $"{ReconstructionService.Label(a)}: {w}"));
            var v = r.Volume;
            double zc = r.Tomo.VolumeCentreMm.Z, half = (v.SizeZ - 1) / 2.0 * v.VoxelSizeZMm;
            beds.Add(new TumourBed(a, r, start, zc - half, zc + half) { Ct = ct });
            protocol ??= $"{r.Description} (attenuation: {r.AttenuationLabel})" + (r.Tomo.Peaks.Count > 1
                ? $"; photopeak windows at {ListOf(r.Tomo.Peaks.Select(p => FormattableString.Invariant($"{p.CentreKeV:0}")).ToList())} keV summed, each with its own scatter estimate"
                : "");
        }
        var days = beds.GroupBy(b => b.Start.Date).OrderBy(g => g.Key).ToList();
        var numbered = new List<TumourBed>();
        for (var d = 0; d < days.Count; d++)
        {
            // Areas from the head down; a bed sharing more than half its length with an earlier one images the same area again.
            var areas = new List<TumourBed>();
            foreach (var b in days[d].OrderByDescending(b => (b.ZMinMm + b.ZMaxMm) / 2))
            {
                var same = areas.FirstOrDefault(x => b.OverlapMm(x) > 0.5 * Math.Min(b.LengthMm, x.LengthMm));
                var area = same?.Area ?? areas.Select(x => x.Area).DefaultIfEmpty(0).Max() + 1;
                var numberedBed = b with { Day = d + 1, Area = area };
                areas.Add(numberedBed);
                numbered.Add(numberedBed);
            }
        }
        var result = numbered.GroupBy(b => b.Day).OrderBy(g => g.Key)
            .Select(g => Join(g.Key, g.OrderBy(b => b.Start).ToList(), nuclide, cf is not null, warnings)).ToList();
        return (result, warnings, protocol!);
    }

    /// <summary>The CT of the bed's frame of reference covering most of its axial field (at least half), or null with a warning
    /// when CT series exist but none fits.</summary>
    private static CtSeriesVolume? CtFor(NmAcquisition a, Reconstruction.Acquisition.TomoProjections geometry, IReadOnlyList<CtSeriesVolume> cts, List<string> warnings)
    {
        if (cts.Count == 0) return null;
        var label = ReconstructionService.Label(a);
        var registered = cts.Where(c => a.FrameOfReferenceUid is not null && c.FrameOfReferenceUid == a.FrameOfReferenceUid).ToList();
        if (registered.Count == 0)
        {
            warnings.Add($"{label}: no CT series shares its Frame of Reference UID (0020,0052) {a.FrameOfReferenceUid ?? "(missing)"} (CT: " +
                string.Join(", ", cts.Select(c => $"'{c.Description}' {c.FrameOfReferenceUid ?? "(missing)"}")) +
                "): not registered with the SPECT, so not used; body-contour Chang attenuation correction and no CT localisation");
            return null;
        }
        var g = geometry.Photopeak.Geometry;
        double half = (g.Rows - 1) / 2.0 * g.SliceSpacingMm, zc = geometry.VolumeCentreMm.Z, length = 2 * half;
        var best = registered.Select(c => (Ct: c, Overlap: Math.Max(0, Math.Min(zc + half, c.ZMaxMm) - Math.Max(zc - half, c.ZMinMm))))
            .OrderByDescending(x => x.Overlap).First();
        if (best.Overlap >= length - g.SliceSpacingMm) return best.Ct;
        if (best.Overlap >= 0.5 * length)
        {
            warnings.Add(FormattableString.Invariant($"{label}: the CT covers z {best.Ct.ZMinMm:0} to {best.Ct.ZMaxMm:0} mm of the bed's {zc - half:0} to {zc + half:0} mm: beyond it the μ-map is air (right where the body ends there, too little attenuation correction if not)"));
            return best.Ct;
        }
        warnings.Add(FormattableString.Invariant($"{label}: the CT of its frame of reference covers {100 * best.Overlap / length:0} % of its axial field (z {zc - half:0} to {zc + half:0} mm): body-contour Chang attenuation correction"));
        return null;
    }

    // "93, 185 and 300".
    private static string ListOf(IReadOnlyList<string> items) =>
        items.Count < 2 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    /// <summary>The reconstruction protocol of a bed (also the one a site calibrates with: <c>recon</c> with the same options,
    /// or this record with <see cref="ReconstructionSettings.CylinderMBq"/>); limits of the header go to <paramref name="warnings"/>.</summary>
    public static ReconstructionSettings Settings(NmAcquisition a, double? cf, List<string> warnings, PatientVolume? ct = null)
    {
        var label = ReconstructionService.Label(a);
        var collimator = a.Detectors.Select(d => d.CollimatorName).FirstOrDefault(n => n is not null);
        bool psf = CollimatorCatalogue.Find(collimator) is not null;
        if (!psf) warnings.Add($"{label}: collimator '{collimator ?? "not named"}' (0018,1180) is not in the catalogue: reconstructed without collimator response");
        // Scatter: TEW when a photopeak has windows on both sides, DEW with a lower one only [Ogawa1991][Jaszczak1984], the
        // scatter windows being the ones the loader reads (EnergyWindowSelector.For: one rule for both). A multi-line nuclide is
        // reconstructed from all its photopeak windows, each with the scatter windows it has (a line without any is left
        // uncorrected, with a warning from the loader).
        var selected = Reconstruction.Acquisition.EnergyWindowSelector.For(a, a.SourcePath);
        var scatter = selected.Any(p => p.Lower is not null && p.Upper is not null) ? ScatterCorrection.Tew
            : selected.Any(p => p.Lower is not null) ? ScatterCorrection.Dew : ScatterCorrection.None;
        if (scatter == ScatterCorrection.None) warnings.Add($"{label}: no scatter window beside the photopeak: reconstructed without scatter correction");
        var views = a.Detectors.Count * (a.Rotations.FirstOrDefault()?.FramesInRotation ?? 0);
        int subsets = Subsets;
        while (views > 0 && subsets > 1 && views % subsets != 0) subsets--;
        return new ReconstructionSettings
        {
            Method = ReconstructionMethod.Osem, Iterations = Iterations, Subsets = subsets,
            Attenuation = ct is null ? AttenuationCorrection.Chang : AttenuationCorrection.Ct,
            Ct = ct is null ? null : (ct.Volume, (ct.CentreMm.X, ct.CentreMm.Y, ct.CentreMm.Z)),
            CollimatorResponse = psf, Collimator = psf ? collimator : null, Scatter = scatter,
            CfCpsPerMBq = cf,
        };
    }

    private static TumourVolume Join(int day, List<TumourBed> beds, Radionuclide nuclide, bool calibrated, List<string> warnings)
    {
        var reference = beds[0].Start;
        var placed = new List<(PatientVolume Volume, TumourBed Bed, float Scale)>();
        foreach (var b in beds)
        {
            var r = b.Reconstruction;
            // Counts per view → count rate per ml at this bed's start; Bq/ml are already at the bed's start. Then decay to the
            // day's reference (the first bed's start): × 2^(Δt/T½) [CLINICAL 1.2].
            double toReference = Math.Pow(2, (b.Start - reference).TotalHours / nuclide.HalfLifeHours);
            double scale;
            if (calibrated) scale = toReference;
            else
            {
                AcquisitionTiming timing;
                try { timing = AcquisitionTiming.Of(r.Tomo, nuclide.HalfLifeHours); }
                catch (ArgumentException e) { throw new ProcedureInputException($"{ReconstructionService.Label(b.Acquisition)}: {e.Message}", e); }
                scale = timing.DecayCorrectedCountsPerSecond(1) / r.Volume.VoxelVolumeMl * toReference;
            }
            var c = r.Tomo.VolumeCentreMm;
            placed.Add((new PatientVolume(r.Volume, new Vector3((float)c.X, (float)c.Y, (float)c.Z)), b, (float)scale));
        }
        var first = placed[0].Volume;
        var v0 = first.Volume;
        double dz = v0.VoxelSizeZMm, zMax = beds.Max(b => b.ZMaxMm), zMin = beds.Min(b => b.ZMinMm);
        int nz = (int)Math.Round((zMax - zMin) / dz) + 1;
        var joined = new Volume3D(v0.SizeX, v0.SizeY, nz, v0.VoxelSizeXMm, v0.VoxelSizeYMm, dz);
        var centre = new Vector3(first.CentreMm.X, first.CentreMm.Y, (float)((zMax + zMin) / 2));
        var result = new PatientVolume(joined, centre);
        int nx = joined.SizeX, ny = joined.SizeY;
        Parallel.For(0, nz, z =>
        {
            var zMm = result.PositionMm(0, 0, z).Z;
            Span<float> weights = stackalloc float[placed.Count];
            float total = 0;
            for (var i = 0; i < placed.Count; i++)
            {
                // Linear weight over the overlap: distance to the bed's own axial end, so the noisy end slices count least.
                var b = placed[i].Bed;
                // Beyond its end slices a bed samples as 0: it must not be averaged in there.
                weights[i] = zMm < b.ZMinMm || zMm > b.ZMaxMm ? 0 : (float)Math.Min(zMm - b.ZMinMm, b.ZMaxMm - zMm) + 0.5f * (float)dz;
                total += weights[i];
            }
            if (total <= 0) return;
            for (var y = 0; y < ny; y++)
            for (var x = 0; x < nx; x++)
            {
                var p = result.PositionMm(x, y, z);
                float sum = 0;
                for (var i = 0; i < placed.Count; i++)
                    if (weights[i] > 0) sum += weights[i] * placed[i].Scale * placed[i].Volume.Sample(p);
                joined[x, y, z] = sum / total;
            }
        });
        // Gaps between axially neighbouring beds (lowest first) are not imaged.
        var byZ = beds.OrderBy(b => b.ZMinMm).ToList();
        var coveredTop = byZ[0].ZMaxMm;
        foreach (var b in byZ.Skip(1))
        {
            if (b.ZMinMm - coveredTop > dz)
                warnings.Add(string.Format(CultureInfo.InvariantCulture, "day {0}: {1:0} mm between z {2:0} and {3:0} mm are not imaged (below {4})",
                    day, b.ZMinMm - coveredTop, coveredTop, b.ZMinMm, ReconstructionService.Label(b.Acquisition)));
            coveredTop = Math.Max(coveredTop, b.ZMaxMm);
        }
        return new TumourVolume(day, reference, result, beds, calibrated ? "Bq/ml" : "cps/ml");
    }
}
