using Photopeak.Simulation.Physics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>A voxelised phantom: organ occupancy masks on a grid. Activity and μ maps are derived from it.</summary>
public sealed class Phantom(VoxelGrid grid, IReadOnlyDictionary<Organ, OrganMask> organs)
{
    public VoxelGrid Grid { get; } = grid;
    public IReadOnlyDictionary<Organ, OrganMask> Organs { get; } = organs;

    public OrganMask this[Organ organ] => Organs.TryGetValue(organ, out var m) ? m : OrganMask.Empty;

    /// <summary>Occupied volume of an organ in ml, from its voxel fractions.</summary>
    public double VolumeMl(Organ organ) => this[organ].VolumeMl(Grid);

    /// <summary>Linear attenuation map (per mm) at the photon energy, mixing partial-volume fractions.</summary>
    public float[] MuMapPerMm(double keV)
    {
        var mu = new float[Grid.Count];
        foreach (var (organ, mask) in Organs)
        {
            var m = (float)AttenuationCoefficients.PerMm(OrganTissue.Of(organ), keV);
            for (var n = 0; n < mask.Indices.Length; n++) mu[mask.Indices[n]] += m * mask.Fractions[n];
        }
        return mu;
    }

    /// <summary>CT numbers (HU) mixing partial-volume fractions; what no organ fills is air.</summary>
    public float[] HounsfieldUnits()
    {
        var hu = new float[Grid.Count];
        var filled = new float[Grid.Count];
        foreach (var (organ, mask) in Organs)
        {
            var h = AttenuationCoefficients.HounsfieldUnits(OrganTissue.Of(organ));
            for (var n = 0; n < mask.Indices.Length; n++) { hu[mask.Indices[n]] += h * mask.Fractions[n]; filled[mask.Indices[n]] += mask.Fractions[n]; }
        }
        for (var i = 0; i < hu.Length; i++) hu[i] += AttenuationCoefficients.HounsfieldUnits(Tissue.Air) * Math.Max(0, 1 - filled[i]);
        return hu;
    }

    /// <summary>Activity map in MBq per voxel from organ activities (MBq), spread over each organ by uptake weight.</summary>
    public float[] ActivityMapMBq(IReadOnlyDictionary<Organ, double> organActivityMBq)
    {
        var map = new float[Grid.Count];
        AddActivity(map, organActivityMBq);
        return map;
    }

    /// <summary>Adds organ activities (MBq) into an existing map.</summary>
    public void AddActivity(float[] map, IReadOnlyDictionary<Organ, double> organActivityMBq)
    {
        foreach (var (organ, activity) in organActivityMBq)
        {
            if (activity == 0 || !Organs.TryGetValue(organ, out var mask)) continue;
            var weighted = mask.WeightedVolumeMl(Grid);
            if (weighted <= 0) continue;
            var perFraction = (float)(activity / (weighted / Grid.VoxelMl));
            for (var n = 0; n < mask.Indices.Length; n++) map[mask.Indices[n]] += perFraction * mask.UptakeWeighted[n];
        }
    }

    /// <summary>Organ activities (MBq) from concentrations relative to a reference, scaled to a total.</summary>
    public Dictionary<Organ, double> ActivitiesFromRelativeConcentration(IReadOnlyDictionary<Organ, double> relative, double totalMBq)
    {
        double sum = 0;
        foreach (var (organ, c) in relative) sum += c * this[organ].WeightedVolumeMl(Grid);
        var result = new Dictionary<Organ, double>();
        foreach (var (organ, c) in relative) result[organ] = sum > 0 ? totalMBq * c * this[organ].WeightedVolumeMl(Grid) / sum : 0;
        return result;
    }

    /// <summary>Merges masks from a second rasterisation (e.g. the heart at one cardiac phase) into a copy of this phantom.</summary>
    public Phantom With(IReadOnlyDictionary<Organ, OrganMask> replacements)
    {
        var merged = new Dictionary<Organ, OrganMask>(Organs);
        foreach (var (organ, mask) in replacements) merged[organ] = mask;
        return new Phantom(Grid, merged);
    }
}
