using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;

namespace Photopeak.Server.Store;

/// <summary>
/// Files and index of received instances under one data folder: studies/STUDY/SERIES/SOP.dcm as Part 10 files holding the
/// data set bytes exactly as received, conflicts/ for a SOP Instance UID received again with other bytes, index.db beside them. An instance is written to tmp/, flushed, renamed into place,
/// its directory flushed and its row committed before <see cref="StoreAsync"/> returns, so a success sent after it survives
/// a crash; a file never appears half-written under studies/.
/// </summary>
public sealed class InstanceStore : IDisposable
{
    private readonly ILogger logger;

    private InstanceStore(string root, StoreIndex index, ILogger logger)
    {
        Root = root;
        Index = index;
        this.logger = logger;
    }

    /// <summary>The data folder.</summary>
    public string Root { get; }

    /// <summary>The index.</summary>
    public StoreIndex Index { get; }

    /// <summary>
    /// Opens a data folder (created if absent) with its index (SQLite in the folder unless <paramref name="database"/> names
    /// PostgreSQL), drops temporary files a crash left and makes index and files agree: rows without a file are removed, files
    /// without a row are indexed. Only the node that receives into the folder opens it this way.
    /// </summary>
    public static async Task<InstanceStore> OpenAsync(string root, ILogger logger, CancellationToken cancel, IndexDatabase? database = null)
    {
        root = Path.GetFullPath(root);
        DurableFile.CreateDirectory(Path.Combine(root, "tmp"));
        DurableFile.CreateDirectory(Path.Combine(root, "studies"));
        var store = new InstanceStore(root, StoreIndex.Open(database ?? IndexDatabase.Sqlite, root), logger);
        try { await store.RecoverAsync(cancel).ConfigureAwait(false); }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    /// <summary>
    /// Opens the data folder of a receiving node for a processing-only worker: the index as it is, no recovery (the node owns
    /// tmp/ and reconciles index and files; a worker on a shared folder must not remove what it cannot see yet).
    /// </summary>
    public static InstanceStore OpenForWorker(string root, IndexDatabase database, ILogger logger)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(Path.Combine(root, "studies")))
            throw new DirectoryNotFoundException($"{root} is not a node's data folder (it has no studies/ folder)");
        return new InstanceStore(root, StoreIndex.Open(database, root), logger);
    }

    /// <summary>
    /// Stores one received instance. Returns what happened; throws <see cref="InvalidInstanceException"/> if the data set cannot
    /// be read or lacks its UIDs, or names another SOP Instance UID than the request.
    /// </summary>
    public async Task<StoreResult> StoreAsync(ReadOnlyMemory<byte> dataset, TransferSyntax syntax, string sopInstanceUid, string? callingAETitle, CancellationToken cancel)
    {
        InstanceAttributes attributes;
        try { attributes = InstanceAttributes.From(DicomFile.ReadDataset(dataset, syntax)); }
        catch (DicomFormatException e) { throw new InvalidInstanceException($"the data set of {sopInstanceUid} is not readable {syntax.Name}: {e.Reason}", e); }
        if (attributes.SopInstanceUid != sopInstanceUid)
            throw new InvalidInstanceException($"the data set's SOP Instance UID {attributes.SopInstanceUid} is not the {sopInstanceUid} the request names");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(dataset.Span));
        var received = DateTimeOffset.UtcNow;
        var seriesFolder = Path.Combine("studies", attributes.StudyInstanceUid, attributes.SeriesInstanceUid);
        var relative = Path.Combine(seriesFolder, attributes.SopInstanceUid + ".dcm");

        var existing = await Index.FindAsync(attributes.SopInstanceUid, cancel).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing.Sha256 == sha256) return new(StoreOutcome.AlreadyStored, attributes);
            // Outside studies/, so the study a procedure reads holds one copy of each instance.
            var conflict = Path.Combine("conflicts", attributes.StudyInstanceUid, attributes.SeriesInstanceUid, $"{attributes.SopInstanceUid}.{sha256[..16]}.dcm");
            await WriteAsync(conflict, dataset, syntax, attributes, callingAETitle).ConfigureAwait(false);
            await Index.AddConflictAsync(conflict, attributes.SopInstanceUid, sha256, callingAETitle, received, cancel).ConfigureAwait(false);
            logger.LogWarning("instance {SopInstanceUid} received again from {Calling} with other bytes; kept as {Path} and flagged",
                attributes.SopInstanceUid, callingAETitle, conflict);
            return new(StoreOutcome.ConflictKept, attributes);
        }
        await WriteAsync(relative, dataset, syntax, attributes, callingAETitle).ConfigureAwait(false);
        var size = new FileInfo(Path.Combine(Root, relative)).Length;
        await Index.AddAsync(new StoredInstance(attributes, syntax.Uid, relative, size, sha256, callingAETitle, received), cancel).ConfigureAwait(false);
        return new(StoreOutcome.Stored, attributes);
    }

    /// <summary>The folder holding a study's instances (what a procedure reads).</summary>
    public string StudyFolder(string studyInstanceUid) => Path.Combine(Root, "studies", studyInstanceUid);

    /// <summary>The folder where a study's result.json and reports are written.</summary>
    public string ResultsFolder(string studyInstanceUid) => Path.Combine(Root, "results", studyInstanceUid);

    /// <summary>The absolute path of a stored instance's file.</summary>
    public string PathOf(StoredInstance instance) => Path.Combine(Root, instance.RelativePath);

    /// <inheritdoc/>
    public void Dispose() => Index.Dispose();

    private async Task WriteAsync(string relative, ReadOnlyMemory<byte> dataset, TransferSyntax syntax, InstanceAttributes attributes, string? callingAETitle)
    {
        var final = Path.Combine(Root, relative);
        DurableFile.CreateDirectory(Path.GetDirectoryName(final)!);
        var temporary = Path.Combine(Root, "tmp", Guid.NewGuid().ToString("N") + ".part");
        try
        {
            await DurableFile.WriteAsync(temporary, stream =>
            {
                DicomWriter.WritePart10(stream, dataset.Span, syntax, attributes.SopClassUid, attributes.SopInstanceUid, callingAETitle);
                return Task.CompletedTask;
            }).ConfigureAwait(false);
            if (File.Exists(final)) File.Delete(temporary); // the same bytes already landed (a retry after a crash before indexing)
            else DurableFile.MoveIntoPlace(temporary, final);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private async Task RecoverAsync(CancellationToken cancel)
    {
        foreach (var part in Directory.EnumerateFiles(Path.Combine(Root, "tmp"))) File.Delete(part);
        var indexed = await Index.InstancesAsync(null, cancel).ConfigureAwait(false);
        var missing = indexed.Where(i => !File.Exists(PathOf(i))).Select(i => i.Attributes.SopInstanceUid).ToList();
        if (missing.Count > 0)
        {
            logger.LogWarning("{Count} indexed instance(s) have no file; their rows are removed", missing.Count);
            await Index.RemoveAsync(missing, cancel).ConfigureAwait(false);
        }
        var known = indexed.Select(i => i.RelativePath).ToHashSet(StringComparer.Ordinal);
        var conflicts = (await Index.ConflictsAsync(cancel).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "studies"), "*.dcm", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, file);
            if (known.Contains(relative) || conflicts.Contains(relative)) continue;
            var bytes = await File.ReadAllBytesAsync(file, cancel).ConfigureAwait(false);
            DicomFile read;
            InstanceAttributes attributes;
            try
            {
                read = DicomFile.Read(bytes, file);
                attributes = InstanceAttributes.From(read.Dataset);
            }
            catch (Exception e) when (e is DicomFormatException or InvalidInstanceException)
            {
                logger.LogError("stored file {Path} is not a readable instance and is left out of the index: {Problem}", relative, e.Message);
                continue;
            }
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(read.DatasetOffset)));
            var calling = read.FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle);
            var written = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
            if (!await Index.AddAsync(new StoredInstance(attributes, read.TransferSyntax.Uid, relative, bytes.Length, sha256, calling, written), cancel).ConfigureAwait(false))
                await Index.AddConflictAsync(relative, attributes.SopInstanceUid, sha256, calling, written, cancel).ConfigureAwait(false);
            added++;
        }
        if (added > 0) logger.LogWarning("{Count} stored file(s) were not indexed (a crash after the rename); indexed now", added);
        var conflictsRoot = Path.Combine(Root, "conflicts");
        if (!Directory.Exists(conflictsRoot)) return;
        foreach (var file in Directory.EnumerateFiles(conflictsRoot, "*.dcm", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, file);
            if (conflicts.Contains(relative)) continue;
            var bytes = await File.ReadAllBytesAsync(file, cancel).ConfigureAwait(false);
            try
            {
                var read = DicomFile.Read(bytes, file);
                await Index.AddConflictAsync(relative, InstanceAttributes.From(read.Dataset).SopInstanceUid,
                    Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(read.DatasetOffset))), read.FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle),
                    new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero), cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DicomFormatException or InvalidInstanceException)
            {
                logger.LogError("conflicting copy {Path} is not readable: {Problem}", relative, e.Message);
            }
        }
    }
}

/// <summary>What storing a received instance did, and the attributes read from it.</summary>
public sealed record StoreResult(StoreOutcome Outcome, InstanceAttributes Attributes);

/// <summary>What storing a received instance did.</summary>
public enum StoreOutcome
{
    /// <summary>Written and indexed.</summary>
    Stored,
    /// <summary>The same SOP Instance UID with the same bytes was already stored: nothing written.</summary>
    AlreadyStored,
    /// <summary>The same SOP Instance UID with other bytes: kept beside the first and flagged in the index.</summary>
    ConflictKept,
}
