using System.Numerics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>A beating heart: the LV cavity is a half prolate ellipsoid (base plane to apex, long semi-axis = 2 × short)
/// inside a myocardial shell whose volume stays constant, so the wall thickens as the cavity shrinks. RV, atria follow.
/// Regional uptake can be reduced per AHA 17-segment (Cerqueira 2002). <paramref name="LongAxisDirection"/> (base to apex,
/// patient LPS) tilts the LV about its base centre for phantoms unlike the default heart; null keeps <see cref="LongAxis"/>
/// (the AHA segment map always uses the default axes). <paramref name="LateralDelay"/> (fraction of the cycle) makes the
/// lateral half of the LV (away from the septum) move that much later than the septal half: LV dyssynchrony.
/// <paramref name="AbnormalWall"/> makes one wall move less than the rest (or outwards): a regional wall-motion abnormality;
/// <paramref name="EdvMl"/> and <paramref name="EsvMl"/> then describe the contracting rest, and <see cref="LvVolumeMl"/> the
/// whole cavity. <paramref name="BaseDescent"/> is the share of the cavity's long-axis shortening that the base (the AV plane)
/// carries towards the apex: 1 keeps the apex still, as in real hearts; 0 keeps the base plane still and moves the apex.</summary>
public sealed record HeartModel(
    double EdvMl = 120, double EsvMl = 50, double RvEdvMl = 130, double RvEsvMl = 65, double WallEdMm = 9,
    IReadOnlyDictionary<int, double>? SegmentUptake = null, Vector3? LongAxisDirection = null, double LateralDelay = 0,
    RegionalWallMotion? AbnormalWall = null, double BaseDescent = 0)
{
    /// <summary>The share of the long-axis shortening the base carries (0–1; see the record's summary).</summary>
    public double BaseDescent { get => baseDescent; init => baseDescent = ValidBaseDescent(value); }
    private readonly double baseDescent = ValidBaseDescent(BaseDescent);

    private static double ValidBaseDescent(double share) => share is >= 0 and <= 1 ? share
        : throw new ArgumentOutOfRangeException(nameof(BaseDescent), share, "the base carries a share of 0 to 1 of the long-axis shortening");

    /// <summary>This heart's long axis, base to apex (unit vector).</summary>
    public Vector3 Axis => LongAxisDirection is { } d ? Vector3.Normalize(d) : LongAxis;

    /// <summary>This heart's anterior-wall direction, perpendicular to <see cref="Axis"/> (as <see cref="AnteriorAxis"/>).</summary>
    public Vector3 Anterior => LongAxisDirection is null ? AnteriorAxis : AnteriorFor(Axis);

    /// <summary>This heart's septal direction (as <see cref="SeptalAxis"/>).</summary>
    public Vector3 Septal => LongAxisDirection is null ? SeptalAxis : SeptalFor(Axis, Anterior);

    private static Vector3 AnteriorFor(Vector3 axis)
    {
        var inferior = new Vector3(0, 0.3f, -1);
        inferior -= Vector3.Dot(inferior, axis) * axis;
        return -Vector3.Normalize(inferior);
    }

    private static Vector3 SeptalFor(Vector3 axis, Vector3 anterior)
    {
        var s = Vector3.Normalize(Vector3.Cross(axis, anterior));
        return s.X < 0 ? s : -s;
    }

    public const double LongToShortRatio = 2.0;
    /// <summary>The base plane's centre at <see cref="UngatedPhase"/>: ungated images see the heart there, wherever
    /// <see cref="BaseDescent"/> moves the base over the cycle.</summary>
    public static readonly Vector3 BaseCentre = new(15, -20, 25);

    /// <summary>The phase whose heart ungated (static) images show: early filling, 65 ml of a 120/50 ml LV (the cycle's time
    /// mean is 85 ml).</summary>
    public const double UngatedPhase = 0.55;

    /// <summary>The base plane's centre at a phase: moved by <see cref="BaseDescent"/> times the long semi-axis's change since
    /// <see cref="UngatedPhase"/>. In systole the AV plane descends towards a nearly still apex by about the cavity's long-axis
    /// shortening, some 15 mm in healthy hearts and much less in dilated failing ones [Carlsson2007]; this model's ellipsoid
    /// shortens 15 mm at EF 58 % and EDV 120 ml, 6 mm at EF 20 % and 250 ml.</summary>
    public Vector3 BaseAt(double phase) => BaseDescent == 0 ? BaseCentre
        : BaseCentre + Axis * (float)(BaseDescent * LongToShortRatio * (ShortAxisMm(ContractingVolumeMl(UngatedPhase)) - ShortAxisMm(ContractingVolumeMl(phase))));

    // Long axis from base to apex: to the patient's left, anterior and inferior.
    public static readonly Vector3 LongAxis = Vector3.Normalize(new Vector3(0.55f, -0.5f, -0.65f));

    /// <summary>Anterior-wall reference direction (perpendicular to the long axis): minus the inferior wall direction,
    /// which faces the diaphragm.</summary>
    public static Vector3 AnteriorAxis
    {
        get
        {
            var inferior = new Vector3(0, 0.3f, -1);
            inferior -= Vector3.Dot(inferior, LongAxis) * LongAxis;
            return -Vector3.Normalize(inferior);
        }
    }

    /// <summary>Septal direction (towards the RV), perpendicular to the long and anterior axes.</summary>
    public static Vector3 SeptalAxis
    {
        get
        {
            var s = Vector3.Normalize(Vector3.Cross(LongAxis, AnteriorAxis));
            return s.X < 0 ? s : -s; // septum faces the patient's right (−x)
        }
    }

    /// <summary>LV cavity volume (ml) at a cycle phase in [0, 1): end-diastole at 0, end-systole at 0.35, a cosine
    /// ejection then a cosine filling. With an abnormal wall, its wedge (the share of the cavity its arc about the long
    /// axis holds: a wedge of an ellipsoid of revolution) follows its own volume.</summary>
    public double LvVolumeMl(double phase) => AbnormalWall is { } wall
        ? (1 - wall.ArcDegrees / 360) * ContractingVolumeMl(phase) + wall.ArcDegrees / 360 * AbnormalVolumeMl(phase, wall)
        : ContractingVolumeMl(phase);

    /// <summary>The whole LV's stroke volume, ml: <see cref="EdvMl"/> − <see cref="EsvMl"/>, less where a wall moves
    /// abnormally (a dyskinetic wall takes blood back in systole).</summary>
    public double LvStrokeMl => AbnormalWall is null ? EdvMl - EsvMl : LvVolumeMl(0) - LvVolumeMl(EndSystolePhase);

    // The normally contracting LV, whose shape the cavity has outside an abnormal wall's wedge.
    private double ContractingVolumeMl(double phase) => Volume(phase, EdvMl, EsvMl);

    // An abnormal wall's wedge moves as a whole LV whose stroke volume is scaled by the wall's motion factor.
    private double AbnormalVolumeMl(double phase, RegionalWallMotion wall) => EdvMl - wall.MotionFactor * (EdvMl - ContractingVolumeMl(phase));
    public double RvVolumeMl(double phase) => Volume(phase, RvEdvMl, RvEsvMl);

    /// <summary>Phase of end-systole.</summary>
    public const double EndSystolePhase = 0.35;

    private static double Volume(double phase, double ed, double es)
    {
        phase -= Math.Floor(phase);
        return phase < EndSystolePhase
            ? es + (ed - es) * (1 + Math.Cos(Math.PI * phase / EndSystolePhase)) / 2
            : ed - (ed - es) * (1 + Math.Cos(Math.PI * (phase - EndSystolePhase) / (1 - EndSystolePhase))) / 2;
    }

    /// <summary>Short semi-axis (mm) of a half-ellipsoid cavity of the given volume: V = 2/3 π b² (ratio·b).</summary>
    public static double ShortAxisMm(double volumeMl) => Math.Cbrt(volumeMl * 1000 / (2.0 / 3.0 * Math.PI * LongToShortRatio));

    /// <summary>Analytic myocardial volume (ml), constant over the cycle.</summary>
    public double MyocardiumMl => ShellVolume(ShortAxisMm(EdvMl), WallEdMm);

    private static double ShellVolume(double b, double w) =>
        2.0 / 3.0 * Math.PI * ((b + w) * (b + w) * (LongToShortRatio * b + w) - b * b * LongToShortRatio * b) / 1000;

    /// <summary>Wall thickness (mm) that keeps the myocardial volume at its end-diastolic value for a cavity volume.</summary>
    public double WallMm(double cavityMl)
    {
        var b = ShortAxisMm(cavityMl);
        double lo = 0, hi = 40;
        for (var i = 0; i < 60; i++) { var mid = (lo + hi) / 2; if (ShellVolume(b, mid) < MyocardiumMl) lo = mid; else hi = mid; }
        return (lo + hi) / 2;
    }

    /// <summary>The AHA segment (1–17) of a myocardial point, for a cavity with the given long semi-axis.</summary>
    public static int Segment(Vector3 p, double cavityLongMm) => Segment(p, cavityLongMm, BaseCentre);

    private static int Segment(Vector3 p, double cavityLongMm, Vector3 baseCentre)
    {
        var d = p - baseCentre;
        var s = Vector3.Dot(d, LongAxis);
        if (s > cavityLongMm) return 17;
        var angle = Math.Atan2(Vector3.Dot(d, SeptalAxis), Vector3.Dot(d, AnteriorAxis)) * 180 / Math.PI; // 0 anterior, +90 septal
        if (angle < 0) angle += 360;
        if (s < cavityLongMm / 3) return 1 + (int)Math.Round(angle / 60) % 6;
        if (s < 2 * cavityLongMm / 3) return 7 + (int)Math.Round(angle / 60) % 6;
        return 13 + (int)Math.Round(angle / 90) % 4;
    }

    /// <summary>AHA names, index = segment number.</summary>
    public static readonly string[] SegmentNames =
    [
        "", "basal anterior", "basal anteroseptal", "basal inferoseptal", "basal inferior", "basal inferolateral", "basal anterolateral",
        "mid anterior", "mid anteroseptal", "mid inferoseptal", "mid inferior", "mid inferolateral", "mid anterolateral",
        "apical anterior", "apical septal", "apical inferior", "apical lateral", "apex",
    ];

    /// <summary>The heart's organ parts at a phase, highest priority first.</summary>
    public IReadOnlyList<OrganPart> Parts(double phase)
    {
        var lvMl = ContractingVolumeMl(phase);
        var b = (float)ShortAxisMm(lvMl);
        var a = (float)(LongToShortRatio * b);
        var w = (float)WallMm(lvMl);
        Vector3 axis = Axis, anterior = Anterior, septal = Septal;
        var baseCentre = BaseAt(phase);
        var apexSide = new HalfSpace(baseCentre, axis);
        Shape cavity = new Ellipsoid(baseCentre, new Vector3(b, b, a), anterior, septal, axis);
        Shape outer = new Ellipsoid(baseCentre, new Vector3(b + w, b + w, a + w), anterior, septal, axis);
        if (LateralDelay != 0)
        {
            // The lateral half takes the shape of the whole LV at the delayed phase; each half keeps its own wall.
            var lateMl = ContractingVolumeMl(phase - LateralDelay);
            var lb = (float)ShortAxisMm(lateMl); var lLong = (float)(LongToShortRatio * lb); var lw = (float)WallMm(lateMl);
            var septalHalf = new HalfSpace(baseCentre, septal); var lateralHalf = new HalfSpace(baseCentre, -septal);
            cavity = cavity.Intersect(septalHalf).Union(new Ellipsoid(baseCentre, new Vector3(lb, lb, lLong), anterior, septal, axis).Intersect(lateralHalf));
            outer = outer.Intersect(septalHalf).Union(new Ellipsoid(baseCentre, new Vector3(lb + lw, lb + lw, lLong + lw), anterior, septal, axis).Intersect(lateralHalf));
        }
        if (AbnormalWall is { } wall)
        {
            // The wedge takes the shape of the whole LV at the abnormal wall's volume, with the wall that volume gives it (an
            // akinetic wall does not thicken).
            var abnormalMl = AbnormalVolumeMl(phase, wall);
            var ab = (float)ShortAxisMm(abnormalMl); var aLong = (float)(LongToShortRatio * ab); var aw = (float)WallMm(abnormalMl);
            var wedge = Wedge(wall, baseCentre, axis, anterior, septal);
            cavity = cavity.Minus(wedge).Union(new Ellipsoid(baseCentre, new Vector3(ab, ab, aLong), anterior, septal, axis).Intersect(wedge));
            outer = outer.Minus(wedge).Union(new Ellipsoid(baseCentre, new Vector3(ab + aw, ab + aw, aLong + aw), anterior, septal, axis).Intersect(wedge));
        }
        var myocardium = outer.Intersect(apexSide).Minus(cavity);
        Func<Vector3, float>? uptake = SegmentUptake is { Count: > 0 } seg
            ? pos => seg.TryGetValue(Segment(pos, a, baseCentre), out var f) ? (float)f : 1f
            : null;

        // RV: a crescent-shaped half ellipsoid wrapped round the septum, sized to its volume (approximate: the LV carves it).
        var rvMl = RvVolumeMl(phase);
        var rb = (float)Math.Cbrt(rvMl * 1000 / (2.0 / 3.0 * Math.PI * 1.6 * 0.55));
        var rvCentre = baseCentre + septal * (b + w + 0.35f * rb) + anterior * 8;
        var rv = new Ellipsoid(rvCentre, new Vector3(rb, 0.55f * rb, 1.6f * rb), anterior, septal, axis).Intersect(apexSide);

        // Atria fill while the ventricles empty: total atrial volume rises by the stroke volumes at end-systole. Their floor, the
        // AV plane, descends with the base while their roof stays: their centres move half as far.
        var atrialShift = (baseCentre - BaseCentre) * 0.5f;
        var laMl = 45 + (LvVolumeMl(0) - LvVolumeMl(phase)) * 0.5;
        var raMl = 45 + (RvEdvMl - rvMl) * 0.5;
        var la = new Ellipsoid(BaseCentre + atrialShift - axis * 22 + new Vector3(5, 28, 8), new Vector3((float)Radius(laMl)));
        var ra = new Ellipsoid(BaseCentre + atrialShift - axis * 12 + new Vector3(-45, 0, 5), new Vector3((float)Radius(raMl)));
        return
        [
            new OrganPart(Organ.LvMyocardium, myocardium, uptake),
            new OrganPart(Organ.LvBloodPool, cavity.Intersect(apexSide)),
            new OrganPart(Organ.RvBloodPool, rv),
            new OrganPart(Organ.LeftAtrium, la),
            new OrganPart(Organ.RightAtrium, ra),
        ];
    }

    /// <summary>Writes each wall's motion factor (wallMotion.WALL.factor: 1 normal, 0 akinetic…) to the truth quantities.</summary>
    public void AddWallMotionTruth(IDictionary<string, double> quantities)
    {
        foreach (var wall in Enum.GetValues<LvWall>())
            quantities[$"wallMotion.{wall.ToString().ToLowerInvariant()}.factor"] = AbnormalWall is { } w && w.Wall == wall ? w.MotionFactor : 1;
    }

    // The wedge about the long axis centred on the wall's direction, ArcDegrees wide: two half-spaces through the axis.
    private static Shape Wedge(RegionalWallMotion wall, Vector3 baseCentre, Vector3 axis, Vector3 anterior, Vector3 septal)
    {
        var centre = wall.Wall switch
        {
            LvWall.Anterior => anterior, LvWall.Septal => septal, LvWall.Inferior => -anterior, _ => -septal,
        };
        var across = Vector3.Normalize(Vector3.Cross(axis, centre));
        var tilt = (90 - wall.ArcDegrees / 2) * Math.PI / 180;
        float c = (float)Math.Cos(tilt), s = (float)Math.Sin(tilt);
        return new HalfSpace(baseCentre, c * centre - s * across).Intersect(new HalfSpace(baseCentre, c * centre + s * across));
    }

    private static double Radius(double ml) => Math.Cbrt(ml * 1000 * 3 / (4 * Math.PI));
}

