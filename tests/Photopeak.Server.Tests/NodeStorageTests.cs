using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Network.Dimse;
using Photopeak.Server.Store;

namespace Photopeak.Server.Tests;

/// <summary>What the node keeps of what it receives: every instance, unchanged, indexed, once (issue 15.2).</summary>
public class NodeStorageTests
{
    [Fact]
    public async Task Storescu_of_every_shared_NM_file_is_stored_as_a_Part_10_file_holding_the_data_set_it_sent_and_indexed()
    {
        if (!ExternalTool.Require("storescu") || !ExternalTool.Require("dcmdump")) return;
        await using var node = await TestNode.StartAsync(processing: false);
        var files = Directory.EnumerateFiles(SharedData.PathOf("nm"), "*.dcm", SearchOption.AllDirectories)
            .Where(f => !DicomFile.Open(f).TransferSyntax.Encapsulated).Order(StringComparer.Ordinal).ToList();
        var (code, _, err) = ExternalTool.Run("storescu", ["-aec", "PHOTOPEAK", "-aet", "CAMERA", "-xe", "127.0.0.1", node.Port.ToString(), .. files], 120_000);
        Assert.True(code == 0, err);
        var indexed = await node.Node.Store.Index.InstancesAsync(null, CancellationToken.None);
        Assert.Equal(files.Count, indexed.Count);
        foreach (var path in files)
        {
            var original = DicomFile.Open(path);
            var uid = original.Dataset.GetString(DicomTags.SOPInstanceUID)!;
            var row = Assert.Single(indexed, i => i.Attributes.SopInstanceUid == uid);
            var stored = node.Node.Store.PathOf(row);
            Assert.StartsWith(Path.Combine(node.Folder.FullName, "studies", original.Dataset.GetString(DicomTags.StudyInstanceUID)!), stored);
            var copy = DicomFile.Open(stored);
            Assert.Equal("CAMERA", copy.FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle));
            Assert.Equal(original.Dataset.GetString(DicomTags.PatientID), row.Attributes.PatientId);
            // dcmdump (an independent reader) reads the stored file with its meta, and every element of the original is there unchanged.
            var (dumpCode, _, dumpErr) = ExternalTool.Run("dcmdump", ["-q", stored]);
            Assert.True(dumpCode == 0, dumpErr);
            // Data Set Trailing Padding (FFFC,FFFC) may be dropped by a sender (PS3.10 7.2); every other element must arrive.
            foreach (var element in original.Dataset.Where(e => e.Tag != DicomTags.DataSetTrailingPadding))
                Assert.True(copy.Dataset.TryGet(element.Tag, out var kept) && kept.Value.Span.SequenceEqual(element.Value.Span), $"{Path.GetFileName(path)} {element.Tag} changed");
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(node.Folder.FullName, "tmp")));
    }

    [Fact]
    public async Task The_same_instance_twice_is_one_file_and_other_bytes_under_its_UID_are_kept_apart_and_flagged()
    {
        await using var node = await TestNode.StartAsync(processing: false);
        var sample = SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm");
        Assert.Equal(DimseStatus.Success, (await node.Client().StoreFilesAsync([sample], CancellationToken.None)).Single().Status);
        Assert.Equal(DimseStatus.Success, (await node.Client().StoreFilesAsync([sample], CancellationToken.None)).Single().Status);
        var altered = Path.Combine(node.Folder.FullName, "altered.dcm");
        var file = DicomFile.Open(sample);
        file.Dataset.Set(DicomTags.SeriesDescription, "edited elsewhere");
        file.Save(altered);
        Assert.Equal(DimseStatus.Success, (await node.Client().StoreFilesAsync([altered], CancellationToken.None)).Single().Status);

        var studies = Path.Combine(node.Folder.FullName, "studies");
        Assert.Single(Directory.EnumerateFiles(studies, "*.dcm", SearchOption.AllDirectories));
        var conflict = Assert.Single(await node.Node.Store.Index.ConflictsAsync(CancellationToken.None));
        Assert.StartsWith("conflicts", conflict);
        Assert.Equal("edited elsewhere", DicomFile.Open(Path.Combine(node.Folder.FullName, conflict)).Dataset.GetString(DicomTags.SeriesDescription));
        Assert.NotEqual("edited elsewhere", DicomFile.Open(Directory.EnumerateFiles(studies, "*.dcm", SearchOption.AllDirectories).Single()).Dataset.GetString(DicomTags.SeriesDescription));
    }

    [Fact]
    public async Task An_instance_without_a_Study_Instance_UID_is_refused_with_A900_and_nothing_is_written()
    {
        await using var node = await TestNode.StartAsync(processing: false);
        var bad = Path.Combine(node.Folder.FullName, "bad.dcm");
        var file = DicomFile.Open(SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm"));
        file.Dataset.Remove(DicomTags.StudyInstanceUID);
        file.Save(bad);
        Assert.Equal(DimseStatus.DataSetDoesNotMatchSopClass, (await node.Client().StoreFilesAsync([bad], CancellationToken.None)).Single().Status);
        Assert.Empty(await node.Node.Store.Index.InstancesAsync(null, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(node.Folder.FullName, "studies"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_UID_that_would_leave_the_data_folder_is_refused()
    {
        await using var node = await TestNode.StartAsync(processing: false);
        var bad = Path.Combine(node.Folder.FullName, "traversal.dcm");
        var file = DicomFile.Open(SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm"));
        file.Dataset.Set(DicomTags.SeriesInstanceUID, DicomVR.UI, "../../../etc");
        file.Save(bad);
        Assert.Equal(DimseStatus.DataSetDoesNotMatchSopClass, (await node.Client().StoreFilesAsync([bad], CancellationToken.None)).Single().Status);
        Assert.False(Directory.Exists(Path.Combine(node.Folder.FullName, "etc")));
    }

    [Fact]
    public async Task Reopening_after_a_crash_drops_temporaries_and_makes_index_and_files_agree()
    {
        var kept = DicomUid.Generate();
        var lost = DicomUid.Generate();
        var folder = Directory.CreateTempSubdirectory("photopeak-recovery-");
        try
        {
            var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
            var sample = DicomFile.Open(SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm"));
            using (var store = await InstanceStore.OpenAsync(folder.FullName, logger, CancellationToken.None))
            {
                foreach (var uid in new[] { kept, lost })
                {
                    var copy = sample.Dataset.Clone();
                    copy.Set(DicomTags.SOPInstanceUID, DicomVR.UI, uid);
                    await store.StoreAsync(DicomWriter.EncodeDataset(copy, sample.TransferSyntax), sample.TransferSyntax, uid, "X", CancellationToken.None);
                }
                var rows = await store.Index.InstancesAsync(null, CancellationToken.None);
                File.Delete(store.PathOf(rows.Single(r => r.Attributes.SopInstanceUid == lost)));
                var orphan = sample.Dataset.Clone();
                orphan.Set(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4.5");
                var folderOfSeries = Path.GetDirectoryName(store.PathOf(rows[0]))!;
                // A file renamed into place whose row never committed (the crash came between the two).
                using (var s = File.Create(Path.Combine(folderOfSeries, "1.2.3.4.5.dcm")))
                    DicomWriter.WritePart10(s, DicomWriter.EncodeDataset(orphan, sample.TransferSyntax), sample.TransferSyntax, sample.Dataset.GetString(DicomTags.SOPClassUID)!, "1.2.3.4.5");
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, "tmp", "x.part"), "half");
            }
            using var reopened = await InstanceStore.OpenAsync(folder.FullName, logger, CancellationToken.None);
            var after = await reopened.Index.InstancesAsync(null, CancellationToken.None);
            Assert.Equal(new[] { "1.2.3.4.5", kept }.Order(StringComparer.Ordinal), after.Select(r => r.Attributes.SopInstanceUid).Order(StringComparer.Ordinal));
            Assert.All(after, r => Assert.True(File.Exists(reopened.PathOf(r))));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder.FullName, "tmp")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
