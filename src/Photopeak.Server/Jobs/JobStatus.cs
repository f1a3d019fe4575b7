namespace Photopeak.Server.Jobs;

/// <summary>Where a processing job stands; stored as its lower-case name.</summary>
public enum JobStatus
{
    /// <summary>Claimed by a worker and running (or that worker died: a claim older than the lease is taken over).</summary>
    Running,
    /// <summary>Processed: result.json and the reports lie in the study's results folder.</summary>
    Done,
    /// <summary>No procedure applies to the study (e.g. a thyroid scan): nothing to do, with the reason.</summary>
    NotApplicable,
    /// <summary>The last attempt failed with the reason; retried until the attempts run out.</summary>
    Failed,
}

/// <summary>One job's row: the study and input it processes, under which pipeline version, and how it went.</summary>
public sealed record ProcessingJob(string StudyInstanceUid, string InputSha256, string PipelineVersion, JobStatus Status, int Attempts,
    string? ProcedureName, string? Message, string? Worker, DateTimeOffset UpdatedUtc);

/// <summary>How one run of a job ended: its status, the procedure that analysed the study (if any) and the reason or note.</summary>
public sealed record JobOutcome(JobStatus Status, string? ProcedureName, string? Message);
