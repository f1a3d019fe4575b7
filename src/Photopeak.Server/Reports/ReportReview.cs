using System.Text.Json;
using Photopeak.Procedures;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using Photopeak.Reporting.Model;
using Photopeak.Server.Jobs;
using Photopeak.Server.Store;

namespace Photopeak.Server.Reports;

/// <summary>
/// The physician's review of a processed study: the draft is always what the procedure makes of the stored study with the
/// ROIs and report text edited so far (kept under review/STUDY/), so processing, recompute and signing produce the same
/// content from the same inputs. Signing freezes a version: its files are kept under review/STUDY/versions/N/ and sent on
/// from there (each version's own files); a later change is an amendment, the next version, linked to the signed one. One
/// change at a time per study, across every process sharing the index (<see cref="ReviewLock"/>).
/// </summary>
public sealed class ReportReview(InstanceStore store, Forwarding.Forwarder? forwarder = null)
{
    private readonly ReportVersions versions = new(store.Index);
    private readonly ReviewLock locks = new(store.Index);

    /// <summary>How long a physician's change waits for another change to the same study (a recompute, a processing run)
    /// before it is answered with <see cref="ReviewBusyException"/>.</summary>
    public TimeSpan ChangeWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Runs just before a signature's commit (tests: another process taking the lease then).</summary>
    internal Func<Task>? BeforeSignatureCommit { get; init; }

    /// <summary>How long processing on arrival waits for a change under way to the same study.</summary>
    public TimeSpan ProcessingWait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where a study's edits and signed versions are kept.</summary>
    public string ReviewFolder(string studyUid) => Path.Combine(store.Root, "review", studyUid);

