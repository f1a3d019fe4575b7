using System.Text.Json;
using System.Text.Json.Serialization;

namespace Photopeak.Procedures.Results;

/// <summary>The result.json form of a <see cref="ProcedureResult"/> (snake_case keys; the keys are a contract read by
/// scripts: add, never rename) and the reader of edited ROI files for <c>--rois</c>.</summary>
public static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    // Measurement values are written even when null, so that every contract key is present.
    private static readonly JsonSerializerOptions MeasurementOptions = new(Options) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static string Serialize(ProcedureResult result)
    {
        var root = JsonSerializer.SerializeToNode(result, Options)!.AsObject();
        var measurements = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, m) in result.Measurements)
        {
            var node = new System.Text.Json.Nodes.JsonObject
            {
                ["value"] = m.Value is { } v ? Math.Round(v, 4) : null,
                ["unit"] = m.Unit,
                ["method"] = m.Method,
            };
            if (m.Note is not null) node["note"] = m.Note;
            measurements[key] = node;
        }
        root["measurements"] = measurements;
        return root.ToJsonString(MeasurementOptions);
    }

    public static ProcedureResult Deserialize(string json) =>
        JsonSerializer.Deserialize<ProcedureResult>(json, Options) ?? throw new JsonException("result.json is empty");

    /// <summary>Reads ROIs from a file holding either a whole result.json or just its "rois" array.</summary>
    public static IReadOnlyList<RoiDefinition> ReadRois(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var element = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("rois", out var r) ? r : doc.RootElement;
            if (element.ValueKind != JsonValueKind.Array) throw new ProcedureInputException($"{path}: expected a JSON array of ROIs or an object with \"rois\"");
            return element.Deserialize<List<RoiDefinition>>(Options) ?? [];
        }
        catch (JsonException ex)
        {
            throw new ProcedureInputException($"{path}: not a valid ROI file: {ex.Message}", ex);
        }
    }
}
