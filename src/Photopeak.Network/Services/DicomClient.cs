using System.Net.Sockets;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Network.Dimse;
using Photopeak.Network.UpperLayer;

namespace Photopeak.Network.Services;

/// <summary>A DICOM service-class user: opens associations to a remote node and sends C-ECHO and C-STORE requests.</summary>
public sealed class DicomClient(string host, int port, string callingAETitle, string calledAETitle, AssociationTimeouts? timeouts = null)
{
    private readonly AssociationTimeouts limits = timeouts ?? new AssociationTimeouts();

    /// <summary>Connects and negotiates <paramref name="proposals"/>; the caller releases or aborts the association.</summary>
    public async Task<Association> OpenAsync(IReadOnlyList<PresentationContextProposal> proposals, CancellationToken cancel)
    {
        var client = new TcpClient { NoDelay = true };
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            connect.CancelAfter(limits.Connect);
            try { await client.ConnectAsync(host, port, connect.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancel.IsCancellationRequested)
            {
                client.Dispose();
                throw new AssociationAbortedException($"cannot connect to {calledAETitle} at {host}:{port}: {(e is SocketException s ? s.SocketErrorCode.ToString() : "timed out")}", inner: e);
            }
        }
        try
        {
            return await Association.RequestAsync(client.GetStream(), callingAETitle, calledAETitle, proposals, limits, cancel).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>C-ECHO on a fresh association: the status the peer answered (0000 success).</summary>
    public async Task<ushort> EchoAsync(CancellationToken cancel)
    {
        await using var association = await OpenAsync(
            [new PresentationContextProposal(1, SopClassUids.Verification, AssociationPolicy.CommandTransferSyntaxes)], cancel).ConfigureAwait(false);
        var context = association.FindContext(SopClassUids.Verification)
            ?? throw new AssociationAbortedException($"{calledAETitle} does not accept the Verification SOP class");
        var response = await RequestAsync(association, context, DimseCommandField.CEchoRequest, null, null, cancel).ConfigureAwait(false);
        await association.ReleaseAsync(cancel).ConfigureAwait(false);
        return response.Status;
    }

    /// <summary>
    /// Sends DICOM files by C-STORE over one association, each as its own bytes when the peer accepted its transfer syntax,
    /// else re-encoded in an uncompressed syntax the peer accepted. Returns each file's status in order.
    /// </summary>
    public async Task<IReadOnlyList<(string Path, ushort Status)>> StoreFilesAsync(IReadOnlyList<string> paths, CancellationToken cancel)
    {
        var files = paths.Select(p => (Path: p, File: DicomFile.Open(p))).ToList();
        var proposals = new List<PresentationContextProposal>();
        foreach (var group in files.GroupBy(f => (SopClass(f.File, f.Path), f.File.TransferSyntax.Uid)))
        {
            var id = (byte)(proposals.Count * 2 + 1);
            if (id > 255) throw new InvalidOperationException("more than 128 SOP class and transfer syntax pairs in one association");
            // The file's own syntax first, so its bytes go unchanged; an uncompressed one can also be re-encoded in the other two.
            List<string> syntaxes = [group.Key.Uid];
            if (!group.First().File.TransferSyntax.Encapsulated) syntaxes.AddRange(AssociationPolicy.CommandTransferSyntaxes.Where(s => s != group.Key.Uid));
            proposals.Add(new PresentationContextProposal(id, group.Key.Item1, syntaxes));
        }
        await using var association = await OpenAsync(proposals, cancel).ConfigureAwait(false);
        var statuses = new List<(string, ushort)>();
        foreach (var (path, file) in files)
        {
            var sopClass = SopClass(file, path);
            var context = association.FindContext(sopClass, file.TransferSyntax.Uid)
                ?? throw new AssociationAbortedException($"{calledAETitle} accepted no presentation context for {path} (SOP class {sopClass}, {file.TransferSyntax.Name})");
            var bytes = context.TransferSyntax == file.TransferSyntax.Uid && file.FileMetaInformation.Count > 0
                ? (await File.ReadAllBytesAsync(path, cancel).ConfigureAwait(false)).AsMemory(file.DatasetOffset)
                : DicomWriter.EncodeDataset(file.Dataset, TransferSyntax.FromUid(context.TransferSyntax));
            statuses.Add((path, await StoreAsync(association, context, sopClass, InstanceUid(file, path), bytes, cancel).ConfigureAwait(false)));
        }
        await association.ReleaseAsync(cancel).ConfigureAwait(false);
        return statuses;
    }

    /// <summary>One C-STORE on an open association: the data set already encoded in the context's transfer syntax.</summary>
    public static async Task<ushort> StoreAsync(Association association, AcceptedPresentationContext context, string sopClassUid, string sopInstanceUid,
        ReadOnlyMemory<byte> dataset, CancellationToken cancel)
    {
        var response = await RequestAsync(association, context, DimseCommandField.CStoreRequest, sopInstanceUid, dataset, cancel, sopClassUid).ConfigureAwait(false);
        return response.Status;
    }

    private static async Task<DimseMessage> RequestAsync(Association association, AcceptedPresentationContext context, DimseCommandField field,
        string? sopInstanceUid, ReadOnlyMemory<byte>? dataset, CancellationToken cancel, string? sopClassUid = null)
    {
        var id = association.NextMessageId();
        var command = new DicomDataset();
        command.Set(DicomTags.AffectedSOPClassUID, DicomVR.UI, sopClassUid ?? context.AbstractSyntax);
        command.SetNumbers(DicomTags.CommandField, DicomVR.US, (ushort)field);
        command.SetNumbers(DicomTags.MessageID, DicomVR.US, id);
        if (field == DimseCommandField.CStoreRequest) command.SetNumbers(DicomTags.Priority, DicomVR.US, 0);
        command.SetNumbers(DicomTags.CommandDataSetType, DicomVR.US, DimseMessage.NoDataSet);
        if (sopInstanceUid is not null) command.Set(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, sopInstanceUid);
        await association.SendAsync(context.Id, command, dataset, cancel).ConfigureAwait(false);
        var response = await association.ReceiveAsync(cancel).ConfigureAwait(false)
            ?? throw new AssociationAbortedException("the peer released the association instead of answering");
        if ((ushort)response.CommandField != ((ushort)field | 0x8000) || (response.Command.GetInt32(DicomTags.MessageIDBeingRespondedTo) ?? -1) != id)
        {
            await association.AbortAsync(AbortReason.NotSpecified, cancel).ConfigureAwait(false);
            throw new AssociationAbortedException($"the peer answered message {id} with command 0x{(ushort)response.CommandField:X4} for another message");
        }
        return response;
    }

    private static string SopClass(DicomFile file, string path) =>
        file.Dataset.GetString(DicomTags.SOPClassUID) ?? file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID)
        ?? throw new DicomFormatException("no SOP Class UID (0008,0016)", 0, DicomTags.SOPClassUID, path);

    private static string InstanceUid(DicomFile file, string path) =>
        file.Dataset.GetString(DicomTags.SOPInstanceUID) ?? file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID)
        ?? throw new DicomFormatException("no SOP Instance UID (0008,0018)", 0, DicomTags.SOPInstanceUID, path);
}