    /// <summary>The folder of a signed version's files (report.pdf, report.dcm, result.json…).</summary>
    public string VersionFolder(string studyUid, int version) => Path.Combine(ReviewFolder(studyUid), "versions", version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every version of the study's report, oldest first (none until the first review action or signature).</summary>
    public Task<List<ReportVersion>> VersionsAsync(string studyUid, CancellationToken cancel) => versions.OfAsync(studyUid, cancel);

    /// <summary>The latest report version of every study that has one (the worklist's report column).</summary>
    public Task<Dictionary<string, ReportVersion>> LatestVersionsAsync(CancellationToken cancel) => versions.LatestAsync(cancel);

    /// <summary>The report text edited so far (indication, impression), or nulls.</summary>
    public (string? Indication, string? Impression) EditedText(string studyUid)
    {
        var edits = ReadEdits(studyUid);
        return (edits.Indication, edits.Impression);
    }

    /// <summary>What the physician has stated for elements no image shows (<see cref="PhysicianStatements"/>), by element.</summary>
    public Dictionary<Coding.Documentation.ReportElement, string> EditedStatements(string studyUid) => ReadEdits(studyUid).Statements;

    // Everything text.json keeps, read in one pass: indication, impression (nulls when not edited) and the statements.
    private (string? Indication, string? Impression, Dictionary<Coding.Documentation.ReportElement, string> Statements) ReadEdits(string studyUid)
    {
        var statements = new Dictionary<Coding.Documentation.ReportElement, string>();
        var path = Path.Combine(ReviewFolder(studyUid), "text.json");
        if (!File.Exists(path)) return (null, null, statements);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        string? Member(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (doc.RootElement.TryGetProperty("statements", out var kept) && kept.ValueKind == JsonValueKind.Object)
            foreach (var p in kept.EnumerateObject())
                if (PhysicianStatements.Parse(p.Name) is { } element && p.Value.ValueKind == JsonValueKind.String) statements[element] = p.Value.GetString()!;
        return (Member("indication"), Member("impression"), statements);
    }

    /// <summary>Makes the current draft and writes it to the results folder with its measurement SR. Throws
    /// <see cref="ReportSignedException"/> when the latest version is signed (the signed files stay as they are).</summary>
    public async Task<ProcedureRun> ProduceDraftAsync(string studyUid, IReadOnlyList<StoredInstance> instances, CancellationToken cancel)
    {
        await using var held = await locks.TakeAsync(studyUid, ProcessingWait, cancel).ConfigureAwait(false);
        return await DraftAsync(studyUid, instances, null, held, cancel).ConfigureAwait(false);
    }

    /// <summary>Recomputes with edited ROIs (the text of a result.json or its "rois" array, as <c>process --rois</c> takes
    /// them) and keeps them for later drafts. Throws <see cref="ProcedureInputException"/> with the reason when the ROIs are
    /// malformed or the procedure cannot use them; the draft is then left as it was.</summary>
    public Task<ProcedureRun> RecomputeAsync(string studyUid, string roisJson, CancellationToken cancel)
    {
        // ROI lists are checked here, so the reason names no server file; lung outlines (an object) are the procedure's to read.
        using (var document = JsonDocument.Parse(roisJson))
        {
            var rois = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("rois", out var r) ? r : document.RootElement;
            if (rois.ValueKind != JsonValueKind.Object) ResultJson.ParseRois(roisJson, "the ROIs");
        }
        return ChangeAsync(studyUid, async (instances, latest, lease) =>
        {
            Directory.CreateDirectory(ReviewFolder(studyUid));
            var candidate = Path.Combine(ReviewFolder(studyUid), $"rois.{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(candidate, roisJson, cancel).ConfigureAwait(false);
            try
            {
                var run = await DraftAsync(studyUid, instances, candidate, lease, cancel).ConfigureAwait(false);
                File.Move(candidate, Path.Combine(ReviewFolder(studyUid), "rois.json"), overwrite: true);
                return run;
            }
            finally { File.Delete(candidate); }
        }, cancel);
    }

    /// <summary>Edits the draft's indication and impression (null leaves one as it is) and the physician's statements (an
    /// element given null or blank text is no longer stated; one not given stays as it was).</summary>
    public Task<ProcedureRun> EditTextAsync(string studyUid, string? indication, string? impression, CancellationToken cancel,
        IReadOnlyDictionary<Coding.Documentation.ReportElement, string?>? statements = null) =>
        ChangeAsync(studyUid, async (instances, latest, lease) =>
        {
            var (oldIndication, oldImpression, stated) = ReadEdits(studyUid);
            foreach (var (element, text) in statements ?? new Dictionary<Coding.Documentation.ReportElement, string?>())
                if (string.IsNullOrWhiteSpace(text)) stated.Remove(element); else stated[element] = text.Trim();
            Directory.CreateDirectory(ReviewFolder(studyUid));
            ReplaceJson(Path.Combine(ReviewFolder(studyUid), "text.json"), w =>
            {
                w.WriteStartObject();
                w.WriteString("indication", indication ?? oldIndication);
                w.WriteString("impression", impression ?? oldImpression);
                w.WriteStartObject("statements");
                foreach (var (element, text) in stated.OrderBy(s => s.Key)) w.WriteString(PhysicianStatements.Key(element), text);
                w.WriteEndObject();
                w.WriteEndObject();
            });
            return await DraftAsync(studyUid, instances, null, lease, cancel).ConfigureAwait(false);
        }, cancel);

    /// <summary>Signs the current draft as <paramref name="signer"/>: the signed report replaces the draft's files, is kept
    /// as its version and is sent on. Throws <see cref="ReportSignedException"/> when the latest version is signed already,
    /// and <see cref="DocumentationIncompleteException"/> when the codes' documentation check lists missing elements and
    /// the signer has not acknowledged them: all of them (<paramref name="acknowledgeIncomplete"/>), or each one by its text
    /// (<paramref name="acknowledgedMissing"/>, as the check listed them when the signer looked). The signed report lists them.</summary>
    public Task<SignedVersion> SignAsync(string studyUid, string signer, CancellationToken cancel, bool acknowledgeIncomplete = false,
        IReadOnlyCollection<string>? acknowledgedMissing = null) =>
        ChangeAsync(studyUid, async (instances, latest, lease) =>
        {
            var run = Produce(studyUid, null, latest.Version, await versions.OfAsync(studyUid, cancel).ConfigureAwait(false));
            var missing = run.Outcome.Report.DocumentationCheck.Missing.Select(m => m.ToString()).ToList();
            // An acknowledgement covers what the signer saw: an element missing since then stops the signature again.
            if (missing.Count > 0 && !acknowledgeIncomplete && !(acknowledgedMissing is not null && missing.All(acknowledgedMissing.Contains)))
                throw new DocumentationIncompleteException(missing);
            var signed = run.Outcome.Report.Sign(signer, DateTimeOffset.UtcNow);
            // A process that stalled past its lease while the procedure ran must not overwrite another's change; confirming
            // renews the lease for its full length, far more than the writes and the commit below take.
            await lease.ConfirmAsync(cancel).ConfigureAwait(false);
            Write(studyUid, run.Outcome with { Report = signed }, instances);
            // The version's files are staged and take their name only once the database says the version is signed, so a
            // versions/N folder always holds a signed report.
            var folder = VersionFolder(studyUid, latest.Version);
            var staged = folder + ".part";
            if (Directory.Exists(staged)) Directory.Delete(staged, recursive: true);
            Directory.CreateDirectory(staged);
            foreach (var name in ProcedureOutputs.FileNames.Concat(ResultDocuments.Forwarded).Distinct())
                File.Copy(Path.Combine(store.ResultsFolder(studyUid), name), Path.Combine(staged, name));
            if (BeforeSignatureCommit is { } hook) await hook().ConfigureAwait(false);
            // Not cancelled half-way: once sent, the commit's outcome must be known.
            if (!await versions.SignAsync(studyUid, latest.Version, signer, signed.Signature!.SignedAt, signed.Signature.ContentSha256, lease.Owner, CancellationToken.None).ConfigureAwait(false))
            {
                Directory.Delete(staged, recursive: true);
                // Refused in the same statement either because the lease went to another process or the version was signed.
                await lease.ConfirmAsync(CancellationToken.None).ConfigureAwait(false);
                throw new ReportSignedException($"report version {latest.Version} of study {studyUid} was signed meanwhile");
            }
            // Signed now: a client that goes away must not leave the version unnamed or unsent.
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.Move(staged, folder);
            await ForwardAsync(studyUid, latest.Version, CancellationToken.None).ConfigureAwait(false);
            return new SignedVersion((await versions.OfAsync(studyUid, CancellationToken.None).ConfigureAwait(false)).Last(), missing);
        }, cancel, allowSigned: false);

    // A signed version's report.dcm and measurement SR, from its own folder: each version is sent once, and an amendment is
    // sent as the new document it is. Queued again (a crash cut its queuing short), a version goes only where it was never
    // queued at all: a destination added later does not receive the study's history.
    private async Task ForwardAsync(string studyUid, int version, CancellationToken cancel, bool again = false)
    {
        var folder = VersionFolder(studyUid, version);
        if (forwarder is null || !Directory.Exists(folder)) return;
        var paths = ResultDocuments.Forwarded.Select(f => Path.GetRelativePath(store.Root, Path.Combine(folder, f))).ToList();
        if (again) await forwarder.QueueUnqueuedAsync(studyUid, paths, cancel).ConfigureAwait(false);
        else await forwarder.QueueAsync(studyUid, paths, cancel).ConfigureAwait(false);
    }

    /// <summary>Starts the next version from the signed one, for <paramref name="reason"/>; the signed version's files stay
    /// kept. Throws <see cref="ReportSignedException"/> when the latest version is a draft (edit it instead).</summary>
    public async Task<ProcedureRun> AmendAsync(string studyUid, string reason, CancellationToken cancel)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("an amendment needs a reason", nameof(reason));
        return await ChangeAsync(studyUid, async (instances, latest, lease) =>
        {
            if (!latest.Signed) throw new ReportSignedException($"report version {latest.Version} is a draft: edit it instead of amending");
            await lease.ConfirmAsync(cancel).ConfigureAwait(false);
            await versions.AddDraftAsync(studyUid, latest.Version + 1, reason.Trim(), cancel).ConfigureAwait(false);
            return await DraftAsync(studyUid, instances, null, lease, cancel).ConfigureAwait(false);
        }, cancel, allowSigned: true).ConfigureAwait(false);
    }

    // Runs a change under the study's lock with its latest version (the first draft recorded when there is none yet).
    private async Task<T> ChangeAsync<T>(string studyUid, Func<IReadOnlyList<StoredInstance>, ReportVersion, ReviewLease, Task<T>> change, CancellationToken cancel, bool allowSigned = false)
    {
        await using var held = await locks.TakeAsync(studyUid, ChangeWait, cancel).ConfigureAwait(false);
        var instances = await store.Index.InstancesAsync(studyUid, cancel).ConfigureAwait(false);
        if (instances.Count == 0) throw new StudyNotFoundException($"no study {studyUid} is stored here");
        var all = await versions.OfAsync(studyUid, cancel).ConfigureAwait(false);
        if (all.Count == 0)
        {
            await versions.AddDraftAsync(studyUid, 1, null, cancel).ConfigureAwait(false);
            all = await versions.OfAsync(studyUid, cancel).ConfigureAwait(false);
        }
        var latest = all[^1];
        await CompleteSigningAsync(studyUid, latest, cancel).ConfigureAwait(false);
        // A signed version whose queuing was cut short is sent with the study's next change.
        if (latest.Signed) await ForwardAsync(studyUid, latest.Version, cancel, again: true).ConfigureAwait(false);
        if (latest.Signed && !allowSigned)
            throw new ReportSignedException($"report version {latest.Version} of study {studyUid} is signed by {latest.Signer} and cannot be changed; amend it");
        return await change(instances, latest, held).ConfigureAwait(false);
    }

    /// <summary>Finishes every study's latest signature that a crash cut short: a staged folder not yet named (under the
    /// study's lease), a version never queued. Run at a node's start, so each signature still reaches the PACS; one study's
    /// trouble is logged through <paramref name="failed"/> and does not keep the node from starting.</summary>
    public async Task RequeueSignedAsync(CancellationToken cancel, Action<string, Exception>? failed = null)
    {
        foreach (var (studyUid, latest) in await versions.LatestAsync(cancel).ConfigureAwait(false))
        {
            var signed = latest.Signed ? latest.Version : latest.Version - 1;
            if (signed < 1) continue;
            try
            {
                if (latest.Signed && !Directory.Exists(VersionFolder(studyUid, signed)) && Directory.Exists(VersionFolder(studyUid, signed) + ".part"))
                {
                    await using var held = await locks.TakeAsync(studyUid, ChangeWait, cancel).ConfigureAwait(false);
                    await CompleteSigningAsync(studyUid, latest, cancel).ConfigureAwait(false);
                }
                await ForwardAsync(studyUid, signed, cancel, again: true).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ReviewBusyException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                failed?.Invoke(studyUid, e);
            }
        }
    }

    // A signing that stopped between the database and the rename of its staged files (the process died) is finished here.
    private async Task CompleteSigningAsync(string studyUid, ReportVersion latest, CancellationToken cancel)
    {
        var folder = VersionFolder(studyUid, latest.Version);
        if (!latest.Signed || Directory.Exists(folder) || !Directory.Exists(folder + ".part")) return;
        Directory.Move(folder + ".part", folder);
        await ForwardAsync(studyUid, latest.Version, cancel, again: true).ConfigureAwait(false);
    }

    private async Task<ProcedureRun> DraftAsync(string studyUid, IReadOnlyList<StoredInstance> instances, string? roisPath, ReviewLease lease, CancellationToken cancel)
    {
        var all = await versions.OfAsync(studyUid, cancel).ConfigureAwait(false);
        if (all.Count > 0 && all[^1].Signed)
            throw new ReportSignedException($"report version {all[^1].Version} of study {studyUid} is signed by {all[^1].Signer}; amend it to change it");
        var run = Produce(studyUid, roisPath, all.Count == 0 ? 1 : all[^1].Version, all);
        // The procedure may have run long: a process that stalled past its lease must not overwrite another's draft.
        await lease.ConfirmAsync(cancel).ConfigureAwait(false);
        Write(studyUid, run.Outcome, instances);
        // The first draft is version 1 from the moment it exists, so the worklist shows every processed study's report.
        if (all.Count == 0) await versions.AddDraftAsync(studyUid, 1, null, cancel).ConfigureAwait(false);
        return run;
    }

    // The procedure on the stored study with the edits so far, as the given version (linked to the one it amends).
    private ProcedureRun Produce(string studyUid, string? roisPath, int version, IReadOnlyList<ReportVersion> all)
    {
        var kept = Path.Combine(ReviewFolder(studyUid), "rois.json");
        roisPath ??= File.Exists(kept) ? kept : null;
        var run = ProcedureRunner.Default.Run(store.StudyFolder(studyUid), new ProcedureRequest { RoisPath = roisPath });
        var (indication, impression, statements) = ReadEdits(studyUid);
        var report = run.Outcome.Report.Edit(r => r with { Indication = indication ?? r.Indication, Impression = impression ?? r.Impression });
        report = PhysicianStatements.Apply(report, statements);
        report = report with { Version = version };
        if (version > 1 && all.FirstOrDefault(v => v.Version == version - 1) is { Signed: true } previous)
            report = report with { Amends = new ReportAmendment(previous.Version, previous.ContentSha256!, all.First(v => v.Version == version).AmendmentReason ?? "") };
        return run with { Outcome = run.Outcome with { Report = report } };
    }

    private void Write(string studyUid, ProcedureOutcome outcome, IReadOnlyList<StoredInstance> instances)
    {
        ProcedureOutputs.Write(outcome, store.ResultsFolder(studyUid));
        ResultDocuments.WriteMeasurementSr(store.ResultsFolder(studyUid), instances);
        WriteState(studyUid, outcome.Report);
        WriteImages(studyUid, outcome.RoiImages);
        WriteVolumes(studyUid, outcome.Volumes);
    }

    /// <summary>The index of the study's review images (names, size, pixel spacing) or volumes (names, size, voxel size,
    /// centre in patient coordinates) as <paramref name="folder"/> "images" or "volumes" holds it, or null before the study
    /// was processed (volumes: an empty list for planar procedures).</summary>
    public string? IndexJson(string studyUid, string folder)
    {
        if (folder is not ("images" or "volumes")) throw new ArgumentOutOfRangeException(nameof(folder), folder, "the review keeps images and volumes");
        var path = Path.Combine(ReviewFolder(studyUid), folder, folder + ".json");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>The file of one ROI image's pixels (float32, little endian, row by row), or null for an unknown name.</summary>
    public string? ImagePath(string studyUid, string name) => Listed(studyUid, "images", name);

    /// <summary>The file of one volume's voxels (float32, little endian, x fastest, then y, then z), or null for an unknown name.</summary>
    public string? VolumePath(string studyUid, string name) => Listed(studyUid, "volumes", name);

    // A file named in a folder's index (images.json, volumes.json): only listed names are served, never a path from a request.
    private string? Listed(string studyUid, string folder, string name)
    {
        var index = Path.Combine(ReviewFolder(studyUid), folder, folder + ".json");
        if (!File.Exists(index)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(index));
        var known = doc.RootElement.EnumerateArray().Any(e => e.GetProperty("name").GetString() == name);
        return known ? Path.Combine(ReviewFolder(studyUid), folder, name + ".f32") : null;
    }

    // Float32 little endian whatever the machine, as browsers' DataView reads it.
    private static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        // A text edit or a planar recompute leaves a SPECT volume (megabytes) as it was: it is not written again.
        if (new FileInfo(path) is { Exists: true } old && old.Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        Replace(path, stream => stream.Write(bytes));
    }

    private void WriteVolumes(string studyUid, IReadOnlyDictionary<string, Procedures.CardiacSpect.PatientVolume> volumes)
    {
        var folder = Path.Combine(ReviewFolder(studyUid), "volumes");
        Directory.CreateDirectory(folder);
        foreach (var (name, volume) in volumes) WriteFloats(Path.Combine(folder, name + ".f32"), volume.Volume.Voxels);
        ReplaceJson(Path.Combine(folder, "volumes.json"), w =>
        {
            w.WriteStartArray();
            foreach (var (name, placed) in volumes)
            {
                var v = placed.Volume;
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("sizeX", v.SizeX);
                w.WriteNumber("sizeY", v.SizeY);
                w.WriteNumber("sizeZ", v.SizeZ);
                w.WriteStartArray("voxelMm");
                foreach (var size in new[] { v.VoxelSizeXMm, v.VoxelSizeYMm, v.VoxelSizeZMm }) w.WriteNumberValue(size);
                w.WriteEndArray();
                // Voxel (x, y, z) lies at centre + ((x − (Nx−1)/2)·dx, (y − (Ny−1)/2)·dy, −(z − (Nz−1)/2)·dz), DICOM LPS.
                w.WriteStartArray("centreMm");
                foreach (var c in new[] { placed.CentreMm.X, placed.CentreMm.Y, placed.CentreMm.Z }) w.WriteNumberValue(c);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private void WriteImages(string studyUid, IReadOnlyDictionary<string, Imaging.Pixels.Image2D> images)
    {
        var folder = Path.Combine(ReviewFolder(studyUid), "images");
        Directory.CreateDirectory(folder);
        foreach (var (name, image) in images) WriteFloats(Path.Combine(folder, name + ".f32"), image.Pixels);
        ReplaceJson(Path.Combine(folder, "images.json"), w =>
        {
            w.WriteStartArray();
            foreach (var (name, image) in images)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("rows", image.Height);
                w.WriteNumber("columns", image.Width);
                if (image.PixelSpacingMm is { } spacing) w.WriteNumber("pixelSpacingMm", spacing.RowMm);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    /// <summary>The state of the report now in the results folder (report-state.json in the review folder), which the review
    /// page shows without rerunning the procedure: version, status, signer, text and the documentation check; null before
    /// the study was first processed.</summary>
    public string? StateJson(string studyUid)
    {
        var path = Path.Combine(ReviewFolder(studyUid), "report-state.json");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private void WriteState(string studyUid, Report report)
    {
        Directory.CreateDirectory(ReviewFolder(studyUid));
        ReplaceJson(Path.Combine(ReviewFolder(studyUid), "report-state.json"), w =>
        {
            w.WriteStartObject();
            w.WriteNumber("version", report.Version);
            w.WriteString("status", report.Signature is null ? "draft" : "signed");
            w.WriteString("signer", report.Signature?.Signer);
            w.WriteString("signedAt", report.Signature?.SignedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("contentSha256", report.Signature?.ContentSha256);
            if (report.Amends is { } amends)
            {
                w.WriteStartObject("amends");
                w.WriteNumber("version", amends.PreviousVersion);
                w.WriteString("reason", amends.Reason);
                w.WriteEndObject();
            }
            w.WriteString("title", report.Title);
            w.WriteString("indication", report.Indication);
            w.WriteString("impression", report.Impression);
            var check = report.DocumentationCheck;
            w.WriteStartObject("documentationCheck");
            w.WriteBoolean("complete", check.IsComplete);
            w.WriteStartArray("missing");
            foreach (var missing in check.Missing) w.WriteStringValue(missing.ToString());
            w.WriteEndArray();
            // The same, for a page to offer a field where the physician can state one.
            w.WriteStartArray("missingElements");
            foreach (var missing in check.Missing)
            {
                w.WriteStartObject();
                w.WriteString("element", PhysicianStatements.Key(missing.Element));
                w.WriteString("name", missing.Name);
                w.WriteBoolean("statable", PhysicianStatements.Statable.Contains(missing.Element));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("statements");
            foreach (var (element, text) in EditedStatements(studyUid).OrderBy(s => s.Key))
            {
                w.WriteStartObject(PhysicianStatements.Key(element));
                w.WriteString("name", Coding.Documentation.ReportElementNames.Of(element));
                w.WriteString("text", text);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    // A review file replaced whole: written beside it, flushed, renamed over it, so a reader never sees half of one.
    private static void Replace(string path, Action<Stream> write)
    {
        var temporary = path + ".part";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(file);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static void ReplaceJson(string path, Action<Utf8JsonWriter> write) => Replace(path, stream =>
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        write(w);
    });
}

/// <summary>A signature asked for a report whose codes' documentation check lists missing elements, without acknowledging
/// them: a soft stop, as a coder would raise it; signing again with the acknowledgement goes through.</summary>
public sealed class DocumentationIncompleteException(IReadOnlyList<string> missing)
    : Exception($"the documentation check lists {missing.Count} missing element(s): {string.Join("; ", missing)}. Add them (indication, impression) or sign with \"acknowledgeIncomplete\": true; the signed report then lists them")
{
    /// <summary>The missing elements, as the documentation check names them.</summary>
    public IReadOnlyList<string> Missing { get; } = missing;
}

/// <summary>A signed version with the documentation check's missing elements its signer acknowledged (none when complete).</summary>
public sealed record SignedVersion(ReportVersion Version, IReadOnlyList<string> AcknowledgedMissing);

/// <summary>A review change named a study the node does not hold.</summary>
public sealed class StudyNotFoundException(string message) : Exception(message);
