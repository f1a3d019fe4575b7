using System.Numerics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>An adult torso (pelvis to neck) built from analytic shapes: body outline, spine, lungs with named segments,
/// upper mediastinum, great vessels, a beating heart, liver, spleen, kidneys, thyroid, bladder and spherical lesions.
/// The static organs are rasterised once; the heart is rasterised per cardiac phase inside a fixed pericardial region.</summary>
public sealed class TorsoPhantom
{
    /// <summary>Approximate anatomy in mm (LPS, origin mid-chest); sizes follow ICRP 89 reference-adult organ volumes
    /// loosely (liver ~1.8 l, kidneys ~150 ml each, thyroid ~20 ml) [?].</summary>
    public static class Anatomy
    {
        public static readonly Ellipsoid RightLung = new(new Vector3(-85, 15, 65), new Vector3(62, 80, 125));
        public static readonly Ellipsoid LeftLung = new(new Vector3(85, 15, 70), new Vector3(58, 80, 120));
        public static readonly Ellipsoid HeartRegion = new(new Vector3(15, -30, 10), new Vector3(85, 72, 80));
        public static readonly ZCylinder UpperMediastinum = new(0, -5, 32, 40, 85, 175);
        public static readonly Ellipsoid Liver = new(new Vector3(-65, -5, -95), new Vector3(100, 85, 75));
    }

    private readonly Phantom staticPhantom;

    public TorsoParameters Parameters { get; }
    public HeartModel Heart { get; }
    public VoxelGrid Grid { get; }

    public TorsoPhantom(TorsoParameters parameters)
    {
        Parameters = parameters;
        Heart = parameters.HeartOrDefault;
        Grid = VoxelGrid.Torso(parameters.VoxelMm);
        var available = new float[Grid.Count];
        Array.Fill(available, 1f);
        staticPhantom = new Phantom(Grid, Rasteriser.Rasterise(Grid, StaticParts(parameters), available, parameters.SubSamples));
    }

    /// <summary>The phantom without heart chambers (the pericardial region is soft tissue).</summary>
    public Phantom Static => staticPhantom;

    /// <summary>The complete phantom at a cardiac phase in [0, 1) (0 = end-diastole).</summary>
    public Phantom AtPhase(double phase)
    {
        var region = staticPhantom[Organ.HeartRegion];
        var available = new float[Grid.Count];
        for (var n = 0; n < region.Indices.Length; n++) available[region.Indices[n]] = region.Fractions[n];
        var heart = Rasteriser.Rasterise(Grid, Heart.Parts(phase), available, Parameters.SubSamples);
        var left = new List<int>(); var fr = new List<float>();
        foreach (var index in region.Indices)
            if (available[index] > 0) { left.Add(index); fr.Add(available[index]); }
        heart[Organ.HeartRegion] = new OrganMask([.. left], [.. fr], [.. fr]);
        return staticPhantom.With(heart);
    }

    private static List<OrganPart> StaticParts(TorsoParameters p)
    {
        var parts = new List<OrganPart>();
        var lesions = p.Lesions ?? [];
        for (var i = 0; i < lesions.Count; i++)
            parts.Add(new OrganPart(OrganTissue.Lesion(i + 1), new Ellipsoid(lesions[i].CentreMm, new Vector3((float)lesions[i].RadiusMm))));
        parts.Add(new OrganPart(Organ.Thyroid, new Ellipsoid(new Vector3(-17, -30, 215), new Vector3(9, 10, 22))));
        parts.Add(new OrganPart(Organ.Thyroid, new Ellipsoid(new Vector3(17, -30, 215), new Vector3(9, 10, 22))));
        parts.Add(new OrganPart(Organ.AscendingAorta, new Cylinder(new Vector3(12, -22, 40), new Vector3(5, -15, 125), 14)));
        parts.Add(new OrganPart(Organ.AscendingAorta, new Cylinder(new Vector3(5, -15, 125), new Vector3(20, 38, 125), 12)));
        parts.Add(new OrganPart(Organ.DescendingAorta, new Cylinder(new Vector3(20, 38, 125), new Vector3(12, 45, -200), 11)));
        parts.Add(new OrganPart(Organ.SuperiorVenaCava, new Cylinder(new Vector3(-30, -12, 35), new Vector3(-28, -8, 170), 10)));
        parts.Add(new OrganPart(Organ.PulmonaryTrunk, new Cylinder(new Vector3(-8, -58, 35), new Vector3(12, -30, 88), 13)));
        parts.Add(new OrganPart(Organ.HeartRegion, Anatomy.HeartRegion));
        parts.Add(new OrganPart(Organ.UpperMediastinum, Anatomy.UpperMediastinum));
        parts.Add(new OrganPart(Organ.RightKidney, new Ellipsoid(new Vector3(-70, 55, -170), new Vector3(30, 25, 55))));
        parts.Add(new OrganPart(Organ.LeftKidney, new Ellipsoid(new Vector3(70, 55, -160), new Vector3(30, 25, 55))));
        parts.Add(new OrganPart(Organ.Spleen, new Ellipsoid(new Vector3(95, 45, -80), new Vector3(35, 40, 55))));
        parts.Add(new OrganPart(Organ.Liver, Anatomy.Liver));
        parts.Add(new OrganPart(Organ.Bladder, new Ellipsoid(new Vector3(0, -40, -235), new Vector3(45, 40, 32))));
        parts.Add(new OrganPart(Organ.Spine, new ZCylinder(0, 80, 18, 18, -275, 280)));
        var defects = (p.LungDefects ?? []).Select(d => (Segment: LungSegment.Parse(d.SegmentCode), d.ResidualUptake)).ToArray();
        parts.Add(new OrganPart(Organ.RightLung, Anatomy.RightLung, LungUptake(defects, right: true)));
        parts.Add(new OrganPart(Organ.LeftLung, Anatomy.LeftLung, LungUptake(defects, right: false)));
        parts.Add(new OrganPart(Organ.Body, new ZCylinder(0, 0, 170, 110, -275, 175)));
        parts.Add(new OrganPart(Organ.Body, new ZCylinder(0, -10, 60, 55, 175, 280)));
        return parts;
    }

    private static Func<Vector3, float>? LungUptake((LungSegment Segment, double Residual)[] defects, bool right)
    {
        var mine = defects.Where(d => d.Segment.Right == right).Select(d => (d.Segment.Wedge, (float)d.Residual)).ToArray();
        if (mine.Length == 0) return null;
        return pos =>
        {
            var f = 1f;
            foreach (var (wedge, residual) in mine) if (wedge.Contains(pos)) f = Math.Min(f, residual);
            return f;
        };
    }
}
