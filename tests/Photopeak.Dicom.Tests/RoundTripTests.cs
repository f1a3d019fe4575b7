using CsCheck;
using Photopeak.Dicom.IO;

namespace Photopeak.Dicom.Tests;

/// <summary>Read, write and read again keeps every element.</summary>
public class RoundTripTests
{
    /// <summary>Asserts two data sets hold the same elements; a written value may gain one padding byte; group lengths are recomputed.</summary>
    internal static void AssertSameElements(DicomDataset expected, DicomDataset actual, bool vrPreserved, string path = "")
    {
        Assert.Equal(expected.Select(e => e.Tag), actual.Select(e => e.Tag));
        foreach (var e in expected)
        {
            var a = actual[e.Tag]!;
            var where = $"{path}{e.Tag}";
            if (vrPreserved && !(e.Length > 0xFFFE && !e.VR.HasLongLength)) Assert.True(e.VR == a.VR, $"{where}: VR {e.VR} became {a.VR}");
            if (e.Items is { } items)
            {
                Assert.True(a.Items is not null, $"{where}: sequence became a value");
                Assert.Equal(items.Count, a.Items!.Count);
                for (var i = 0; i < items.Count; i++) AssertSameElements(items[i], a.Items[i], vrPreserved, $"{where}[{i}]/");
            }
            else if (e.Fragments is { } f)
            {
                Assert.Equal(f.Count, a.Fragments!.Count);
                for (var i = 0; i < f.Count; i++) AssertSameValue(f.Items[i].Span, a.Fragments.Items[i].Span, $"{where} fragment {i}");
            }
            else if (!e.Tag.IsGroupLength)
            {
                AssertSameValue(e.Value.Span, a.Value.Span, where);
            }
        }
    }

    private static void AssertSameValue(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string where)
    {
        var same = actual.SequenceEqual(expected) || (expected.Length % 2 == 1 && actual.Length == expected.Length + 1 && actual[..expected.Length].SequenceEqual(expected));
        Assert.True(same, $"{where}: value of {expected.Length} bytes came back as {actual.Length} different bytes");
    }

