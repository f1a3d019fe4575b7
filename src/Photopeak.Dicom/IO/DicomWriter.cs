using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Photopeak.Dicom.IO;

/// <summary>
/// Writes Part 10 files: preamble, file meta information with its group length, then the data set in implicit or
/// explicit VR little endian (optionally deflated). Values are padded to even length with the VR's padding byte,
/// sequences and items are written with undefined length, and group length elements are recomputed.
/// </summary>
public static class DicomWriter
{
    private const uint Undefined = 0xFFFFFFFF;

    /// <summary>The syntax a data set read in <paramref name="source"/> is written in: big endian becomes explicit VR little endian.</summary>
    public static TransferSyntax DefaultOutputSyntax(TransferSyntax source) =>
        source.BigEndian ? TransferSyntax.ExplicitVRLittleEndian : source;

    /// <summary>Writes a complete Part 10 file.</summary>
    public static void Write(Stream stream, DicomDataset dataset, TransferSyntax syntax, DicomDataset? sourceMeta = null)
    {
        if (syntax.BigEndian) throw new NotSupportedException("writing explicit VR big endian (retired) is not supported");
        if (!syntax.Encapsulated && dataset.Any(e => e.IsEncapsulated))
            throw new InvalidOperationException($"the data set holds encapsulated pixel data and cannot be written as {syntax.Name} without decompression");
        Span<byte> preamble = stackalloc byte[132];
        preamble.Clear();
        "DICM"u8.CopyTo(preamble[128..]);
        stream.Write(preamble);
        WriteDataset(stream, BuildFileMeta(dataset, syntax, sourceMeta), explicitVR: true);
        if (syntax.Deflated)
        {
            using var deflate = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            using var buffered = new BufferedStream(deflate, 1 << 16);
            WriteDataset(buffered, dataset, explicitVR: true);
        }
        else
        {
            WriteDataset(stream, dataset, syntax.ExplicitVR);
        }
    }

    /// <summary>Writes a file to a byte array (convenient for tests and network use).</summary>
    public static byte[] ToBytes(DicomDataset dataset, TransferSyntax syntax, DicomDataset? sourceMeta = null)
    {
        using var ms = new MemoryStream();
        Write(ms, dataset, syntax, sourceMeta);
        return ms.ToArray();
    }

    /// <summary>
    /// Writes a Part 10 file around a data set already encoded in <paramref name="syntax"/> (as received over the network):
    /// preamble, file meta (PS3.10 7.1) and the data set bytes unchanged.
    /// </summary>
    public static void WritePart10(Stream stream, ReadOnlySpan<byte> encodedDataset, TransferSyntax syntax, string sopClassUid, string sopInstanceUid, string? sourceAeTitle = null)
    {
        Span<byte> preamble = stackalloc byte[132];
        preamble.Clear();
        "DICM"u8.CopyTo(preamble[128..]);
        stream.Write(preamble);
        var source = new DicomDataset();
        source.Set(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, sopClassUid);
        source.Set(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstanceUid);
        if (!string.IsNullOrWhiteSpace(sourceAeTitle)) source.Set(DicomTags.SourceApplicationEntityTitle, DicomVR.AE, sourceAeTitle.Trim());
        WriteDataset(stream, BuildFileMeta(new DicomDataset(), syntax, source), explicitVR: true);
        stream.Write(encodedDataset);
    }

