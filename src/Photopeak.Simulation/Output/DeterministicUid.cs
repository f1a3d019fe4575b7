using System.Security.Cryptography;
using System.Text;
using Photopeak.Dicom;

namespace Photopeak.Simulation.Output;

/// <summary>UIDs derived from the seed and a name (SHA-256 → RFC 9562 version-8 UUID → 2.25 UID), so that the same
/// seed gives the same study.</summary>
public static class DeterministicUid
{
    public static string For(long seed, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"photopeak-sim/{seed}/{name}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (custom)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return DicomUid.FromUuid(new Guid(bytes, bigEndian: true));
    }
}
