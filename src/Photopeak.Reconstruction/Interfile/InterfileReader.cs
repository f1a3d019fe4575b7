using System.Buffers.Binary;
using System.Globalization;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Interfile;

/// <summary>Reads Interfile 3.3 volumes and SPECT projections (float32, int16/uint16 or int32/uint32 data, either byte order).</summary>
public static class InterfileReader
{
    /// <summary>Reads a volume header (3 dimensions) and its data.</summary>
    public static Volume3D ReadVolume(string headerPath)
    {
        var keys = ParseHeader(headerPath);
        int nx = Int(keys, headerPath, "matrix size [1]"), ny = Int(keys, headerPath, "matrix size [2]");
        int nz = keys.ContainsKey("matrix size [3]") ? Int(keys, headerPath, "matrix size [3]") : Int(keys, headerPath, "number of images/energy window");
        double dx = Spacing(keys, headerPath, "scaling factor (mm/pixel) [1]"), dy = Spacing(keys, headerPath, "scaling factor (mm/pixel) [2]");
        double dz = Spacing(keys, headerPath, "scaling factor (mm/pixel) [3]");
        var data = ReadData(headerPath, keys, ValueCount(headerPath, ("matrix size [1]", nx), ("matrix size [2]", ny), ("matrix size [3]", nz)));
        return new Volume3D(nx, ny, nz, dx, dy, dz, data);
    }

