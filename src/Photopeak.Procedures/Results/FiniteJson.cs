using System.Text.Json;
using System.Text.Json.Nodes;

namespace Photopeak.Procedures.Results;

/// <summary>Writes a JSON tree in which a number that is not finite (NaN, ±∞ from a degenerate input) becomes null: JSON has no
/// such numbers, and Utf8JsonWriter throws on them, which ended a finished run with a stack trace (issue 17.2). Used for
/// result.json and every --json summary of the command line.</summary>
public static class FiniteJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The indented text of <paramref name="node"/> with every non-finite number replaced by null (the tree is changed in place).</summary>
    public static string ToIndentedString(JsonNode node) => ToJsonString(node, Indented);

    /// <summary>The text of <paramref name="node"/> written with <paramref name="options"/>, every non-finite number replaced by null.</summary>
    public static string ToJsonString(JsonNode node, JsonSerializerOptions options)
    {
        NullNonFinite(node);
        return node.ToJsonString(options);
    }

    private static void NullNonFinite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (IsNonFinite(o[key])) o[key] = null;
                    else NullNonFinite(o[key]);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (IsNonFinite(a[i])) a[i] = null;
                    else NullNonFinite(a[i]);
                }
                break;
        }
    }

    private static bool IsNonFinite(JsonNode? node) => node is JsonValue v
        && ((v.TryGetValue<double>(out var d) && !double.IsFinite(d)) || (v.TryGetValue<float>(out var f) && !float.IsFinite(f)));
}
