using System.Text.Json;

namespace Photopeak.Cli.Commands;

/// <summary>
/// The settings of <c>photopeak serve --config FILE</c>: a JSON object whose keys are the options' names in camel case
/// (data, ae, dicomPort, httpPort, http, bind, db, quietSeconds, allow, maxAssociations, processing, forward). Each key is
/// optional; an unknown key or a value of the wrong type is refused naming the key, so a typo is never silently ignored.
/// </summary>
public sealed record ServeConfigFile
{
    public string? Data { get; init; }
    public string? AETitle { get; init; }
    public int? DicomPort { get; init; }
    public int? HttpPort { get; init; }
    /// <summary>false runs the node without HTTP (as --no-http).</summary>
    public bool? Http { get; init; }
    public string? Bind { get; init; }
    public string? Db { get; init; }
    public double? QuietSeconds { get; init; }
    public string[]? Allow { get; init; }
    public int? MaxAssociations { get; init; }
    /// <summary>false stores only (as --no-processing).</summary>
    public bool? Processing { get; init; }
    public string[]? Forward { get; init; }

    /// <summary>Reads and checks a configuration file; throws <see cref="FormatException"/> naming the file and the key.</summary>
    public static ServeConfigFile Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new FormatException($"{path}: {e.Message}", e); }
        JsonDocument document;
        try { document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new FormatException($"{path}: not JSON ({e.Message})", e); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}: expected a JSON object of settings");
            var c = new ServeConfigFile();
            foreach (var p in document.RootElement.EnumerateObject())
            {
                c = p.Name switch
                {
                    "data" => c with { Data = Text(path, p) },
                    "ae" => c with { AETitle = Text(path, p) },
                    "dicomPort" => c with { DicomPort = Integer(path, p) },
                    "httpPort" => c with { HttpPort = Integer(path, p) },
                    "http" => c with { Http = Boolean(path, p) },
                    "bind" => c with { Bind = Text(path, p) },
                    "db" => c with { Db = Text(path, p) },
                    "quietSeconds" => c with { QuietSeconds = Number(path, p) },
                    "allow" => c with { Allow = Texts(path, p) },
                    "maxAssociations" => c with { MaxAssociations = Integer(path, p) },
                    "processing" => c with { Processing = Boolean(path, p) },
                    "forward" => c with { Forward = Texts(path, p) },
                    _ => throw new FormatException($"{path}: unknown setting '{p.Name}' (known: data, ae, dicomPort, httpPort, http, bind, db, quietSeconds, allow, maxAssociations, processing, forward)"),
                };
            }
            return c;
        }
    }

    private static string Text(string path, JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw WrongType(path, p, "a string");

    private static int Integer(string path, JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var v) ? v : throw WrongType(path, p, "an integer");

    private static double Number(string path, JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : throw WrongType(path, p, "a number");

    private static bool Boolean(string path, JsonProperty p) =>
        p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.Value.GetBoolean() : throw WrongType(path, p, "true or false");

    private static string[] Texts(string path, JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Array && p.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray()
            : throw WrongType(path, p, "an array of strings");

    private static FormatException WrongType(string path, JsonProperty p, string expected) =>
        new($"{path}: setting '{p.Name}' must be {expected}, not {p.Value.ValueKind.ToString().ToLowerInvariant()}");
}