/// <summary>LV walls by their direction from the long axis (the AHA map's anterior, septal, inferior and lateral).</summary>
public enum LvWall { Anterior, Septal, Inferior, Lateral }

/// <summary>A regional wall-motion abnormality: the wedge <paramref name="ArcDegrees"/> wide about the long axis, centred on
/// <paramref name="Wall"/>, base to apex, moves with <paramref name="MotionFactor"/> times the normal stroke: 1 normal, about
/// 0.4 hypokinetic, 0 akinetic, negative dyskinetic (bulging out in systole).</summary>
public sealed record RegionalWallMotion(LvWall Wall, double MotionFactor, double ArcDegrees = 120)
{
    // Two half-spaces through the axis make a wedge only up to a half turn; a wider one would be their union.
    /// <summary>The wedge's width about the long axis, degrees (over 0, at most 180).</summary>
    public double ArcDegrees { get; } = ArcDegrees is > 0 and <= 180 ? ArcDegrees
        : throw new ArgumentOutOfRangeException(nameof(ArcDegrees), ArcDegrees, "a wall's wedge is over 0° and at most 180° wide");

    /// <summary>Motion factors of the named categories: hypokinetic 0.4, akinetic 0, dyskinetic −0.3.</summary>
    public static double FactorOf(string motion) => motion switch
    {
        "normal" => 1, "hypokinetic" => 0.4, "akinetic" => 0, "dyskinetic" => -0.3,
        _ => throw new ArgumentException($"wall motion '{motion}' is not one of normal, hypokinetic, akinetic, dyskinetic"),
    };

    /// <summary>Reads WALL:MOTION (e.g. inferior:akinetic); throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static RegionalWallMotion Parse(string text)
    {
        var parts = text.Split(':');
        // Names only: Enum.TryParse also takes "2" or "anterior,septal".
        var wall = Enum.GetValues<LvWall>().FirstOrDefault(w => parts.Length == 2 && string.Equals(w.ToString(), parts[0], StringComparison.OrdinalIgnoreCase), (LvWall)(-1));
        if (!Enum.IsDefined(wall))
            throw new ArgumentException($"wall motion '{text}' is not WALL:MOTION with WALL anterior, septal, inferior or lateral (e.g. inferior:akinetic)");
        return new RegionalWallMotion(wall, FactorOf(parts[1].ToLowerInvariant()));
    }
}
