using System.Buffers.Binary;
using System.Diagnostics;
using Photopeak.Dicom.IO;
using Photopeak.Dicom.Pixels;
using Photopeak.Dicom.Text;

namespace Photopeak.Dicom.Tests;

/// <summary>Malformed input raises DicomFormatException with offset and tag: never a hang, a crash or an allocation driven by a declared length.</summary>
[Collection(nameof(TimedTests))]
public class MalformedInputTests
{
    private static byte[] ValidFile()
    {
        var ds = new DicomDataset()
            .Set(DicomTags.SOPClassUID, DicomUid.NuclearMedicineImageStorage)
            .Set(DicomTags.SOPInstanceUID, "2.25.42")
            .Set(DicomTags.PatientID, "PP-7")
            .SetSequence(DicomTags.EnergyWindowInformationSequence, new DicomDataset().Set(DicomTags.EnergyWindowName, "PEAK"))
            .SetNumbers(DicomTags.Rows, 2).SetNumbers(DicomTags.Columns, 2)
            .SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[8]);
        return DicomWriter.ToBytes(ds, TransferSyntax.ExplicitVRLittleEndian);
    }

    private static int OffsetOf(byte[] file, DicomTag tag)
    {
        Span<byte> pattern = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(pattern, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(pattern[2..], tag.Element);
        return file.AsSpan(132).IndexOf(pattern) + 132;
    }

    [Fact]
    public void Truncated_file_names_the_offset_and_the_tag_being_read()
    {
        var file = ValidFile();
        var at = OffsetOf(file, DicomTags.PixelData);
        var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Read(file.AsMemory(0, at + 14)));
        Assert.Equal(DicomTags.PixelData, ex.Tag);
        Assert.Equal(at, ex.Offset);
    }

    [Fact]
    public void Length_past_the_end_is_refused()
    {
        var file = ValidFile();
        var at = OffsetOf(file, DicomTags.PatientID);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at + 6), 0xFFF0);
        var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Read(file));
        Assert.Equal(DicomTags.PatientID, ex.Tag);
        Assert.Contains("exceeds", ex.Message);
    }

    [Fact]
    public void Declared_length_of_four_gigabytes_is_refused_without_allocating_it()
    {
        var file = ValidFile();
        var at = OffsetOf(file, DicomTags.PixelData);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at + 8), 0xFFFFFFFE);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Read(file));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the reader allocated as much as the declared length");
        Assert.Contains("4294967294", ex.Message);
    }

    [Fact]
    public void Odd_length_is_read_with_a_warning()
    {
        var file = ValidFile();
        var at = OffsetOf(file, DicomTags.PatientID);
        // "PP-7" (4 bytes) declared as 3: the reader takes 3 bytes and then finds the 4th as garbage before the next tag.
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at + 6), 3);
        var ex = Record.Exception(() => DicomFile.Read(file));
        Assert.True(ex is null or DicomFormatException, $"unexpected {ex?.GetType().Name}");
        var ds = new DicomDataset().SetBytes(DicomTags.PatientID, DicomVR.LO, "ABC"u8.ToArray());
        var bytes = DicomWriter.ToBytes(ds, TransferSyntax.ExplicitVRLittleEndian);
        var pid = OffsetOf(bytes, DicomTags.PatientID);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(pid + 6), 3);
        var read = DicomFile.Read(bytes.AsMemory(0, bytes.Length - 1));
        Assert.Equal("ABC", read.Dataset.GetString(DicomTags.PatientID));
        Assert.Contains(read.Warnings, w => w.Contains("odd value length 3"));
    }

    [Fact]
    public void Unknown_vr_is_refused_naming_the_vr_and_tag()
    {
        var file = ValidFile();
        var at = OffsetOf(file, DicomTags.PatientID);
        file[at + 4] = (byte)'Q';
        file[at + 5] = (byte)'Q';
        var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Read(file));
        Assert.Contains("'QQ'", ex.Message);
        Assert.Equal(DicomTags.PatientID, ex.Tag);
    }

    [Fact]
    public void Absurd_nesting_is_refused_before_the_stack_runs_out()
    {
        var inner = new DicomDataset().Set(DicomTags.PatientID, "X");
        for (var i = 0; i < DicomStreamReader.MaxDepth + 5; i++)
            inner = new DicomDataset().SetSequence(DicomTags.ReferencedImageSequence, inner);
        var bytes = DicomWriter.ToBytes(inner, TransferSyntax.ExplicitVRLittleEndian);
        var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Read(bytes));
        Assert.Contains("nested", ex.Message);
        Assert.Equal(DicomTags.ReferencedImageSequence, ex.Tag);
    }

    [Fact]
    public void Missing_sequence_delimiter_is_refused()
    {
        var file = ValidFile();
        var withoutDelimiter = file.AsMemory(0, OffsetOf(file, DicomTag.ItemDelimitation) + 8); // cut the sequence delimiter and the rest
        var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Read(withoutDelimiter));
        Assert.True(DicomTags.EnergyWindowInformationSequence == ex.Tag, ex.Message);
    }

    [Theory]
    [InlineData(6, false)]   // shorter than 2 × 2 × 16 bits
    [InlineData(8, true)]    // exactly
    [InlineData(12, false)]  // longer: the header does not describe the data
    [InlineData(4096, false)]
    public void Pixel_data_longer_or_shorter_than_the_header_says_is_refused_naming_the_tag(int bytes, bool readable)
    {
        var ds = new DicomDataset()
            .SetNumbers(DicomTags.Rows, 2).SetNumbers(DicomTags.Columns, 2).SetNumbers(DicomTags.BitsAllocated, 16)
            .SetNumbers(DicomTags.SamplesPerPixel, 1).SetNumbers(DicomTags.NumberOfFrames, 1)
            .SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[bytes]);
        var px = new DicomPixelData(ds, TransferSyntax.ExplicitVRLittleEndian, "px.dcm");
        if (readable) { Assert.Equal(8, px.GetFrame(0).Length); return; }
        var ex = Assert.Throws<DicomFormatException>(() => px.GetFrame(0));
        Assert.Equal(DicomTags.PixelData, ex.Tag);
        Assert.Contains($"holds {bytes} bytes", ex.Message);
    }

    // ---- mutation test ----

    private static readonly Type[] Documented =
    [
        typeof(DicomFormatException), typeof(UnsupportedTransferSyntaxException), typeof(UnsupportedPixelDataException),
        typeof(DicomValueException), typeof(UnsupportedCharacterSetException),
    ];

    /// <summary>Reads everything a client would: all values as text, and every frame of pixel data.</summary>
    private static void Exercise(ReadOnlyMemory<byte> bytes)
    {
        var file = DicomFile.Read(bytes, "mutant");
        Walk(file.Dataset);
        if (file.Dataset.Contains(DicomTags.PixelData))
        {
            var px = new DicomPixelData(file.Dataset, file.TransferSyntax);
            if (px.FrameBytes * px.NumberOfFrames < 64 << 20)
                for (var i = 0; i < px.NumberOfFrames; i++) px.GetFrame(i);
        }
    }

    private static void Walk(DicomDataset ds)
    {
        foreach (var e in ds)
        {
            if (e.Items is { } items) foreach (var item in items) Walk(item);
            else if (!e.IsEncapsulated) { ds.GetString(e.Tag); ds.GetStrings(e.Tag); }
        }
    }

    private static TimeSpan TimeExercise(ReadOnlyMemory<byte> bytes, string mutation, Stopwatch stopwatch)
    {
        stopwatch.Restart();
        try
        {
            Exercise(bytes);
        }
        catch (Exception ex) when (Documented.Contains(ex.GetType()))
        {
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{mutation} escaped as {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }
        return stopwatch.Elapsed;
    }

    [Fact]
    public async Task Ten_thousand_flipped_and_truncated_files_raise_only_documented_exceptions_each_within_a_second()
    {
        var files = SharedData.AllFiles().Select(f => (Name: f, Bytes: File.ReadAllBytes(SharedData.PathOf(f)))).ToArray();
        var random = new Random(20261124);
        var slowest = TimeSpan.Zero;
        var slowestCase = "";
        var work = Task.Run(() =>
        {
            var stopwatch = new Stopwatch();
            for (var i = 0; i < 10_000; i++)
            {
                var (name, original) = files[random.Next(files.Length)];
                var bytes = (byte[])original.Clone();
                var flips = random.Next(1, 9);
                var mutation = $"{name} #{i}:";
                for (var k = 0; k < flips; k++)
                {
                    // Bias flips towards the header, where the structure is.
                    var at = random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 2048)) : random.Next(bytes.Length);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    mutation += $" flip@{at}";
                }
                var length = bytes.Length;
                if (random.Next(3) == 0)
                {
                    length = random.Next(bytes.Length);
                    mutation += $" cut@{length}";
                }
                var elapsed = TimeExercise(bytes.AsMemory(0, length), mutation, stopwatch);
                // A slow case is timed again (best of three): a genuinely slow parse is slow every time, a scheduling
                // hiccup or a GC pause on a busy machine is not.
                for (var retry = 0; retry < 2 && elapsed > TimeSpan.FromMilliseconds(300); retry++)
                    elapsed = TimeSpan.FromTicks(Math.Min(elapsed.Ticks, TimeExercise(bytes.AsMemory(0, length), mutation, stopwatch).Ticks));
                if (elapsed > slowest) { slowest = elapsed; slowestCase = mutation; }
            }
        });
        await work.WaitAsync(TimeSpan.FromMinutes(3)); // a TimeoutException here means a mutant hung the reader
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"slowest mutant took {slowest.TotalMilliseconds:F0} ms: {slowestCase}");
    }
}

/// <summary>Tests that measure time run alone, not beside the other test classes of this assembly.</summary>
[CollectionDefinition(nameof(TimedTests), DisableParallelization = true)]
public sealed class TimedTests;
