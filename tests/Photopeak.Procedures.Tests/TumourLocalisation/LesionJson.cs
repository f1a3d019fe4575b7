using System.Numerics;
using System.Text.Json;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

/// <summary>Reads a lesion of result.json's <c>findings.lesions</c>.</summary>
internal static class LesionJson
{
    /// <summary>The lesion's <c>centre_mm</c> (patient LPS, mm).</summary>
    public static Vector3 Centre(JsonElement lesion)
    {
        var c = lesion.GetProperty("centre_mm").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        return new Vector3(c[0], c[1], c[2]);
    }
}
