using Photopeak.Simulation.Physics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>Labelled compartments of the torso phantom; each has its own activity concentration.</summary>
public enum Organ
{
    Body, Spine, RightLung, LeftLung, UpperMediastinum, HeartRegion,
    LvMyocardium, LvBloodPool, RvBloodPool, LeftAtrium, RightAtrium, AscendingAorta, DescendingAorta, SuperiorVenaCava, PulmonaryTrunk,
    Liver, Spleen, RightKidney, LeftKidney, Thyroid, Bladder, Lesion1, Lesion2, Lesion3, Lesion4, Lesion5, Lesion6,
    // Whole-body phantom only (TorsoParameters.WholeBody): head and legs are Body; the brain and stomach have their own uptake.
    Brain, Stomach,
}

/// <summary>Material of each organ (for the μ-map).</summary>
public static class OrganTissue
{
    public static Tissue Of(Organ organ) => organ switch
    {
        Organ.Spine => Tissue.Bone,
        Organ.RightLung or Organ.LeftLung => Tissue.Lung,
        _ => Tissue.SoftTissue,
    };

    /// <summary>The organ label of lesion number n (1-based).</summary>
    public static Organ Lesion(int n) => n is >= 1 and <= 6 ? Organ.Lesion1 + (n - 1) : throw new ArgumentOutOfRangeException(nameof(n), "1 to 6 lesions");
}
