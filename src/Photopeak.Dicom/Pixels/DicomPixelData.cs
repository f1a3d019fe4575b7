namespace Photopeak.Dicom.Pixels;

/// <summary>Access to the frames of (7FE0,0010) as native little-endian bytes, decoding RLE; other compressed syntaxes are refused clearly.</summary>
public sealed class DicomPixelData
{
    private readonly DicomElement element;
    private readonly TransferSyntax syntax;
    private readonly string? source;
    private List<ReadOnlyMemory<byte>>? frameFragments;

    public DicomPixelData(DicomDataset dataset, TransferSyntax syntax, string? source = null)
    {
        this.syntax = syntax;
        this.source = source;
        element = dataset[DicomTags.PixelData] ?? throw new DicomValueException(DicomTags.PixelData, "the data set has no Pixel Data");
        Rows = Required(dataset, DicomTags.Rows);
        Columns = Required(dataset, DicomTags.Columns);
        BitsAllocated = Required(dataset, DicomTags.BitsAllocated);
        BitsStored = dataset.GetInt32(DicomTags.BitsStored) ?? BitsAllocated;
        SamplesPerPixel = dataset.GetInt32(DicomTags.SamplesPerPixel) ?? 1;
        PixelRepresentation = dataset.GetInt32(DicomTags.PixelRepresentation) ?? 0;
        NumberOfFrames = dataset.GetInt32(DicomTags.NumberOfFrames) ?? 1;
        if (Rows <= 0 || Columns <= 0) throw new DicomValueException(DicomTags.Rows, $"image size {Rows} x {Columns} is not valid");
        if (NumberOfFrames <= 0) throw new DicomValueException(DicomTags.NumberOfFrames, $"Number of Frames {NumberOfFrames} is not valid");
        if (SamplesPerPixel is < 1 or > 4) throw new DicomValueException(DicomTags.SamplesPerPixel, $"Samples per Pixel {SamplesPerPixel} is not valid");
    }

    private static int Required(DicomDataset ds, DicomTag tag) => ds.GetInt32(tag) ?? throw new DicomValueException(tag, "required for pixel data but missing");

    public int Rows { get; }
    public int Columns { get; }
    public int BitsAllocated { get; }
    public int BitsStored { get; }
    public int SamplesPerPixel { get; }
    /// <summary>0 unsigned, 1 two's complement.</summary>
    public int PixelRepresentation { get; }
    public int NumberOfFrames { get; }

    /// <summary>Bytes of one decoded frame.</summary>
    public long FrameBytes => (long)Rows * Columns * SamplesPerPixel * (BitsAllocated / 8);

    /// <summary>One frame, native little-endian, sample-interleaved. Native data are returned without copying.</summary>
    public ReadOnlyMemory<byte> GetFrame(int index)
    {
        if (index < 0 || index >= NumberOfFrames) throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} of {NumberOfFrames}");
        if (BitsAllocated is not (8 or 16 or 32 or 64))
            throw new UnsupportedPixelDataException($"{source ?? "data set"}: Bits Allocated (0028,0100) = {BitsAllocated} is not supported (only 8, 16, 32 and 64)");
        var frameBytes = FrameBytes;
        if (!element.IsEncapsulated)
        {
            var needed = frameBytes * NumberOfFrames;
            // Longer is as wrong as shorter: Rows, Columns, Bits Allocated or Number of Frames do not describe the data, so
            // any frame cut from it would be misplaced. One byte more is the pad of an odd length (PS3.5 7.1.1).
            if (element.Length < needed || element.Length > needed + (needed % 2))
                throw new DicomFormatException($"Pixel Data holds {element.Length} bytes but {NumberOfFrames} frame(s) of {Rows} x {Columns} x {SamplesPerPixel} x {BitsAllocated} bits need {needed}" +
                    (element.Length > needed ? ": the header does not describe the pixel data (Rows, Columns, Bits Allocated or Number of Frames is wrong)" : ""),
                    element.SourceOffset, DicomTags.PixelData, source);
            return element.Value.Slice((int)(frameBytes * index), (int)frameBytes);
        }
        if (syntax != TransferSyntax.RleLossless) throw new UnsupportedTransferSyntaxException(syntax, source);
        var compressed = FrameFragments()[index];
        var output = new byte[frameBytes];
        try
        {
            RleDecoder.DecodeFrame(compressed.Span, output, Rows * Columns, SamplesPerPixel, BitsAllocated / 8, index);
        }
        catch (DicomFormatException ex)
        {
            throw new DicomFormatException(ex.Reason, element.SourceOffset, DicomTags.PixelData, source);
        }
        return output;
    }

    /// <summary>The compressed bytes of each frame, found through the Basic Offset Table, or one fragment per frame, or by frame start markers.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> FrameFragments()
    {
        if (frameFragments is not null) return frameFragments;
        var f = element.Fragments ?? throw new InvalidOperationException("pixel data are not encapsulated");
        var frames = new List<ReadOnlyMemory<byte>>();
        var offsets = f.BasicOffsets();
        if (NumberOfFrames == 1)
        {
            frames.Add(Concatenate(f.Items, 0, f.Count));
        }
        else if (offsets.Length == NumberOfFrames)
        {
            // Offsets count bytes from the first fragment item's tag: 8 bytes of item header per fragment.
            var starts = new List<int>();
            long position = 0;
            var next = 0;
            for (var i = 0; i < f.Count && next < offsets.Length; i++)
            {
                if (position == offsets[next]) { starts.Add(i); next++; }
                position += 8 + f.Items[i].Length;
            }
            if (starts.Count != NumberOfFrames) throw Malformed("Basic Offset Table does not match the fragment boundaries");
            for (var k = 0; k < starts.Count; k++)
                frames.Add(Concatenate(f.Items, starts[k], (k + 1 < starts.Count ? starts[k + 1] : f.Count) - starts[k]));
        }
        else if (f.Count == NumberOfFrames)
        {
            frames.AddRange(f.Items);
        }
        else
        {
            // Empty offset table and several fragments per frame: a new frame starts at a JPEG SOI or J2K SOC marker.
            var starts = new List<int>();
            for (var i = 0; i < f.Count; i++)
            {
                var s = f.Items[i].Span;
                if (s.Length >= 2 && s[0] == 0xFF && (s[1] == 0xD8 || s[1] == 0x4F)) starts.Add(i);
            }
            if (starts.Count != NumberOfFrames || starts[0] != 0)
                throw Malformed($"cannot find {NumberOfFrames} frame boundaries among {f.Count} fragments (empty Basic Offset Table)");
            for (var k = 0; k < starts.Count; k++)
                frames.Add(Concatenate(f.Items, starts[k], (k + 1 < starts.Count ? starts[k + 1] : f.Count) - starts[k]));
        }
        return frameFragments = frames;
    }

    private DicomFormatException Malformed(string message) => new(message, element.SourceOffset, DicomTags.PixelData, source);

    private static ReadOnlyMemory<byte> Concatenate(IReadOnlyList<ReadOnlyMemory<byte>> items, int first, int count)
    {
        if (count == 1) return items[first];
        var total = 0;
        for (var i = first; i < first + count; i++) total += items[i].Length;
        var buffer = new byte[total];
        var o = 0;
        for (var i = first; i < first + count; i++) { items[i].Span.CopyTo(buffer.AsSpan(o)); o += items[i].Length; }
        return buffer;
    }
}
