using System.Numerics;
using CsCheck;
using Photopeak.Procedures.TumourLocalisation;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

/// <summary>Foci matched across imaging days: persistent lesions found again after the patient moved, transit (bowel) foci
/// left unmatched.</summary>
public sealed class LesionMatchingTests
{
    private static Lesion L(int n, int day, float x, float y, float z) => new($"L{n}", day, new Vector3(x, y, z), "", 1, 5);

    [Fact]
    public void Persistent_foci_are_matched_after_repositioning_and_a_moved_bowel_focus_is_not()
    {
        var shift = new Vector3(12, -8, 30);                  // the patient lay 3 cm further up the couch on day 2
        Lesion[] day1 = [L(1, 1, -60, 40, -125), L(2, 1, 45, 20, -60), L(3, 1, 12, 5, 110), L(4, 1, 30, -40, -200)];
        Lesion[] day2 = [L(5, 2, -60 + 12, 40 - 8, -125 + 30), L(6, 2, 45 + 12 + 3, 20 - 8, -60 + 30 - 2), L(7, 2, 12 + 12, 5 - 8, 110 + 30),
                         L(8, 2, -20 + 12, -30 - 8, -240 + 30)]; // bowel: moved 60 mm from day 1's L4
        var same = LesionMatching.Match([.. day1, .. day2]);
        Assert.Equal(["L5"], same["L1"]);
        Assert.Equal(["L6"], same["L2"]);
        Assert.Equal(["L7"], same["L3"]);
        Assert.Empty(same["L4"]);
        Assert.Empty(same["L8"]);
        Assert.Equal(["L1"], same["L5"]);
    }

    [Fact]
    public void One_day_leaves_every_focus_unmatched()
    {
        var same = LesionMatching.Match([L(1, 1, 0, 0, 0), L(2, 1, 100, 0, 0)]);
        Assert.All(same.Values, Assert.Empty);
    }

    [Fact]
    public void Three_days_link_one_focus_on_all_of_them()
    {
        var same = LesionMatching.Match([L(1, 1, 0, 0, 0), L(2, 2, 2, 0, 1), L(3, 3, -1, 3, 0)]);
        Assert.Equal(["L2", "L3"], same["L1"]);
        Assert.Equal(["L1", "L3"], same["L2"]);
        Assert.Equal(["L1", "L2"], same["L3"]);
    }

    [Fact]
    public void Well_separated_foci_are_matched_to_their_own_counterpart_whatever_the_repositioning()
    {
        // Foci at least 80 mm apart, moved together by up to 45 mm with up to 5 mm of centre noise each: every focus pairs with
        // its own counterpart.
        var gen = Gen.Select(Gen.Float[-45f, 45f].Array[3], Gen.Float[-5f, 5f].Array[12], (s, noise) => (Shift: new Vector3(s[0], s[1], s[2]) * (45f / Math.Max(45f, new Vector3(s[0], s[1], s[2]).Length())), Noise: noise));
        Vector3[] sites = [new(-80, 0, -100), new(80, 0, -100), new(0, 40, 0), new(0, -40, 120)];
        gen.Sample(t =>
        {
            var lesions = sites.Select((p, i) => L(i + 1, 1, p.X, p.Y, p.Z)).Concat(sites.Select((p, i) =>
            {
                var q = p + t.Shift + new Vector3(t.Noise[3 * i], t.Noise[3 * i + 1], t.Noise[3 * i + 2]) / 1.8f;
                return L(i + 5, 2, q.X, q.Y, q.Z);
            })).ToList();
            var same = LesionMatching.Match(lesions);
            for (var i = 1; i <= 4; i++)
                if (same[$"L{i}"].Count != 1 || same[$"L{i}"][0] != $"L{i + 4}") return false;
            return true;
        }, iter: 200);
    }
}
