using System.Numerics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>An analytic solid in patient coordinates (mm) with an axis-aligned bounding box.</summary>
public abstract record Shape
{
    public abstract bool Contains(Vector3 p);
    public abstract (Vector3 Min, Vector3 Max) Bounds { get; }

    /// <summary>True for convex solids: a voxel whose 8 corners are inside is then wholly inside.</summary>
    public virtual bool IsConvex => false;

    /// <summary>Whether every point within <paramref name="radiusMm"/> of <paramref name="centre"/> is surely outside, surely
    /// inside, or either (<see cref="Coverage.Partial"/>, also where the shape cannot tell). Sure means with a margin well
    /// beyond <see cref="Contains"/>' float rounding, so that a rasteriser may skip the points' tests.</summary>
    public virtual Coverage Cover(Vector3 centre, float radiusMm) => Coverage.Partial;

    // Margin against float rounding in Contains, mm (coordinates within ~1 m, float epsilon ~1e-7).
    private protected const float RoundingMarginMm = 1e-2f;

    public Shape Minus(Shape other) => new DifferenceShape(this, other);
    public Shape Intersect(Shape other) => new IntersectionShape(this, other);
    public Shape Union(Shape other) => new UnionShape(this, other);
}

/// <summary>How a ball lies with respect to a shape: wholly outside, wholly inside, or across its surface (or not known).</summary>
public enum Coverage { Partial, Outside, Inside }

/// <summary>An ellipsoid with semi-axes along three orthonormal axes.</summary>
public sealed record Ellipsoid(Vector3 Centre, Vector3 SemiAxesMm, Vector3 AxisU, Vector3 AxisV, Vector3 AxisW) : Shape
{
    public Ellipsoid(Vector3 centre, Vector3 semiAxesMm) : this(centre, semiAxesMm, Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ) { }

    public override bool IsConvex => true;

    public override bool Contains(Vector3 p)
    {
        var d = p - Centre;
        var a = Vector3.Dot(d, AxisU) / SemiAxesMm.X;
        var b = Vector3.Dot(d, AxisV) / SemiAxesMm.Y;
        var c = Vector3.Dot(d, AxisW) / SemiAxesMm.Z;
        return a * a + b * b + c * c <= 1;
    }

    // For q = A⁻¹R(p − centre) (A the semi-axes, R the rows AxisU, AxisV, AxisW), |q(p)| − |q(c)| ≤ L·|p − c| with L the
    // norm of A⁻¹R: 1/min(A) for orthonormal axes (1 % added for their float rounding), else bounded by its Frobenius norm.
    // A ball of radius ρ about c lies outside when |q(c)| − Lρ > 1 and inside when |q(c)| + Lρ < 1.
    public override Coverage Cover(Vector3 centre, float radiusMm)
    {
        var d = centre - Centre;
        double a = Vector3.Dot(d, AxisU) / SemiAxesMm.X, b = Vector3.Dot(d, AxisV) / SemiAxesMm.Y, c = Vector3.Dot(d, AxisW) / SemiAxesMm.Z;
        var k = Math.Sqrt(a * a + b * b + c * c);
        var reach = (radiusMm + RoundingMarginMm) * Lipschitz() + 1e-5;
        return k - reach > 1 ? Coverage.Outside : k + reach < 1 ? Coverage.Inside : Coverage.Partial;
    }

    private double Lipschitz()
    {
        static bool Near(float value, float target) => Math.Abs(value - target) < 1e-4f;
        var orthonormal = Near(AxisU.LengthSquared(), 1) && Near(AxisV.LengthSquared(), 1) && Near(AxisW.LengthSquared(), 1)
            && Near(Vector3.Dot(AxisU, AxisV), 0) && Near(Vector3.Dot(AxisU, AxisW), 0) && Near(Vector3.Dot(AxisV, AxisW), 0);
        // Contains squares each semi-axis, so a negative one is its magnitude.
        return orthonormal ? 1.01 / Math.Min(Math.Abs(SemiAxesMm.X), Math.Min(Math.Abs(SemiAxesMm.Y), Math.Abs(SemiAxesMm.Z)))
            : Math.Sqrt(AxisU.LengthSquared() / Sq(SemiAxesMm.X) + AxisV.LengthSquared() / Sq(SemiAxesMm.Y) + AxisW.LengthSquared() / Sq(SemiAxesMm.Z));
    }

