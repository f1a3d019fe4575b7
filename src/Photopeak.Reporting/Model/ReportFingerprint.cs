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
    /// <summary>Lower-case hex SHA-256 of the content as it would be signed.</summary>
    public static string Sha256(Report report)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(report with { Signature = null }, ReportFingerprintJsonContext.Default.Report);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    internal sealed class GrayImageConverter : JsonConverter<GrayImage>
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
    internal sealed class ElementSetConverter : JsonConverter<IReadOnlySet<ReportElement>>
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

/// <summary>The fingerprint's JSON contract, generated at compile time (trim- and AOT-safe); the same form the reflection
/// serializer wrote, so reports signed by earlier versions stay intact.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, UseStringEnumConverter = true,
    Converters = [typeof(ReportFingerprint.GrayImageConverter), typeof(ReportFingerprint.ElementSetConverter)])]
[JsonSerializable(typeof(Report))]
internal sealed partial class ReportFingerprintJsonContext : JsonSerializerContext;
