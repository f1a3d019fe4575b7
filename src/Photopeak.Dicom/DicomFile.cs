using System.Buffers.Binary;
using System.IO.Compression;
using Photopeak.Dicom.IO;

namespace Photopeak.Dicom;

/// <summary>A DICOM Part 10 file (or a bare data set): file meta information, the data set and how it was encoded.</summary>
public sealed class DicomFile
{
    /// <summary>Inflated deflate streams larger than this are refused (a deflate bomb), in bytes.</summary>
    public const long MaxInflatedBytes = 1L << 30;

    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, TransferSyntax transferSyntax)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
    }

    /// <summary>Group 0002; empty for a bare data set.</summary>
    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax the data set was read in (values are held little-endian whatever it is).</summary>
    public TransferSyntax TransferSyntax { get; }

    /// <summary>True if the file started with the 128-byte preamble and "DICM".</summary>
    public bool HasPreamble { get; init; }

    /// <summary>Things the reader tolerated (odd lengths, a missing transfer syntax, non-standard VR bytes...).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The path it was read from, if any.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Byte offset in the source where the encoded data set begins (after preamble and file meta), so its bytes can be sent unchanged.</summary>
    public int DatasetOffset { get; init; }

    /// <summary>Reads a file. Throws <see cref="DicomFormatException"/> (naming the file, offset and tag) if it is not readable DICOM,
    /// and <see cref="NotARegularFileException"/> for a FIFO, device or socket (never opened, so never a hang). The first bytes are
    /// checked before the rest is read, so a large file that is not DICOM costs no more than its first 132 bytes.</summary>
    public static DicomFile Open(string path)
    {
        var kind = FileKinds.Of(path);
        if (!FileKinds.IsReadable(kind)) throw new NotARegularFileException(path, kind);
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            if (!stream.CanSeek) throw new NotARegularFileException(path, kind);
            var length = stream.Length;
            if (length > Array.MaxLength)
                throw new DicomFormatException($"file of {length} bytes is larger than Photopeak reads in one piece", 0, null, path);
            var head = new byte[(int)Math.Min(length, PreambleLength + 4)];
            stream.ReadExactly(head);
            try
            {
                Recognise(head);
            }
            catch (DicomFormatException ex)
            {
                throw ex.WithSource(path, null);
            }
            bytes = GC.AllocateUninitializedArray<byte>((int)length);
            head.CopyTo(bytes, 0);
            stream.ReadExactly(bytes.AsSpan(head.Length));
        }
        return Read(bytes, path);
    }

    private const int PreambleLength = 128;

    // The start of a file Read would accept: the preamble and "DICM", "DICM" alone, a file meta element, or a data set whose
    // first element is plausible in some transfer syntax; anything else is refused before the rest is read.
    private static void Recognise(ReadOnlySpan<byte> head)
    {
        if (head.Length >= PreambleLength + 4 && head.Slice(PreambleLength, 4).SequenceEqual("DICM"u8)) return;
        if (head.Length >= 4 && head[..4].SequenceEqual("DICM"u8)) return;
        if (StartsWithMetaElement(head)) return;
        _ = DetectSyntax(head, 0);
    }

    /// <summary>Reads a file already in memory; elements reference <paramref name="bytes"/> without copying.</summary>
    public static DicomFile Read(ReadOnlyMemory<byte> bytes, string? source = null)
    {
        try
        {
            return ReadCore(bytes, source);
        }
        catch (DicomFormatException ex) when (source is not null && ex.Source is null)
        {
            throw ex.WithSource(source, ex.PartialDataset);
        }
    }

    private static DicomFile ReadCore(ReadOnlyMemory<byte> bytes, string? source)
    {
        var span = bytes.Span;
        var warnings = new List<string>();
        var pos = 0;
        var hasPreamble = false;
        if (span.Length >= 132 && span.Slice(128, 4).SequenceEqual("DICM"u8) && StartsWithMetaElement(span[132..]))
        {
            pos = 132;
            hasPreamble = true;
        }
        else if (span.Length >= 4 && span[..4].SequenceEqual("DICM"u8) && StartsWithMetaElement(span[4..]))
        {
            pos = 4;
            warnings.Add("\"DICM\" prefix without the 128-byte preamble");
        }

        var meta = new DicomDataset();
        if (StartsWithMetaElement(span[pos..]))
        {
            var metaReader = new DicomStreamReader(bytes, explicitVR: true, bigEndian: false, warnings);
            try
            {
                pos = metaReader.ReadFileMeta(pos, meta);
            }
            catch (DicomFormatException ex)
            {
                throw new DicomFormatException("file meta information: " + ex.Reason, ex.Offset, ex.Tag) { PartialDataset = meta };
            }
            if (!meta.Contains(new DicomTag(0x0002, 0x0000)))
                warnings.Add("file meta information has no group length (0002,0000)");
        }

        TransferSyntax syntax;
        var uid = meta.GetString(new DicomTag(0x0002, 0x0010));
        if (uid is not null)
        {
            syntax = TransferSyntax.FromUid(uid);
        }
        else
        {
            syntax = DetectSyntax(span, pos);
            if (meta.Count > 0)
                warnings.Add($"file meta information lacks Transfer Syntax UID (0002,0010); detected {syntax.Name} from the data set");
        }

        var body = bytes;
        var bodyStart = pos;
        if (syntax.Deflated)
        {
            body = Inflate(bytes[pos..], pos);
            bodyStart = 0;
        }
        var reader = new DicomStreamReader(body, syntax.ExplicitVR, syntax.BigEndian, warnings, syntax.Deflated ? 0 : 0);
        var dataset = reader.ReadDataset(bodyStart);
        if (!syntax.ExplicitVR) PixelValueVRResolver.Resolve(dataset);
        return new DicomFile(meta, dataset, syntax) { HasPreamble = hasPreamble, Warnings = warnings, SourcePath = source, DatasetOffset = pos };
    }

    /// <summary>
    /// Reads a bare data set encoded in <paramref name="syntax"/> (no preamble, no file meta), as a DIMSE message carries it
    /// (PS3.7 6.3); a deflated one is inflated first. Throws <see cref="DicomFormatException"/> if it is not readable.
    /// </summary>
    public static DicomDataset ReadDataset(ReadOnlyMemory<byte> bytes, TransferSyntax syntax)
    {
        var body = syntax.Deflated ? Inflate(bytes, 0) : bytes;
        var reader = new DicomStreamReader(body, syntax.ExplicitVR, syntax.BigEndian, []);
        var dataset = reader.ReadDataset(0);
        if (!syntax.ExplicitVR) PixelValueVRResolver.Resolve(dataset);
        return dataset;
    }

    private static bool StartsWithMetaElement(ReadOnlySpan<byte> s) =>
        s.Length >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(s) == 0x0002 && s[4] is >= (byte)'A' and <= (byte)'Z' && s[5] is >= (byte)'A' and <= (byte)'Z';

    // Without file meta the encoding is guessed from the first element, as DCMTK and pydicom do.
    private static TransferSyntax DetectSyntax(ReadOnlySpan<byte> span, int pos)
    {
        if (span.Length - pos < 8)
            throw new DicomFormatException("not recognisable as DICOM: too short for a data element", pos);
        var s = span[pos..];
        var groupLe = BinaryPrimitives.ReadUInt16LittleEndian(s);
        var groupBe = BinaryPrimitives.ReadUInt16BigEndian(s);
        var vrOk = DicomVR.TryParse(s[4], s[5], out _);
        static bool Plausible(ushort group) => group is >= 0x0001 and <= 0x0010;
        if (vrOk && Plausible(groupLe)) return TransferSyntax.ExplicitVRLittleEndian;
        if (vrOk && Plausible(groupBe)) return TransferSyntax.ExplicitVRBigEndian;
        if (Plausible(groupLe)) return TransferSyntax.ImplicitVRLittleEndian;
        throw new DicomFormatException(
            $"not recognisable as DICOM: no preamble or file meta, and the first bytes ({Convert.ToHexString(s[..8])}) do not start a data set in any transfer syntax", pos);
    }

    private static byte[] Inflate(ReadOnlyMemory<byte> compressed, int offset)
    {
        using var input = new MemoryStream(compressed.ToArray(), writable: false);
        using var inflater = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int n;
            while ((n = inflater.Read(buffer)) > 0)
            {
                if (output.Length + n > MaxInflatedBytes)
                    throw new DicomFormatException($"deflated data set inflates to more than {MaxInflatedBytes} bytes", offset);
                output.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DicomFormatException("deflated data set is not a valid deflate stream: " + ex.Message, offset, null, null, ex);
        }
        return output.ToArray();
    }

    /// <summary>Writes the file in <paramref name="syntax"/> (default: the syntax it was read in, or explicit VR LE for big endian).</summary>
    public void Save(string path, TransferSyntax? syntax = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        DicomWriter.Write(stream, Dataset, syntax ?? DicomWriter.DefaultOutputSyntax(TransferSyntax), FileMetaInformation);
    }
}