    public override (Vector3 Min, Vector3 Max) Bounds
    {
        get
        {
            // Half-extent along each world axis of a rotated ellipsoid: sqrt(Σ (s_i · axis_i[c])²).
            var ext = new Vector3(Extent(0), Extent(1), Extent(2));
            return (Centre - ext, Centre + ext);
        }
    }

    private float Extent(int c) => MathF.Sqrt(Sq(SemiAxesMm.X * AxisU[c]) + Sq(SemiAxesMm.Y * AxisV[c]) + Sq(SemiAxesMm.Z * AxisW[c]));
    private static float Sq(float v) => v * v;

    /// <summary>Volume in ml: 4/3 π abc.</summary>
    public double VolumeMl => 4.0 / 3.0 * Math.PI * SemiAxesMm.X * SemiAxesMm.Y * SemiAxesMm.Z / 1000.0;
}

/// <summary>An elliptic cylinder along z between two heights.</summary>
public sealed record ZCylinder(float CentreX, float CentreY, float SemiX, float SemiY, float ZMin, float ZMax) : Shape
{
    public override bool IsConvex => true;

    public override bool Contains(Vector3 p)
    {
        if (p.Z < ZMin || p.Z > ZMax) return false;
        var a = (p.X - CentreX) / SemiX;
        var b = (p.Y - CentreY) / SemiY;
        return a * a + b * b <= 1;
    }

    public override Coverage Cover(Vector3 centre, float radiusMm)
    {
        var reach = radiusMm + RoundingMarginMm;
        if (centre.Z < ZMin - reach || centre.Z > ZMax + reach) return Coverage.Outside;
        double a = (centre.X - CentreX) / SemiX, b = (centre.Y - CentreY) / SemiY, k = Math.Sqrt(a * a + b * b);
        var radial = reach / Math.Min(Math.Abs(SemiX), Math.Abs(SemiY)) + 1e-5; // squared in Contains: the magnitudes
        if (k - radial > 1) return Coverage.Outside;
        return k + radial < 1 && centre.Z >= ZMin + reach && centre.Z <= ZMax - reach ? Coverage.Inside : Coverage.Partial;
    }

    public override (Vector3 Min, Vector3 Max) Bounds =>
        (new Vector3(CentreX - SemiX, CentreY - SemiY, ZMin), new Vector3(CentreX + SemiX, CentreY + SemiY, ZMax));
}

/// <summary>A circular cylinder between two end points.</summary>
public sealed record Cylinder(Vector3 From, Vector3 To, float RadiusMm) : Shape
{
    public override bool IsConvex => true;

    public override bool Contains(Vector3 p)
    {
        var axis = To - From;
        var len2 = axis.LengthSquared();
        var t = Vector3.Dot(p - From, axis) / len2;
        if (t < 0 || t > 1) return false;
        return (p - (From + t * axis)).LengthSquared() <= RadiusMm * RadiusMm;
    }

    public override Coverage Cover(Vector3 centre, float radiusMm)
    {
        var reach = radiusMm + RoundingMarginMm;
        var axis = To - From;
        var length = axis.Length();
        var along = Vector3.Dot(centre - From, axis) / length;
        var across = (centre - (From + along / length * axis)).Length();
        var radius = Math.Abs(RadiusMm); // squared in Contains
        if (along < -reach || along > length + reach || across > radius + reach) return Coverage.Outside;
        return along >= reach && along <= length - reach && across < radius - reach ? Coverage.Inside : Coverage.Partial;
    }

    public override (Vector3 Min, Vector3 Max) Bounds =>
        (Vector3.Min(From, To) - new Vector3(RadiusMm), Vector3.Max(From, To) + new Vector3(RadiusMm));
}

/// <summary>The half-space on the side of a plane the normal points to.</summary>
public sealed record HalfSpace(Vector3 Point, Vector3 Normal) : Shape
{
    public override bool IsConvex => true;

    public override bool Contains(Vector3 p) => Vector3.Dot(p - Point, Normal) >= 0;

