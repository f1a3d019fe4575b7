using System.Text;
using System.Text.Json;
using Photopeak.Cli;
using Photopeak.Cli.Commands;

namespace Photopeak.Cli.Tests;

public class DumpCommandTests
{
    private static (int Exit, string Out, string Err) Dump(bool json, bool noBulk, params string[] files)
    {
        using var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var exit = DumpCommand.Run(files.Select(SharedData.PathOf).ToArray(), json, noBulk, showPatient: false, stdout, stderr);
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    [Fact]
    public void Tree_of_an_nm_file_shows_meta_data_set_and_exits_0()
    {
        var (exit, output, err) = Dump(json: false, noBulk: false, "nm/nmqc/FourBar.dcm");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("", err);
        Assert.Contains("(0002,0010) UI TransferSyntaxUID  [1.2.840.10008.1.2.1]", output);
        Assert.Contains("(0008,0060) CS Modality  [NM]", output);
        Assert.Contains("(7FE0,0010) OW PixelData  <", output);
    }

    [Fact]
    public void Json_of_one_file_is_the_data_set_object_without_file_meta()
    {
        var (exit, output, _) = Dump(json: true, noBulk: false, "nm/nmqc/FourBar.dcm");
        Assert.Equal(ExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        Assert.False(doc.RootElement.TryGetProperty("00020010", out _));
        Assert.Equal("NM", doc.RootElement.GetProperty("00080060").GetProperty("Value")[0].GetString());
        Assert.True(doc.RootElement.GetProperty("7FE00010").TryGetProperty("InlineBinary", out _));
    }

    [Fact]
    public void Json_with_no_bulk_leaves_pixel_data_out()
    {
        var (_, output, _) = Dump(json: true, noBulk: true, "nm/nmqc/FourBar.dcm");
        using var doc = JsonDocument.Parse(output);
        Assert.False(doc.RootElement.TryGetProperty("7FE00010", out _));
    }

    [Fact]
    public void Json_of_several_files_is_an_array_in_argument_order()
    {
        var (exit, output, _) = Dump(json: true, noBulk: true, "nm/wg04/NM1_UNC.dcm", "robustness/pydicom/MR_small_implicit.dcm");
        Assert.Equal(ExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(2, doc.RootElement.GetArrayLength());
        Assert.Equal("NM", doc.RootElement[0].GetProperty("00080060").GetProperty("Value")[0].GetString());
        Assert.Equal("MR", doc.RootElement[1].GetProperty("00080060").GetProperty("Value")[0].GetString());
    }

    [Fact]
    public void A_truncated_file_prints_what_was_read_then_the_error_and_exits_3()
    {
        var (exit, output, err) = Dump(json: false, noBulk: false, "robustness/pydicom/rtplan_truncated.dcm", "nm/wg04/NM1_UNC.dcm");
        Assert.Equal(ExitCodes.UnreadableInput, exit);
        Assert.Contains("(300A,0002) SH RTPlanLabel", output);
        Assert.Contains("# File: " + SharedData.PathOf("nm/wg04/NM1_UNC.dcm"), output);
        Assert.Contains("rtplan_truncated.dcm", err);
        Assert.Contains("(300A,00B0)", err);
    }

    [Fact]
    public void A_truncated_file_in_json_mode_still_gives_valid_json_of_the_partial_data_set()
    {
        var (exit, output, err) = Dump(json: true, noBulk: true, "robustness/pydicom/rtplan_truncated.dcm");
        Assert.Equal(ExitCodes.UnreadableInput, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("RTPLAN", doc.RootElement.GetProperty("00080060").GetProperty("Value")[0].GetString());
        Assert.NotEqual("", err);
    }

    [Fact]
    public void A_missing_file_is_reported_with_exit_3()
    {
        var (exit, _, err) = Dump(json: false, noBulk: false, "nm/does-not-exist.dcm");
        Assert.Equal(ExitCodes.UnreadableInput, exit);
        Assert.Contains("does-not-exist.dcm", err);
    }

    [Fact]
    public void The_dump_command_parses_its_options()
    {
        var command = DumpCommand.Create();
        var parsed = command.Parse(["a.dcm", "b.dcm", "--json", "--no-bulk"]);
        Assert.Empty(parsed.Errors);
        Assert.NotEmpty(command.Parse([]).Errors);
    }
}
