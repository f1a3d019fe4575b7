using System.Text.Json.Nodes;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.Tests.Results;

/// <summary>result.json as scripts read it.</summary>
public class ResultJsonTests
{
    [Fact]
    public void A_measurement_that_is_not_finite_is_written_as_no_value_with_the_reason_never_as_a_crash()
    {
        var result = new ProcedureResult("test", ["78580"], new Dictionary<string, MeasuredQuantity>
        {
            ["ratio"] = new(double.NaN, "1", "counts over counts"),
            ["rate"] = new(double.PositiveInfinity, "%/h", "decay corrected") { Note = "late image short" },
            ["split"] = new(42.123456, "%", "geometric mean"),
            ["absent"] = new(null, "%", "not measured") { Note = "no view" },
        }, [], [], []);

        var json = JsonNode.Parse(ResultJson.Serialize(result))!["measurements"]!;
        Assert.Null(json["ratio"]!["value"]);
        Assert.Equal("not measurable: the computation gave NaN", json["ratio"]!["note"]!.GetValue<string>());
        Assert.Null(json["rate"]!["value"]);
        Assert.Equal("not measurable: the computation gave Infinity; late image short", json["rate"]!["note"]!.GetValue<string>());
        Assert.Equal(42.1235, json["split"]!["value"]!.GetValue<double>());
        Assert.False(json["split"]!.AsObject().ContainsKey("note"));
        Assert.Null(json["absent"]!["value"]);
        Assert.Equal("no view", json["absent"]!["note"]!.GetValue<string>());
    }
}