    /// <summary>Reads SPECT projections (STIR order: view, axial row, bin) with their geometry.</summary>
    public static ProjectionSet ReadProjections(string headerPath)
    {
        var keys = ParseHeader(headerPath);
        int bins = Int(keys, headerPath, "matrix size [1]"), rows = Int(keys, headerPath, "matrix size [2]");
        int views = Int(keys, headerPath, "number of projections");
        string direction = Get(keys, headerPath, "direction of rotation").ToUpperInvariant();
        if (direction is not ("CW" or "CCW" or "CC"))
            throw new InterfileFormatException(headerPath, $"'direction of rotation' is '{direction}', expected CW or CCW.");
        IReadOnlyList<double>? radii = null;
        double radius = 0;
        string orbit = keys.TryGetValue("orbit", out var o) ? o.ToLowerInvariant() : "circular";
        string? radiusText = keys.TryGetValue("radius", out var r1) ? r1 : keys.TryGetValue("radii", out var r2) ? r2 : null;
        if (radiusText is null) throw new InterfileFormatException(headerPath, "neither 'Radius' nor 'Radii' is given.");
        var radiusValues = radiusText.Trim('{', '}', ' ').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => ParseDouble(headerPath, "Radius", t)).ToArray();
        if (orbit.StartsWith("non", StringComparison.Ordinal) || radiusValues.Length > 1) radii = radiusValues;
        else radius = radiusValues[0];
        var geometry = new SpectGeometry
        {
            NumberOfViews = views, Bins = bins, Rows = rows,
            PixelSpacingMm = Double(keys, headerPath, "scaling factor (mm/pixel) [1]"),
            RowSpacingMm = Double(keys, headerPath, "scaling factor (mm/pixel) [2]"),
            ArcDeg = Double(keys, headerPath, "extent of rotation"),
            StartAngleDeg = keys.ContainsKey("start angle") ? Double(keys, headerPath, "start angle") : 0,
            Direction = direction == "CW" ? RotationDirection.ClockwiseSeenFromFeet : RotationDirection.CounterClockwiseSeenFromFeet,
            RadiusMm = radii is null ? radius : 200,
            RadialPositionsMm = radii,
            Detectors = keys.ContainsKey("photopeak detectors") ? Int(keys, headerPath, "photopeak detectors") : 1,
            CenterOfRotationOffsetMm = keys.ContainsKey("photopeak centre of rotation offset (mm)")
                ? Double(keys, headerPath, "photopeak centre of rotation offset (mm)") : 0,
        };
        try { geometry.Validate(); }
        catch (SpectGeometryException e) { throw new InterfileFormatException(headerPath, e.Message); }
        return new ProjectionSet(geometry, ReadData(headerPath, keys, ValueCount(headerPath, ("number of projections", views), ("matrix size [2]", rows), ("matrix size [1]", bins))));
    }

    /// <summary>Header keys normalised: lower case, '!' and surplus spaces removed; comment lines skipped except Photopeak's own.</summary>
    internal static Dictionary<string, string> ParseHeader(string headerPath)
    {
        if (!File.Exists(headerPath)) throw new InterfileFormatException(headerPath, "header file not found.");
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        bool first = true;
        foreach (var raw in File.ReadLines(headerPath))
        {
            string line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith(';'))
            {
                if (!line.StartsWith("; photopeak", StringComparison.Ordinal)) continue;
                line = line[1..].Trim();
            }
            int separator = line.IndexOf(":=", StringComparison.Ordinal);
            if (separator < 0) continue;
            string key = string.Join(' ', line[..separator].Replace("!", "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (first)
            {
                if (key != "interfile") throw new InterfileFormatException(headerPath, "the header does not start with '!INTERFILE :='.");
                first = false;
            }
            int comment = line.IndexOf(';', separator);
            string value = (comment >= 0 ? line[(separator + 2)..comment] : line[(separator + 2)..]).Trim();
            keys[key.Replace(" [", "[").Replace("[", " [")] = value;
        }
        if (first) throw new InterfileFormatException(headerPath, "empty header.");
        return keys;
    }

    // The most values one volume may hold: 512³ floats (512 MiB), far beyond any SPECT or μ-map, so a header declaring more
    // is refused before anything is allocated or read.
    private const long MaxValues = 512L * 512 * 512;

    /// <summary>The product of the dimensions, each at least 1, refused when it exceeds <see cref="MaxValues"/>.</summary>
    private static int ValueCount(string headerPath, params (string Key, int Size)[] dimensions)
    {
        long count = 1;
        foreach (var (key, size) in dimensions)
        {
            if (size < 1) throw new InterfileFormatException(headerPath, $"key '{key}' is {size}; a dimension holds at least 1 value.");
            count *= size;
            if (count > MaxValues)
                throw new InterfileFormatException(headerPath, $"the dimensions ({string.Join(" × ", dimensions.Select(d => d.Size))}) declare more than {MaxValues} values, beyond any volume Photopeak reads.");
        }
        return (int)count;
    }

    private static double Spacing(Dictionary<string, string> keys, string path, string key)
    {
        var value = Double(keys, path, key);
        return double.IsFinite(value) && value > 0 && value < 1000 ? value : throw new InterfileFormatException(path, $"key '{key}' is {value.ToString(CultureInfo.InvariantCulture)} mm; a voxel size lies above 0 and below 1000 mm.");
    }

    private static float[] ReadData(string headerPath, Dictionary<string, string> keys, int count)
    {
        string name = Get(keys, headerPath, "name of data file");
        string dataPath = Path.IsPathRooted(name) ? name : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(headerPath))!, name);
        if (!File.Exists(dataPath)) throw new InterfileFormatException(headerPath, $"data file '{name}' not found.");
        string format = keys.TryGetValue("number format", out var f) ? f.ToLowerInvariant() : "float";
        int bytesPerPixel = keys.ContainsKey("number of bytes per pixel") ? Int(keys, headerPath, "number of bytes per pixel") : 4;
        bool bigEndian = keys.TryGetValue("imagedata byte order", out var order) && order.Equals("BIGENDIAN", StringComparison.OrdinalIgnoreCase);
        long offset = keys.ContainsKey("data offset in bytes") ? Int(keys, headerPath, "data offset in bytes") : 0;
        if (bytesPerPixel is not (2 or 4 or 8))
            throw new InterfileFormatException(headerPath, $"'number of bytes per pixel' is {bytesPerPixel}; 2, 4 or 8 are read.");
        long needed = offset + (long)count * bytesPerPixel, length = new FileInfo(dataPath).Length;
        if (length < needed)
            throw new InterfileFormatException(dataPath, $"holds {length} bytes, the header needs {needed} ({count} values of {bytesPerPixel} bytes from offset {offset}).");
        // Only the bytes the header declares are read: a data file may be larger (several volumes, trailing padding).
        var bytes = new byte[count * bytesPerPixel];
        using (var stream = new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            stream.Seek(offset, SeekOrigin.Begin);
            stream.ReadExactly(bytes);
        }
        var result = new float[count];
        var span = bytes.AsSpan();
        for (int i = 0; i < count; i++)
        {
            var v = span.Slice(i * bytesPerPixel, bytesPerPixel);
            result[i] = (format, bytesPerPixel) switch
            {
                ("float" or "short float", 4) => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(v) : BinaryPrimitives.ReadSingleLittleEndian(v),
                ("float" or "long float", 8) => (float)(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(v) : BinaryPrimitives.ReadDoubleLittleEndian(v)),
                ("unsigned integer", 2) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v),
                ("signed integer", 2) => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(v) : BinaryPrimitives.ReadInt16LittleEndian(v),
                ("unsigned integer", 4) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(v) : BinaryPrimitives.ReadUInt32LittleEndian(v),
                ("signed integer", 4) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(v) : BinaryPrimitives.ReadInt32LittleEndian(v),
                _ => throw new InterfileFormatException(headerPath, $"number format '{format}' with {bytesPerPixel} bytes per pixel is not supported."),
            };
        }
        return result;
    }

    private static string Get(Dictionary<string, string> keys, string path, string key) =>
        keys.TryGetValue(key, out var v) && v.Length > 0 ? v : throw new InterfileFormatException(path, $"key '{key}' is missing.");

    private static int Int(Dictionary<string, string> keys, string path, string key)
    {
        string text = Get(keys, path, key);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0
            ? value : throw new InterfileFormatException(path, $"key '{key}' is '{text}', expected a non-negative integer.");
    }

    private static double Double(Dictionary<string, string> keys, string path, string key) => ParseDouble(path, key, Get(keys, path, key));

    private static double ParseDouble(string path, string key, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value : throw new InterfileFormatException(path, $"key '{key}' is '{text}', expected a number.");
}
