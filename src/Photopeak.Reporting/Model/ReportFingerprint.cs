using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Photopeak.Coding.Documentation;
using Photopeak.Reporting.Figures;

namespace Photopeak.Reporting.Model;

/// <summary>SHA-256 over a canonical JSON form of the report content (signature excluded, image pixels included).</summary>
public static class ReportFingerprint
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new GrayImageConverter(), new ElementSetConverter(), new JsonStringEnumConverter() },
    };

    /// <summary>Lower-case hex SHA-256 of the content as it would be signed.</summary>
    public static string Sha256(Report report)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(report with { Signature = null }, Options);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private sealed class GrayImageConverter : JsonConverter<GrayImage>
    {
        public override GrayImage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("fingerprint JSON is write-only");

        public override void Write(Utf8JsonWriter writer, GrayImage value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteNumber("w", value.Width);
            writer.WriteNumber("h", value.Height);
            writer.WriteBase64String("px", SHA256.HashData(MemoryMarshal.AsBytes(value.Pixels)));
            writer.WriteEndObject();
        }
    }

    // Sets have no order; write them sorted so equal content always hashes equally.
    private sealed class ElementSetConverter : JsonConverter<IReadOnlySet<ReportElement>>
    {
        public override IReadOnlySet<ReportElement> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("fingerprint JSON is write-only");

        public override void Write(Utf8JsonWriter writer, IReadOnlySet<ReportElement> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var e in value.Order()) writer.WriteStringValue(e.ToString());
            writer.WriteEndArray();
        }
    }
}
