using Photopeak.Simulation.Phantoms;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Relative concentrations of Tc-99m labelled red cells at equilibrium (blood = 1): organs by their blood
/// content (liver and spleen ~0.3–0.5, lung tissue ~0.2 per ml of lung, tissue ~0.05) [?: approximate blood volumes,
/// ICRP 89].</summary>
public static class BloodPool
{
    public static Dictionary<Organ, double> Relative() => new()
    {
        [Organ.LvBloodPool] = 1, [Organ.RvBloodPool] = 1, [Organ.LeftAtrium] = 1, [Organ.RightAtrium] = 1,
        [Organ.AscendingAorta] = 1, [Organ.DescendingAorta] = 1, [Organ.SuperiorVenaCava] = 1, [Organ.PulmonaryTrunk] = 1,
        [Organ.LvMyocardium] = 0.1, [Organ.HeartRegion] = 0.08, [Organ.UpperMediastinum] = 0.12, [Organ.Body] = 0.05,
        [Organ.RightLung] = 0.18, [Organ.LeftLung] = 0.18, [Organ.Liver] = 0.3, [Organ.Spleen] = 0.5,
        [Organ.RightKidney] = 0.25, [Organ.LeftKidney] = 0.25, [Organ.Spine] = 0.05, [Organ.Thyroid] = 0.1,
    };
}