    public static TheoryData<string> ReadableSharedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var row in SharedFileOutcomeTests.Expected)
            if ((string)row[1] == "ok") data.Add((string)row[0]);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReadableSharedFiles))]
    public void Shared_file_survives_write_and_read_again(string file)
    {
        var original = DicomFile.Open(SharedData.PathOf(file));
        var syntax = DicomWriter.DefaultOutputSyntax(original.TransferSyntax);
        var bytes = DicomWriter.ToBytes(original.Dataset, syntax, original.FileMetaInformation);
        var again = DicomFile.Read(bytes, file + " (rewritten)");
        Assert.Equal(syntax, again.TransferSyntax);
        AssertSameElements(original.Dataset, again.Dataset, vrPreserved: syntax.ExplicitVR || !original.TransferSyntax.ExplicitVR);
    }

    [Fact]
    public void Written_file_meta_has_correct_group_length_version_and_uids()
    {
        var ds = new DicomDataset()
            .Set(DicomTags.SOPClassUID, DicomUid.NuclearMedicineImageStorage)
            .Set(DicomTags.SOPInstanceUID, "2.25.1234")
            .Set(DicomTags.PatientID, "PP-1");
        var file = DicomFile.Read(DicomWriter.ToBytes(ds, TransferSyntax.ExplicitVRLittleEndian));
        Assert.True(file.HasPreamble);
        var meta = file.FileMetaInformation;
        var declared = meta.GetInt64(new DicomTag(0x0002, 0x0000));
        var actual = meta.Where(e => e.Tag.Element != 0).Sum(e => DicomWriter.EncodedLength(e, explicitVR: true));
        Assert.Equal(actual, declared);
        Assert.Equal(new byte[] { 0, 1 }, meta[DicomTags.FileMetaInformationVersion]!.Value.ToArray());
        Assert.Equal(DicomUid.NuclearMedicineImageStorage, meta.GetString(DicomTags.MediaStorageSOPClassUID));
        Assert.Equal("2.25.1234", meta.GetString(DicomTags.MediaStorageSOPInstanceUID));
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian.Uid, meta.GetString(DicomTags.TransferSyntaxUID));
        Assert.Equal(DicomUid.ImplementationClass, meta.GetString(DicomTags.ImplementationClassUID));
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void Values_are_padded_to_even_length_with_the_padding_byte_of_their_vr()
    {
        var ds = new DicomDataset().Set(DicomTags.PatientID, "ABC").Set(DicomTags.SOPInstanceUID, "1.2.3")
            .SetBytes(DicomTags.PixelData, DicomVR.OB, new byte[] { 1, 2, 3 });
        var again = DicomFile.Read(DicomWriter.ToBytes(ds, TransferSyntax.ExplicitVRLittleEndian)).Dataset;
        Assert.Equal("ABC "u8.ToArray(), again[DicomTags.PatientID]!.Value.ToArray());
        Assert.Equal("1.2.3\0"u8.ToArray(), again[DicomTags.SOPInstanceUID]!.Value.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3, 0 }, again[DicomTags.PixelData]!.Value.ToArray());
        Assert.Equal("ABC", again.GetString(DicomTags.PatientID));
        Assert.Equal("1.2.3", again.GetString(DicomTags.SOPInstanceUID));
    }

    [Fact]
    public void Generated_uids_are_under_2_25_and_at_most_64_characters()
    {
        for (var i = 0; i < 1000; i++)
        {
            var uid = DicomUid.Generate();
            Assert.StartsWith("2.25.", uid);
            Assert.True(uid.Length <= 64, uid);
            Assert.Matches("^2\\.25\\.(0|[1-9][0-9]*)$", uid);
        }
        Assert.Equal("2.25.0", DicomUid.FromUuid(Guid.Empty));
        Assert.Equal("2.25.329800735698586629295641978511506172918", DicomUid.FromUuid(new Guid("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"))); // X.667 example
    }

    // ---- property tests: random data sets round-trip through write and read ----

    private static readonly DicomVR[] ValueVRs = DicomVR.All.Where(v => v != DicomVR.SQ).ToArray();

    private static Gen<byte[]> ValueFor(DicomVR vr)
    {
        var unit = vr == DicomVR.AT ? 4 : Math.Max(1, vr.SwapUnit);
        var maxUnits = vr.HasLongLength ? 300 : 40;
        return Gen.Int[0, maxUnits].SelectMany(n => Gen.Byte.Array[n * unit]);
    }

    private static readonly Gen<DicomTag> PublicOrPrivateTag =
        Gen.OneOf(
            Gen.Select(Gen.UShort[0x0008, 0x7FDF], Gen.UShort[0x0001, 0xFFFF], (g, e) => new DicomTag((ushort)(g & 0xFFFE), e)),
            Gen.Select(Gen.UShort[0x0009, 0x7FDF], Gen.UShort[0x1000, 0x10FF], (g, e) => new DicomTag((ushort)(g | 1), e)));

    private static Gen<DicomDataset> ExplicitDataset(int depth) =>
        Gen.Int[0, depth == 0 ? 12 : 5].SelectMany(n =>
        {
            var element = Gen.Frequency(
                (8, Gen.Select(PublicOrPrivateTag, Gen.Int[0, ValueVRs.Length - 1], (t, v) => (t, v)).SelectMany(x => ValueFor(ValueVRs[x.v]).Select(b => DicomElement.FromBytes(x.t, ValueVRs[x.v], b)))),
                (depth < 3 ? 1 : 0, Gen.Select(PublicOrPrivateTag, Gen.Int[0, 3].SelectMany(k => ExplicitDataset(depth + 1).Array[k]), (t, items) => DicomElement.FromItems(t, items))));
            return element.Array[n].Select(elements =>
            {
                var ds = new DicomDataset();
                foreach (var e in elements) if (!e.Tag.IsGroupLength) ds.Add(e);
                return ds;
            });
        });

    [Fact]
    public void Random_explicit_vr_data_sets_round_trip_through_write_and_read() =>
        ExplicitDataset(0).Sample(ds =>
        {
            var again = DicomFile.Read(DicomWriter.ToBytes(ds, TransferSyntax.ExplicitVRLittleEndian)).Dataset;
            AssertSameElements(ds, again, vrPreserved: true);
        }, iter: 300);

    [Fact]
    public void Random_deflated_data_sets_round_trip_through_write_and_read() =>
        ExplicitDataset(0).Sample(ds =>
        {
            var file = DicomFile.Read(DicomWriter.ToBytes(ds, TransferSyntax.DeflatedExplicitVRLittleEndian));
            Assert.True(file.TransferSyntax.Deflated);
            AssertSameElements(ds, file.Dataset, vrPreserved: true);
        }, iter: 100);

    private static readonly DicomDictionaryEntry[] ImplicitSafeEntries = DicomDictionary.Entries
        .Where(e => e.Tag >> 16 is >= 0x0008 and < 0x7FE0 && (e.Tag & 0xFFFF) != 0 && e.VR != DicomVR.UN).ToArray();

    private static Gen<DicomDataset> ImplicitDataset(int depth) =>
        Gen.Int[0, depth == 0 ? 12 : 4].SelectMany(n =>
            Gen.Int[0, ImplicitSafeEntries.Length - 1].SelectMany(i =>
            {
                var entry = ImplicitSafeEntries[i];
                var tag = new DicomTag(entry.Tag);
                return entry.VR == DicomVR.SQ
                    ? (depth < 2 ? Gen.Int[0, 2].SelectMany(k => ImplicitDataset(depth + 1).Array[k]).Select(items => DicomElement.FromItems(tag, items)) : Gen.Const(DicomElement.FromBytes(tag, DicomVR.LO, new byte[2])))
                    : ValueFor(entry.VR).Where(b => b.Length <= 0xFFFE).Select(b => DicomElement.FromBytes(tag, entry.VR, b));
            }).Array[n].Select(elements => new DicomDataset(elements.Where(e => e.VR == DicomDictionary.ImplicitVR(e.Tag)))));

    [Fact]
    public void Random_implicit_vr_data_sets_round_trip_with_dictionary_vrs() =>
        ImplicitDataset(0).Sample(ds =>
        {
            var again = DicomFile.Read(DicomWriter.ToBytes(ds, TransferSyntax.ImplicitVRLittleEndian)).Dataset;
            AssertSameElements(ds, again, vrPreserved: true);
        }, iter: 300);
}
