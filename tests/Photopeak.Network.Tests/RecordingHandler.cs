using System.Collections.Concurrent;
using Photopeak.Dicom;
using Photopeak.Network.Dimse;
using Photopeak.Network.Services;

namespace Photopeak.Network.Tests;

/// <summary>A handler that keeps what it receives in memory, so tests can compare it with what was sent.</summary>
internal sealed class RecordingHandler : IDimseServiceHandler
{
    public ConcurrentDictionary<string, StoreRequest> Stored { get; } = new();

    public Task<ushort> StoreAsync(StoreRequest request, CancellationToken cancel)
    {
        Stored[request.SopInstanceUid] = request with { Dataset = request.Dataset.ToArray() };
        return Task.FromResult(DimseStatus.Success);
    }

    public async IAsyncEnumerable<DicomDataset> FindAsync(FindRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        await Task.Yield();
        var match = new DicomDataset();
        match.Set(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        match.Set(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2.3.4");
        yield return match;
    }
}

/// <summary>A server on a free loopback port for one test.</summary>
internal sealed class TestNode : IAsyncDisposable
{
    public TestNode(DicomServerOptions? options = null)
    {
        Server = DicomServer.Start((options ?? new DicomServerOptions()) with { Port = 0 }, Handler, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    public RecordingHandler Handler { get; } = new();

    public DicomServer Server { get; }

    public int Port => Server.Port;

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
