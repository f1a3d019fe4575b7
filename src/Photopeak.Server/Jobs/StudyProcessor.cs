using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Photopeak.Procedures;
using Photopeak.Procedures.Pipeline;
using Photopeak.Server.Store;

namespace Photopeak.Server.Jobs;

/// <summary>
/// Processes one study with the same code as <c>photopeak process</c>, writing result.json, the draft reports and the
/// measurement SR under results/STUDY (through <see cref="Reports.ReportReview"/>: with the review's edits, never over a signed
/// report), and, on a node without accounts (where nobody signs), queues report.dcm and the SR for forwarding. A job is keyed by study, the SHA-256
/// of its instances and the pipeline version, and claimed in the index (one conditional upsert) before it runs, so nodes and
/// workers sharing an index run each input once; new instances make a new input and a new job.
/// </summary>
public sealed class StudyProcessor(InstanceStore store, ProcessingOptions options, ILogger logger, Forwarding.Forwarder? forwarder = null)
{
    /// <summary>The pipeline version in job keys: a new release reprocesses what an older one processed.</summary>
    public static string PipelineVersion { get; } = typeof(ProcedureRunner).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>Processes one study now if its present input has no finished job; returns the job's final status.</summary>
    public async Task<JobStatus?> ProcessAsync(string studyUid, CancellationToken cancel) =>
        (await RunJobAsync(studyUid, cancel).ConfigureAwait(false))?.Status;

    /// <summary>As <see cref="ProcessAsync"/>, with the job's procedure and message; null when no job was claimed (no
    /// instances, the present input already finished, or another worker running it).</summary>
    public async Task<JobOutcome?> RunJobAsync(string studyUid, CancellationToken cancel)
    {
        var instances = await store.Index.InstancesAsync(studyUid, cancel).ConfigureAwait(false);
        if (instances.Count == 0) return null;
        var input = InputHash(instances);
        if (!await store.Index.ClaimJobAsync(studyUid, input, PipelineVersion, options.Worker, options.MaxAttempts, options.Lease, cancel).ConfigureAwait(false))
            return null;
        logger.LogInformation("processing study {StudyUid} ({Count} instances)", studyUid, instances.Count);
        var outcome = await Task.Run(() => RunAsync(studyUid, instances, cancel), cancel).ConfigureAwait(false);
        var (status, procedure, message) = outcome;
        await store.Index.FinishJobAsync(studyUid, input, PipelineVersion, status, procedure, message, cancel).ConfigureAwait(false);
        // A node with accounts sends signed reports only (the review does); without, nobody can sign and the draft is sent.
        if (status == JobStatus.Done && procedure is not null && forwarder is not null && !await Accounts.NodeAccounts.AnyAsync(store.Index, cancel).ConfigureAwait(false))
            await forwarder.QueueAsync(studyUid, ResultDocuments.Forwarded.Select(f => Path.GetRelativePath(store.Root, Path.Combine(store.ResultsFolder(studyUid), f))), cancel)
                .ConfigureAwait(false);
        if (status == JobStatus.Failed) logger.LogWarning("study {StudyUid} not processed: {Reason}", studyUid, message);
        else logger.LogInformation("study {StudyUid}: {Status}{Procedure}", studyUid, status, procedure is null ? "" : $" as {procedure}");
        return outcome;
    }

    private async Task<JobOutcome> RunAsync(string studyUid, IReadOnlyList<StoredInstance> instances, CancellationToken cancel)
    {
        try
        {
            // Through the review, so a draft keeps the ROIs and text a physician edited, and a signed report is never replaced.
            var run = await new Reports.ReportReview(store).ProduceDraftAsync(studyUid, instances, cancel).ConfigureAwait(false);
            return new(JobStatus.Done, run.Procedure.Name, null);
        }
        catch (Reporting.Model.ReportSignedException e)
        {
            return new(JobStatus.Done, null, $"{e.Message}: the signed report is kept; amend it to include these instances");
        }
        catch (ProcedureNotRecognisedException e)
        {
            return new(JobStatus.NotApplicable, null, e.Message);
        }
        catch (Exception e) when (e is ProcedureInputException or ProcedureOutputException or ProcedureOptionException or IOException or Reports.ReviewBusyException
            or Imaging.StudyValidationException or Dicom.DicomFormatException or Reporting.Dicom.ReportDicomException)
        {
            return new(JobStatus.Failed, null, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "processing study {StudyUid} failed unexpectedly", studyUid);
            return new(JobStatus.Failed, null, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>The study's input as a job key: the SHA-256 of its instances' UIDs and content hashes, in UID order.</summary>
    internal static string InputHash(IEnumerable<StoredInstance> instances)
    {
        var text = new StringBuilder();
        foreach (var i in instances.OrderBy(i => i.Attributes.SopInstanceUid, StringComparer.Ordinal)) text.Append(i.Attributes.SopInstanceUid).Append(':').Append(i.Sha256).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
