using System.Numerics;
using CsCheck;
using Photopeak.Simulation.Phantoms;

namespace Photopeak.Simulation.Tests.Phantoms;

/// <summary>The rasteriser skips a voxel's sub-sample tests where <see cref="Shape.Cover"/> calls the ball holding them wholly
/// outside or inside; that is only sound if every point of the ball then answers <see cref="Shape.Contains"/> alike.</summary>
public class ShapeCoverageTests
{
    private static readonly Gen<Vector3> Point = Gen.Select(Gen.Float[-150, 150], Gen.Float[-150, 150], Gen.Float[-150, 150], (x, y, z) => new Vector3(x, y, z));
    private static readonly Gen<Vector3> Direction = Gen.Select(Gen.Float[-1, 1], Gen.Float[-1, 1], Gen.Float[-1, 1], (x, y, z) => new Vector3(x, y, z))
        .Where(v => v.Length() > 0.1f).Select(Vector3.Normalize);

    // Semi-axes and radii of either sign: Contains squares them, so a negative one must be read as its magnitude.
    private static readonly Gen<float> Size = Gen.Select(Gen.Float[4, 120], Gen.Bool, (v, negative) => negative ? -v : v);

    // An ellipsoid with a random orthonormal frame (the heart's are rotated), or an axis-aligned one.
    private static readonly Gen<Shape> Ellipsoids = Gen.Select(Point.Select(p => p / 3), Size, Size, Size, Direction, Direction)
        .Where(t => MathF.Abs(Vector3.Dot(t.Item5, t.Item6)) < 0.95f)
        .Select(t =>
        {
            var (centre, a, b, c, u, v0) = t;
            var w = Vector3.Normalize(Vector3.Cross(u, v0));
            var v = Vector3.Cross(w, u);
            return (Shape)new Ellipsoid(centre, new Vector3(a, b, c), u, v, w);
        });

    // Axes as given, neither unit nor perpendicular: Contains defines the solid all the same, and Cover must hold for it.
    private static readonly Gen<Shape> SkewEllipsoids = Gen.Select(Point.Select(p => p / 3), Size, Size, Size,
        Gen.Select(Direction, Direction, Direction), Gen.Float[0.5f, 2])
        .Select(t => (Shape)new Ellipsoid(t.Item1, new Vector3(t.Item2, t.Item3, t.Item4), t.Item5.Item1 * t.Item6, t.Item5.Item2, t.Item5.Item3 / t.Item6));

    private static readonly Gen<Shape> Primitives = Gen.OneOf(
        Ellipsoids,
        SkewEllipsoids,
        Gen.Select(Point.Select(p => p / 3), Direction, (p, n) => (Shape)new HalfSpace(p, n * 0.7f)),
        Gen.Select(Point, Point, Size.Select(r => r / 3), (a, b, r) => (Shape)new Cylinder(a, b, r)).Where(s => ((Cylinder)s).From != ((Cylinder)s).To),
        Gen.Select(Gen.Float[-50, 50], Gen.Float[-50, 50], Size, Size, Gen.Float[-200, 0], Gen.Float[1, 200],
            (x, y, sx, sy, z0, dz) => (Shape)new ZCylinder(x, y, sx, sy, z0, z0 + dz)),
        Gen.Select(Point, Direction, Gen.Float[5, 60], Gen.Float[20, 200], (a, d, angle, length) => (Shape)new Cone(a, d, angle, length)));

    // The heart's shapes are made of these: a shell (outer minus cavity) cut by a plane, unions of halves, wedges.
    private static readonly Gen<Shape> Shapes = Gen.Select(Primitives, Primitives, Primitives, Gen.Int[0, 4], (a, b, c, how) => how switch
    {
        0 => a,
        1 => a.Minus(b),
        2 => a.Intersect(b),
        3 => a.Union(b),
        _ => a.Intersect(b).Minus(c),
    });

    [Fact]
    public void Every_point_of_a_ball_called_outside_or_inside_answers_alike()
    {
        Gen.Select(Shapes, Point, Gen.Float[0.1f, 6]).Sample(t =>
        {
            var (shape, centre, radius) = t;
            var coverage = shape.Cover(centre, radius);
            if (coverage == Coverage.Partial) return true;
            // Points on the ball's surface and inside it, along many directions (the rasteriser's sub-samples lie within it).
            var rng = new Random(centre.GetHashCode());
            for (var n = 0; n < 400; n++)
            {
                var d = Vector3.Normalize(new Vector3((float)rng.NextDouble() - 0.5f, (float)rng.NextDouble() - 0.5f, (float)rng.NextDouble() - 0.5f) + new Vector3(1e-6f));
                var p = centre + d * radius * (n % 4 == 0 ? (float)rng.NextDouble() : 1);
                if (shape.Contains(p) != (coverage == Coverage.Inside)) return false;
            }
            return true;
        }, iter: 20_000);
    }

    [Fact]
    public void Balls_well_inside_and_well_outside_an_ellipsoid_are_called_so()
    {
        var ellipsoid = new Ellipsoid(new Vector3(10, 20, 30), new Vector3(40, 50, 60));
        Assert.Equal(Coverage.Inside, ellipsoid.Cover(new Vector3(10, 20, 30), 2.3f));
        Assert.Equal(Coverage.Outside, ellipsoid.Cover(new Vector3(60, 20, 30), 2.3f));
        Assert.Equal(Coverage.Partial, ellipsoid.Cover(new Vector3(50, 20, 30), 2.3f));
        // The shell of a heart: the cavity's centre is outside the myocardium, a point in its wall inside.
        var shell = new Ellipsoid(Vector3.Zero, new Vector3(40)).Minus(new Ellipsoid(Vector3.Zero, new Vector3(30)));
        Assert.Equal(Coverage.Outside, shell.Cover(Vector3.Zero, 2.3f));
        Assert.Equal(Coverage.Inside, shell.Cover(new Vector3(35, 0, 0), 2.3f));
        // A negative semi-axis is its magnitude (Contains squares it), and a normal too short to point is not judged.
        Assert.Equal(Coverage.Partial, new Ellipsoid(Vector3.Zero, new Vector3(-10, 10, 10)).Cover(new Vector3(9.5f, 0, 0), 0.5f));
        Assert.Equal(Coverage.Partial, new HalfSpace(Vector3.Zero, new Vector3(1e-25f, 0, 0)).Cover(new Vector3(1, 0, 0), 2.3f));
    }
}
