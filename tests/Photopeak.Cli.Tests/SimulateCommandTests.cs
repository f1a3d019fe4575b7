using System.Text.Json;

namespace Photopeak.Cli.Tests;

/// <summary>photopeak simulate lung-perfusion options for the shunt and matched ventilation defects, read back by photopeak process.</summary>
[Collection(ConsoleCli.Collection)]
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "photopeak-simcli-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try { Directory.Delete(root, true); } catch (IOException) { }
    }

    [Fact]
    public void Shunt_option_writes_a_whole_body_scan_whose_shunt_process_reads_within_a_point_of_truth()
    {
        var study = Path.Combine(root, "shunt");
        var (code, output, error) = ConsoleCli.Run("simulate", "lung-perfusion", "--out", study, "--seed", "21", "--size", "reduced", "--shunt-percent", "8",
            "--ventilation", "--lung-defects", "RLL-LB:0", "--vent-defects", "RLL-LB:0");
        Assert.True(code == 0, error);
        Assert.Contains("wb_ant_post.dcm", output);
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(study, "truth.json")));
        var q = truth.RootElement.GetProperty("quantities");
        Assert.Equal(8, q.GetProperty("shunt.physicalPercent").GetDouble(), 9);

        (code, output, error) = ConsoleCli.Run("process", study, "--out", Path.Combine(root, "out"), "--json");
        Assert.True(code == 0, error);
        using var result = JsonDocument.Parse(output);
        var shunt = result.RootElement.GetProperty("measurements").GetProperty("shunt_percent").GetProperty("value").GetDouble();
        Assert.Equal(q.GetProperty("shunt.wholeBody.expectedPercent").GetDouble(), shunt, 1.0);
        Assert.Contains("matched", result.RootElement.GetProperty("findings").GetProperty("defects").GetString());
        Assert.DoesNotContain("mismatched", result.RootElement.GetProperty("findings").GetProperty("defects").GetString());
    }

    [Fact]
    public void A_shunt_outside_0_to_100_percent_is_a_usage_error()
    {
        var (code, _, error) = ConsoleCli.Run("simulate", "lung-perfusion", "--out", Path.Combine(root, "bad"), "--size", "reduced", "--shunt-percent", "120");
        Assert.Equal(2, code);
        Assert.Contains("shunt 120%", error);
    }
}