    public override Coverage Cover(Vector3 centre, float radiusMm)
    {
        // In double: a float length can underflow where the dot product does not. A normal too short to carry a direction
        // (Contains' float products would underflow) is not judged.
        double nx = Normal.X, ny = Normal.Y, nz = Normal.Z, n = Math.Sqrt(nx * nx + ny * ny + nz * nz);
        if (!(n > 1e-6)) return Coverage.Partial;
        double side = (centre.X - Point.X) * nx + (centre.Y - Point.Y) * ny + (centre.Z - Point.Z) * nz, reach = (radiusMm + RoundingMarginMm) * n;
        return side < -reach ? Coverage.Outside : side > reach ? Coverage.Inside : Coverage.Partial;
    }
    public override (Vector3 Min, Vector3 Max) Bounds => (new Vector3(-1e6f), new Vector3(1e6f));
}

/// <summary>A cone (apex, unit direction, half-angle): wedge-shaped segmental regions with the apex at a hilum.</summary>
public sealed record Cone(Vector3 Apex, Vector3 Direction, float HalfAngleDeg, float LengthMm) : Shape
{
    public override bool Contains(Vector3 p)
    {
        var d = p - Apex;
        var along = Vector3.Dot(d, Direction);
        if (along <= 0 || along > LengthMm) return false;
        return along >= d.Length() * MathF.Cos(HalfAngleDeg * MathF.PI / 180);
    }

    public override (Vector3 Min, Vector3 Max) Bounds => (Apex - new Vector3(LengthMm), Apex + new Vector3(LengthMm));
}

/// <summary>Points in A and not in B.</summary>
public sealed record DifferenceShape(Shape A, Shape B) : Shape
{
    public override bool Contains(Vector3 p) => A.Contains(p) && !B.Contains(p);

    public override Coverage Cover(Vector3 centre, float radiusMm)
    {
        var a = A.Cover(centre, radiusMm);
        if (a == Coverage.Outside) return Coverage.Outside;
        var b = B.Cover(centre, radiusMm);
        return b == Coverage.Inside ? Coverage.Outside : a == Coverage.Inside && b == Coverage.Outside ? Coverage.Inside : Coverage.Partial;
    }
    public override (Vector3 Min, Vector3 Max) Bounds => A.Bounds;
}

/// <summary>Points in both A and B.</summary>
public sealed record IntersectionShape(Shape A, Shape B) : Shape
{
    public override bool IsConvex => A.IsConvex && B.IsConvex;

    public override bool Contains(Vector3 p) => A.Contains(p) && B.Contains(p);

    public override Coverage Cover(Vector3 centre, float radiusMm)
    {
        var a = A.Cover(centre, radiusMm);
        if (a == Coverage.Outside) return Coverage.Outside;
        var b = B.Cover(centre, radiusMm);
        return b == Coverage.Outside ? Coverage.Outside : a == Coverage.Inside && b == Coverage.Inside ? Coverage.Inside : Coverage.Partial;
    }
    public override (Vector3 Min, Vector3 Max) Bounds
    {
        get
        {
            var (a0, a1) = A.Bounds;
            var (b0, b1) = B.Bounds;
            return (Vector3.Max(a0, b0), Vector3.Min(a1, b1));
        }
    }
}

/// <summary>Points in A or B.</summary>
public sealed record UnionShape(Shape A, Shape B) : Shape
{
    public override bool Contains(Vector3 p) => A.Contains(p) || B.Contains(p);

    public override Coverage Cover(Vector3 centre, float radiusMm)
    {
        var a = A.Cover(centre, radiusMm);
        if (a == Coverage.Inside) return Coverage.Inside;
        var b = B.Cover(centre, radiusMm);
        return b == Coverage.Inside ? Coverage.Inside : a == Coverage.Outside && b == Coverage.Outside ? Coverage.Outside : Coverage.Partial;
    }
    public override (Vector3 Min, Vector3 Max) Bounds
    {
        get
        {
            var (a0, a1) = A.Bounds;
            var (b0, b1) = B.Bounds;
            return (Vector3.Min(a0, b0), Vector3.Max(a1, b1));
        }
    }
}
