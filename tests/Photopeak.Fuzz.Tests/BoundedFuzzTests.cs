using System.Diagnostics;
using System.Text;
using Photopeak.Fuzz;

namespace Photopeak.Fuzz.Tests;

/// <summary>
/// The CI's bounded share of fuzzing (issue 17.7): each target of <see cref="FuzzTargets"/> on its seeds and a fixed count of
/// seeded mutants (bit flips, overwritten and inserted bytes, truncations; for JSON also swapped tokens). Only documented
/// refusals may leave a target, and no input may take a second. The long AFL++ runs are scripts/fuzz.
/// </summary>
public class BoundedFuzzTests
{
    private const int MutantsPerTarget = 3000;
    private static readonly TimeSpan SlowestAllowed = TimeSpan.FromSeconds(1);

    private static IEnumerable<byte[]> DicomSeeds() =>
        SharedData.AllFiles().Select(f => File.ReadAllBytes(SharedData.PathOf(f))).Where(b => b.Length <= 1 << 20);

    private static IEnumerable<byte[]> RoiSeeds() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "fuzz", "seeds", "rois"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes);

    // Tokens an edited ROI file can hold by mistake or malice.
    private static readonly string[] JsonTokens = ["null", "-1", "1e309", "NaN", "1e9", "0", "[]", "{}", "\"\"", "\"polygon\"", "[[0,0],[1e9,1e9]]", "-0.5", "true"];

    private static byte[] Mutate(byte[] seed, Random random, bool json)
    {
        var bytes = new List<byte>(seed);
        for (var k = random.Next(1, 6); k > 0; k--)
        {
            if (bytes.Count == 0) bytes.Add((byte)random.Next(256));
            // Bias towards the start, where the structure (preamble, meta header, first keys) is.
            var at = random.Next(2) == 0 ? random.Next(Math.Min(bytes.Count, 512)) : random.Next(bytes.Count);
            switch (random.Next(json ? 6 : 5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)(random.Next(2) == 0 ? 0xFF : 0x00); break;
                case 2: bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256))); break;
                case 3: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64))); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                default:
                    // Replace a JSON value (the run of characters after a colon) with a token.
                    var text = Encoding.UTF8.GetString(bytes.ToArray());
                    var colon = text.IndexOf(':', Math.Min(at, text.Length - 1) is var s && s < 0 ? 0 : s);
                    if (colon < 0) break;
                    var end = text.IndexOfAny([',', '}', ']'], colon + 1);
                    if (end < 0) break;
                    text = text[..(colon + 1)] + JsonTokens[random.Next(JsonTokens.Length)] + text[end..];
                    bytes = [.. Encoding.UTF8.GetBytes(text)];
                    break;
            }
        }
        return [.. bytes];
    }

    [Theory]
    [InlineData("dicom")]
    [InlineData("study")]
    [InlineData("rois")]
    public async Task Seeds_and_mutants_raise_only_documented_refusals_each_within_a_second(string target)
    {
        var json = target == "rois";
        var seeds = (json ? RoiSeeds() : DicomSeeds()).ToArray();
        Assert.NotEmpty(seeds);
        var random = new Random(20261203);
        var slowest = TimeSpan.Zero;
        var slowestCase = "";
        var work = Task.Run(() =>
        {
            var clock = new Stopwatch();
            for (var i = -seeds.Length; i < MutantsPerTarget; i++)
            {
                var input = i < 0 ? seeds[seeds.Length + i] : Mutate(seeds[random.Next(seeds.Length)], random, json);
                clock.Restart();
                try { FuzzTargets.Run(target, input); }
                catch (Exception ex)
                {
                    var path = Path.Combine(Path.GetTempPath(), $"photopeak-fuzz-{target}-{i}.bin");
                    File.WriteAllBytes(path, input);
                    throw new Xunit.Sdk.XunitException($"{target} input #{i} (saved as {path}) escaped as {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
                }
                if (clock.Elapsed > slowest) { slowest = clock.Elapsed; slowestCase = $"#{i}"; }
            }
        });
        var finished = await Task.WhenAny(work, Task.Delay(TimeSpan.FromMinutes(3)));
        Assert.True(finished == work, $"{target}: the bounded run did not finish within 3 minutes (a hang)");
        await work;
        Assert.True(slowest < SlowestAllowed, $"{target}: input {slowestCase} took {slowest.TotalMilliseconds:0} ms");
    }
}

/// <summary>Inputs AFL++ found that once escaped a target; each must now be a documented refusal (one test per finding).</summary>
public class FuzzFindingTests
{
    [Theory]
    [InlineData("rois", "rois-duplicate-key.json")] // a key given twice: JsonObject threw ArgumentException when first read
    public void A_former_finding_is_refused_as_documented(string target, string file) =>
        FuzzTargets.Run(target, File.ReadAllBytes(Path.Combine(Repository.Root, "tests", "Photopeak.Fuzz.Tests", "Findings", file)));
}
