using Photopeak.Imaging.Acquisitions;

namespace Photopeak.Imaging.Studies;

/// <summary>The series of one Study Instance UID, ordered by Series Number then UID.</summary>
public sealed record Study(string StudyInstanceUid, IReadOnlyList<Series> Series)
{
    /// <summary>Patient ID of the first instance (never the name).</summary>
    public string? PatientId => First.PatientId;

    /// <summary>Patient, study and request attributes of the first instance, for reports (never logged: see its ToString).</summary>
    public StudyHeader Header => First.Header;

    public DateOnly? StudyDate => First.StudyDate ?? First.SeriesDate;

    /// <summary>Every acquisition of the study.</summary>
    public IEnumerable<NmAcquisition> Acquisitions => Series.SelectMany(s => s.Acquisitions);

    private NmAcquisition First => Series[0].Acquisitions[0];

    /// <summary>The planar acquisitions in study order (series, then instance), whose detectors <see cref="WithStatedViews"/> assigns.</summary>
    public IEnumerable<NmAcquisition> PlanarAcquisitions => Acquisitions.Where(a => a.PlanarViewCount > 0);

    /// <summary>
    /// The study with the planar views the user stated (<c>process --views ANT,POST</c>): one per detector of each planar
    /// acquisition, in study order. Throws <see cref="ArgumentException"/> when the count differs from the views the study holds.
    /// </summary>
    public Study WithStatedViews(IReadOnlyList<ViewKind> views)
    {
        var held = PlanarAcquisitions.Sum(a => a.PlanarViewCount);
        if (views.Count != held)
            throw new ArgumentException($"{views.Count} views stated, but the study holds {held} planar views " +
                $"({string.Join(", ", PlanarAcquisitions.Select(a => $"{Path.GetFileName(a.SourcePath) ?? a.SopInstanceUid}: {a.PlanarViewCount}"))})", nameof(views));
        var next = 0;
        NmAcquisition Assign(NmAcquisition a)
        {
            if (a.PlanarViewCount == 0) return a;
            var mine = views.Skip(next).Take(a.PlanarViewCount).ToList();
            next += mine.Count;
            return a.WithStatedViews(mine);
        }
        return this with { Series = Series.Select(s => s with { Acquisitions = s.Acquisitions.Select(Assign).ToList() }).ToList() };
    }
}
