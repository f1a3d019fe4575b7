using System.Text.Json;
using System.Text.Json.Serialization;

namespace Photopeak.Procedures.Results;

/// <summary>The result.json form of a <see cref="ProcedureResult"/> (snake_case keys; the keys are a contract read by
/// scripts: add, never rename) and the reader of edited ROI files for <c>--rois</c>.</summary>
public static class ResultJson
{
    /// <summary>result.json's options: snake_case keys, nulls left out, enums as snake_case strings; generated at compile time.</summary>
    public static JsonSerializerOptions Options => ResultJsonContext.Default.Options;

    // Measurement values are written even when null, so that every contract key is present.
    private static readonly JsonSerializerOptions MeasurementOptions = new(Options) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static string Serialize(ProcedureResult result)
    {
        // Measurements are written below, value by value; serialised here they would reach the writer as NaN or infinity.
        var root = JsonSerializer.SerializeToNode(result with { Measurements = new Dictionary<string, MeasuredQuantity>() }, ResultJsonContext.Default.ProcedureResult)!.AsObject();
        var measurements = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, m) in result.Measurements)
        {
            // JSON has no NaN or infinity: a degenerate computation is written as no value, saying so.
            var finite = m.Value is not { } v || double.IsFinite(v);
            var node = new System.Text.Json.Nodes.JsonObject
            {
                ["value"] = m.Value is { } value && finite ? Math.Round(value, 4) : null,
                ["unit"] = m.Unit,
                ["method"] = m.Method,
            };
            var note = finite ? m.Note : $"not measurable: the computation gave {m.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}" + (m.Note is null ? "" : "; " + m.Note);
            if (note is not null) node["note"] = note;
            measurements[key] = node;
        }
        root["measurements"] = measurements;
        return FiniteJson.ToJsonString(root, MeasurementOptions);
    }

    public static ProcedureResult Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ResultJsonContext.Default.ProcedureResult) ?? throw new JsonException("result.json is empty");

    /// <summary>Reads ROIs from a file holding either a whole result.json or just its "rois" array.</summary>
    public static IReadOnlyList<RoiDefinition> ReadRois(string path) => ParseRois(File.ReadAllText(path), path);

    /// <summary>ROIs from the text of a result.json or its "rois" array; <see cref="ProcedureInputException"/> naming
    /// <paramref name="source"/> when it is not one, or an ROI lacks its name, image or shape.</summary>
    public static IReadOnlyList<RoiDefinition> ParseRois(string text, string source)
    {
        List<RoiDefinition?>? rois;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false });
            var element = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("rois", out var r) ? r : doc.RootElement;
            if (element.ValueKind != JsonValueKind.Array) throw new ProcedureInputException($"{source}: expected a JSON array of ROIs or an object with \"rois\"");
            rois = [.. element.Deserialize(ResultJsonContext.Default.ListRoiDefinition) ?? []];
        }
        catch (JsonException ex)
        {
            throw new ProcedureInputException($"{source}: not a valid ROI file: {ex.Message}", ex);
        }
        for (var i = 0; i < rois.Count; i++)
        {
            // The generated contract does not enforce non-null names: an edited file can still hold null or {} items.
            if (rois[i] is not { } roi || roi.Name is null || roi.Image is null || !Enum.IsDefined(roi.Shape))
                throw new ProcedureInputException($"{source}: ROI {i + 1} is invalid: every ROI needs \"name\", \"image\" and \"shape\" (circle, rectangle, polygon, line)");
        }
        return rois!;
    }
}

/// <summary>An enum as a snake_case string (e.g. <c>QcStatus.Warning</c> → "warning").</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower) where TEnum : struct, Enum;

/// <summary>result.json's contract, generated at compile time (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SnakeCaseEnumConverter<QcStatus>), typeof(SnakeCaseEnumConverter<RoiShape>)])]
[JsonSerializable(typeof(ProcedureResult))]
[JsonSerializable(typeof(List<RoiDefinition>))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