    /// <summary>Encodes a bare data set (no preamble, no meta) in <paramref name="syntax"/>, deflating it for the deflated syntax (PS3.5 A.5).</summary>
    public static byte[] EncodeDataset(DicomDataset dataset, TransferSyntax syntax)
    {
        if (syntax.BigEndian) throw new NotSupportedException("writing explicit VR big endian (retired) is not supported");
        if (!syntax.Encapsulated && dataset.Any(e => e.IsEncapsulated))
            throw new InvalidOperationException($"the data set holds encapsulated pixel data and cannot be encoded as {syntax.Name} without decompression");
        using var ms = new MemoryStream();
        if (syntax.Deflated)
        {
            using (var deflate = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true))
            using (var buffered = new BufferedStream(deflate, 1 << 16))
                WriteDataset(buffered, dataset, explicitVR: true);
        }
        else
        {
            WriteDataset(ms, dataset, syntax.ExplicitVR);
        }
        return ms.ToArray();
    }

    private static DicomDataset BuildFileMeta(DicomDataset dataset, TransferSyntax syntax, DicomDataset? sourceMeta)
    {
        var meta = new DicomDataset();
        if (sourceMeta is not null)
        {
            foreach (var e in sourceMeta)
                if (e.Tag.Element != 0) meta.Add(e);
        }
        meta.SetBytes(new DicomTag(0x0002, 0x0001), DicomVR.OB, new byte[] { 0, 1 });
        var sopClass = dataset.GetString(DicomTags.SOPClassUID) ?? sourceMeta?.GetString(DicomTags.MediaStorageSOPClassUID);
        var sopInstance = dataset.GetString(DicomTags.SOPInstanceUID) ?? sourceMeta?.GetString(DicomTags.MediaStorageSOPInstanceUID);
        if (sopClass is not null) meta.Set(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, sopClass);
        if (sopInstance is not null) meta.Set(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstance);
        meta.Set(DicomTags.TransferSyntaxUID, DicomVR.UI, syntax.Uid);
        meta.Set(DicomTags.ImplementationClassUID, DicomVR.UI, DicomUid.ImplementationClass);
        meta.Set(DicomTags.ImplementationVersionName, DicomVR.SH, DicomUid.ImplementationVersionName);
        var groupLength = meta.Sum(e => EncodedLength(e, explicitVR: true));
        meta.SetNumbers(new DicomTag(0x0002, 0x0000), DicomVR.UL, groupLength);
        return meta;
    }

    /// <summary>Writes a bare data set (no preamble, no meta).</summary>
    public static void WriteDataset(Stream stream, DicomDataset dataset, bool explicitVR)
    {
        Dictionary<ushort, long>? groupLengths = null;
        foreach (var e in dataset)
        {
            if (e.Tag.Element == 0 && e.Tag.Group != 0x0002)
            {
                groupLengths ??= GroupLengths(dataset, explicitVR);
                var value = new byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(value, checked((uint)groupLengths.GetValueOrDefault(e.Tag.Group)));
                WriteElement(stream, DicomElement.FromBytes(e.Tag, DicomVR.UL, value), explicitVR);
                continue;
            }
            WriteElement(stream, e, explicitVR);
        }
    }

    private static Dictionary<ushort, long> GroupLengths(DicomDataset dataset, bool explicitVR)
    {
        var lengths = new Dictionary<ushort, long>();
        foreach (var e in dataset)
        {
            if (e.Tag.Element == 0) continue;
            lengths[e.Tag.Group] = lengths.GetValueOrDefault(e.Tag.Group) + EncodedLength(e, explicitVR);
        }
        return lengths;
    }

    /// <summary>The number of bytes <see cref="WriteElement"/> produces for an element.</summary>
    public static long EncodedLength(DicomElement e, bool explicitVR)
    {
        var vr = EffectiveVR(e);
        var header = !explicitVR || vr.HasLongLength ? (explicitVR ? 12 : 8) : 8;
        if (e.Items is { } items)
        {
            long sum = header + 8; // + sequence delimiter
            foreach (var item in items)
            {
                sum += 16; // item tag + item delimiter
                foreach (var child in item) sum += EncodedLength(child, explicitVR);
            }
            return sum;
        }
        if (e.Fragments is { } f)
        {
            long sum = header + 8 + 8 + Even(f.BasicOffsetTable.Length);
            foreach (var fragment in f.Items) sum += 8 + Even(fragment.Length);
            return sum;
        }
        return header + Even(e.Length);
    }

    private static long Even(int n) => n + (n & 1);

    // A short-length VR whose value does not fit 16 bits can only be written as UN (PS3.5 6.2.2).
    private static DicomVR EffectiveVR(DicomElement e) => !e.VR.HasLongLength && e.Length > 0xFFFE ? DicomVR.UN : e.VR;

    private static void WriteElement(Stream s, DicomElement e, bool explicitVR)
    {
        var vr = EffectiveVR(e);
        if (e.Items is { } items)
        {
            WriteHeader(s, e.Tag, vr, Undefined, explicitVR);
            foreach (var item in items)
            {
                WriteItemHeader(s, DicomTag.Item, Undefined);
                WriteDataset(s, item, explicitVR);
                WriteItemHeader(s, DicomTag.ItemDelimitation, 0);
            }
            WriteItemHeader(s, DicomTag.SequenceDelimitation, 0);
            return;
        }
        if (e.Fragments is { } f)
        {
            WriteHeader(s, e.Tag, vr, Undefined, explicitVR);
            WriteItemHeader(s, DicomTag.Item, (uint)Even(f.BasicOffsetTable.Length));
            WritePadded(s, f.BasicOffsetTable.Span, 0);
            foreach (var fragment in f.Items)
            {
                WriteItemHeader(s, DicomTag.Item, (uint)Even(fragment.Length));
                WritePadded(s, fragment.Span, 0);
            }
            WriteItemHeader(s, DicomTag.SequenceDelimitation, 0);
            return;
        }
        WriteHeader(s, e.Tag, vr, (uint)Even(e.Length), explicitVR);
        WritePadded(s, e.Value.Span, e.VR.PaddingByte);
    }

    private static void WritePadded(Stream s, ReadOnlySpan<byte> value, byte pad)
    {
        s.Write(value);
        if ((value.Length & 1) == 1) s.WriteByte(pad);
    }

    private static void WriteHeader(Stream s, DicomTag tag, DicomVR vr, uint length, bool explicitVR)
    {
        Span<byte> h = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(h, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(h[2..], tag.Element);
        if (!explicitVR)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[4..], length);
            s.Write(h[..8]);
            return;
        }
        h[4] = (byte)(vr.Code >> 8);
        h[5] = (byte)vr.Code;
        if (vr.HasLongLength)
        {
            h[6] = h[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(h[8..], length);
            s.Write(h);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], checked((ushort)length));
            s.Write(h[..8]);
        }
    }

    private static void WriteItemHeader(Stream s, DicomTag tag, uint length)
    {
        Span<byte> h = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(h, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(h[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], length);
        s.Write(h);
    }
}
