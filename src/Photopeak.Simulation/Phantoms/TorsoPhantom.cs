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
        /// <summary>Whole-body phantom: head (vertex at z = 490 mm; narrowest where it meets the top of the neck cylinder, z = 280 mm) and brain.</summary>
        public static readonly Ellipsoid Head = new(new Vector3(0, -5, 375), new Vector3(78, 95, 115));
        public static readonly Ellipsoid Brain = new(new Vector3(0, 0, 400), new Vector3(62, 80, 68));
        /// <summary>z (mm) of the head–neck junction of the whole-body phantom (top of the neck cylinder, the body's narrowest level).</summary>
        public const float HeadNeckJunctionZMm = 280;
    }

    private readonly Phantom staticPhantom;

    public TorsoParameters Parameters { get; }
    public HeartModel Heart { get; }
    public VoxelGrid Grid { get; }

    public TorsoPhantom(TorsoParameters parameters)
    {
        Parameters = parameters;
        Heart = parameters.HeartOrDefault;
        var depth = parameters.Breasts is null ? VoxelGrid.TorsoDepthMm : VoxelGrid.FemaleTorsoDepthMm;
        Grid = parameters.WholeBody ? VoxelGrid.WholeBody(parameters.VoxelMm, depth) : VoxelGrid.Torso(parameters.VoxelMm, depth);
        var available = new float[Grid.Count];
        Array.Fill(available, 1f);
        staticPhantom = new Phantom(Grid, Rasteriser.Rasterise(Grid, StaticParts(parameters), available, parameters.SubSamples));
    }

    /// <summary>How far the body reaches from the origin along the transverse direction (nx, ny), mm: the chest's 170 × 110 mm
    /// ellipse, or the breasts where they reach further (a detector must clear both).</summary>
    public double OutlineSupportMm(double nx, double ny)
    {
        var chest = Math.Sqrt(170 * 170 * nx * nx + 110 * 110 * ny * ny);
        return Parameters.Breasts is { } b ? Math.Max(chest, b.SupportMm(nx, ny)) : chest;
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
        if (p.WholeBody)
        {
            // Head, brain (~1.4 l, ICRP 89 adult brain 1.3–1.45 kg [?]) and stomach; the stomach sits in the left upper abdomen,
            // anterior to the spleen and below the left lung, and yields to the organs listed before it.
            parts.Insert(0, new OrganPart(Organ.Brain, Anatomy.Brain));
            parts.Add(new OrganPart(Organ.Stomach, new Ellipsoid(new Vector3(55, -45, -120), new Vector3(40, 30, 55))));
        }
        foreach (var breast in p.Breasts?.Shapes ?? []) parts.Add(new OrganPart(Organ.Body, breast));
        parts.Add(new OrganPart(Organ.Body, new ZCylinder(0, 0, 170, 110, -275, 175)));
        parts.Add(new OrganPart(Organ.Body, new ZCylinder(0, -10, 60, 55, 175, 280)));
        if (p.WholeBody)
        {
            parts.Add(new OrganPart(Organ.Body, Anatomy.Head));
            parts.Add(new OrganPart(Organ.Body, new ZCylinder(-85, 0, 75, 75, -1180, -275)));
            parts.Add(new OrganPart(Organ.Body, new ZCylinder(85, 0, 75, 75, -1180, -275)));
        }
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
