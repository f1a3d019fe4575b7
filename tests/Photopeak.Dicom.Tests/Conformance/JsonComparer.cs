using System.Text.Json;

namespace Photopeak.Dicom.Tests.Conformance;

/// <summary>
/// Compares two DICOM JSON documents attribute by attribute: same keys, same "vr", same values (numbers within a
/// relative tolerance, strings after trimming). Bulk data ("InlineBinary", "BulkDataURI") is removed from both first.
/// Each difference is reported as "path: what", the path naming keys and item/value indices, e.g. "/00321064/Value[0]/00100010".
/// </summary>
public static class JsonComparer
{
    /// <summary>
    /// DCMTK prints FL with 9 significant digits, .NET with the shortest text that round-trips to the same float: the two
    /// readings of one float differ by at most half a float ulp (6e-8 relative).
    /// </summary>
    public const double RelativeTolerance = 1e-7;

    public static List<string> Compare(JsonElement ours, JsonElement theirs)
    {
        var differences = new List<string>();
        CompareDataset(ours, theirs, "", differences);
        return differences;
    }

    private static bool IsBulk(JsonElement attribute) =>
        attribute.ValueKind == JsonValueKind.Object && (attribute.TryGetProperty("InlineBinary", out _) || attribute.TryGetProperty("BulkDataURI", out _));

    private static void CompareDataset(JsonElement ours, JsonElement theirs, string path, List<string> differences)
    {
        var a = ours.EnumerateObject().Where(p => !IsBulk(p.Value)).ToDictionary(p => p.Name, p => p.Value);
        var b = theirs.EnumerateObject().Where(p => !IsBulk(p.Value)).ToDictionary(p => p.Name, p => p.Value);
        foreach (var key in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            var p = $"{path}/{key}";
            if (!b.TryGetValue(key, out var theirsAttr)) differences.Add($"{p}: only in ours {Short(a[key])}");
            else if (!a.TryGetValue(key, out var oursAttr)) differences.Add($"{p}: only in dcm2json {Short(theirsAttr)}");
            else CompareAttribute(oursAttr, theirsAttr, p, differences);
        }
    }

    private static void CompareAttribute(JsonElement ours, JsonElement theirs, string path, List<string> differences)
    {
        var vrA = ours.TryGetProperty("vr", out var va) ? va.GetString() : null;
        var vrB = theirs.TryGetProperty("vr", out var vb) ? vb.GetString() : null;
        if (vrA != vrB) differences.Add($"{path}: VR {vrA} in ours, {vrB} in dcm2json");
        var hasA = ours.TryGetProperty("Value", out var valuesA);
        var hasB = theirs.TryGetProperty("Value", out var valuesB);
        if (hasA != hasB)
        {
            differences.Add($"{path}: Value {(hasA ? Short(valuesA) : "absent")} in ours, {(hasB ? Short(valuesB) : "absent")} in dcm2json");
            return;
        }
        if (!hasA) return;
        var listA = valuesA.EnumerateArray().ToList();
        var listB = valuesB.EnumerateArray().ToList();
        if (listA.Count != listB.Count)
        {
            differences.Add($"{path}: {listA.Count} values in ours {Short(valuesA)}, {listB.Count} in dcm2json {Short(valuesB)}");
            return;
        }
        for (var i = 0; i < listA.Count; i++)
        {
            var p = $"{path}/Value[{i}]";
            if (vrA == "SQ") CompareDataset(listA[i], listB[i], p, differences);
            else CompareValue(listA[i], listB[i], p, differences);
        }
    }

    private static void CompareValue(JsonElement a, JsonElement b, string path, List<string> differences)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            var x = a.GetDouble();
            var y = b.GetDouble();
            if (Math.Abs(x - y) > RelativeTolerance * Math.Max(Math.Abs(x), Math.Abs(y)))
                differences.Add($"{path}: {a.GetRawText()} in ours, {b.GetRawText()} in dcm2json");
            return;
        }
        if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String)
        {
            if (a.GetString()!.Trim() != b.GetString()!.Trim()) differences.Add($"{path}: {Short(a)} in ours, {Short(b)} in dcm2json");
            return;
        }
        if (a.ValueKind == JsonValueKind.Object && b.ValueKind == JsonValueKind.Object)
        {
            // Person name component groups (PS3.18 F.2.2).
            var keys = a.EnumerateObject().Select(p => p.Name).Union(b.EnumerateObject().Select(p => p.Name)).Order(StringComparer.Ordinal);
            foreach (var k in keys)
            {
                var ga = a.TryGetProperty(k, out var pa) ? pa.GetString()?.Trim() : null;
                var gb = b.TryGetProperty(k, out var pb) ? pb.GetString()?.Trim() : null;
                if (ga != gb) differences.Add($"{path}/{k}: \"{ga}\" in ours, \"{gb}\" in dcm2json");
            }
            return;
        }
        if (a.ValueKind != b.ValueKind || a.ValueKind != JsonValueKind.Null)
            differences.Add($"{path}: {Short(a)} ({a.ValueKind}) in ours, {Short(b)} ({b.ValueKind}) in dcm2json");
    }

    private static string Short(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
