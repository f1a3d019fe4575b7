namespace Photopeak.Server.Jobs;

/// <summary>How the node processes what it receives.</summary>
public sealed record ProcessingOptions
{
    /// <summary>A study is complete once nothing of it has arrived for this long (cameras send a study in bursts).</summary>
    public TimeSpan QuietTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts before a failing job is left failed.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>A running claim older than this is taken to belong to a dead worker and is taken over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>This worker's name in the job table.</summary>
    public string Worker { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Processing runs on the node; false makes a store-only node (another machine's workers process).</summary>
    public bool Enabled { get; init; } = true;
}
