using Microsoft.Extensions.Logging;
using Photopeak.Dicom;
using Photopeak.Network.Dimse;
using Photopeak.Network.Services;
using Photopeak.Server.Store;

namespace Photopeak.Server.Dimse;

/// <summary>The node's answers to DIMSE requests: C-STORE into the durable store, C-FIND from its index.</summary>
public sealed class NodeServiceHandler(InstanceStore store, ILogger logger, Action<InstanceAttributes>? onStored = null) : IDimseServiceHandler
{
    /// <inheritdoc/>
    public async Task<ushort> StoreAsync(StoreRequest request, CancellationToken cancel)
    {
        try
        {
            var result = await store.StoreAsync(request.Dataset, request.TransferSyntax, request.SopInstanceUid, request.CallingAETitle, cancel).ConfigureAwait(false);
            logger.LogInformation("C-STORE {SopInstanceUid} from {Calling}: {Outcome}", request.SopInstanceUid, request.CallingAETitle, result.Outcome);
            if (result.Outcome == StoreOutcome.Stored) onStored?.Invoke(result.Attributes);
            return DimseStatus.Success;
        }
        catch (InvalidInstanceException e)
        {
            logger.LogWarning("C-STORE {SopInstanceUid} from {Calling} refused: {Problem}", request.SopInstanceUid, request.CallingAETitle, e.Message);
            return DimseStatus.DataSetDoesNotMatchSopClass;
        }
        catch (IOException e)
        {
            logger.LogError("C-STORE {SopInstanceUid} from {Calling} could not be written: {Problem}", request.SopInstanceUid, request.CallingAETitle, e.Message);
            return DimseStatus.OutOfResources;
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<DicomDataset> FindAsync(FindRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        if (request.SopClassUid != SopClassUids.StudyRootFind) throw new FindRefusedException($"information model {request.SopClassUid} is not served");
        var query = StudyRootQuery.From(request.Identifier);
        var studyUid = query.SingleStudyUid;
        var instances = await store.Index.InstancesAsync(studyUid, cancel).ConfigureAwait(false);
        foreach (var match in query.Match(instances)) yield return match;
    }
}
