using System.Text;
using Photopeak.Dicom.Json;

namespace Photopeak.Dicom.Tests.Json;

public class JsonNumberTextTests
{
    [Theory]
    [InlineData("1.", "1")]
    [InlineData("+1", "1")]
    [InlineData(".5", "0.5")]
    [InlineData("-.5", "-0.5")]
    [InlineData("007", "7")]
    [InlineData("-000", "-0")]
    [InlineData("1.E5", "1E5")]
    [InlineData("2.5e-3", "2.5E-3")]
    [InlineData("+6.02E+23", "6.02E+23")]
    [InlineData("123.4560", "123.4560")]
    [InlineData("01160501010100", "1160501010100")]
    public void Decimal_strings_become_valid_json_numbers_keeping_every_digit(string ds, string json)
    {
        var dest = new byte[JsonNumberText.MaxLength + 2];
        Assert.True(JsonNumberText.TryNormalise(Encoding.ASCII.GetBytes(ds), dest, out var n));
        var text = Encoding.ASCII.GetString(dest, 0, n);
        Assert.Equal(json, text);
        // The result must be a JSON number with the same value.
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(double.Parse(ds, System.Globalization.CultureInfo.InvariantCulture), doc.RootElement.GetDouble(), 12);
    }

    [Theory]
    [InlineData("1A")]
    [InlineData(".")]
    [InlineData("+")]
    [InlineData("1e")]
    [InlineData("1 2")]
    [InlineData("NaN")]
    [InlineData("")]
    public void Text_that_is_not_a_decimal_number_is_refused(string ds)
    {
        var dest = new byte[JsonNumberText.MaxLength + 2];
        Assert.False(JsonNumberText.TryNormalise(Encoding.ASCII.GetBytes(ds), dest, out _));
    }
}
