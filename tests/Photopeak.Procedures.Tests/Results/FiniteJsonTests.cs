using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.Tests.Results;

/// <summary>The JSON writer of result.json and the command line's summaries (issue 17.2).</summary>
public class FiniteJsonTests
{
    [Fact]
    public void Numbers_that_are_not_finite_are_written_as_null_not_thrown()
    {
        var tree = new System.Text.Json.Nodes.JsonObject
        {
            ["sum"] = double.NaN, ["max"] = float.PositiveInfinity, ["ok"] = 1.5,
            ["list"] = new System.Text.Json.Nodes.JsonArray(double.NegativeInfinity, 2.0),
        };
        using var doc = System.Text.Json.JsonDocument.Parse(FiniteJson.ToIndentedString(tree));
        var r = doc.RootElement;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("sum").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("max").ValueKind);
        Assert.Equal(1.5, r.GetProperty("ok").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("list")[0].ValueKind);
        Assert.Equal(2.0, r.GetProperty("list")[1].GetDouble());
    }
}
