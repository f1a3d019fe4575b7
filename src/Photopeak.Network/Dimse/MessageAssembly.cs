using Photopeak.Network.UpperLayer;

namespace Photopeak.Network.Dimse;

/// <summary>
/// Collects the PDV fragments of one DIMSE message (PS3.8 Annex E): command fragments up to the last one, then, when the
/// command announces it, data set fragments up to the last one, all on one presentation context.
/// </summary>
internal sealed class MessageAssembly(byte contextId)
{
    private readonly MemoryStream command = new();
    private MemoryStream? dataset;
    private bool commandDone;

    public byte ContextId { get; } = contextId;

    public bool IsComplete { get; private set; }

    public byte[] CommandBytes => command.ToArray();

    public ReadOnlyMemory<byte>? DatasetBytes
    {
        get
        {
            if (dataset is null) return null; // not a conditional: its null would become an empty ReadOnlyMemory
            return dataset.GetBuffer().AsMemory(0, (int)dataset.Length);
        }
    }

    /// <summary>Adds a fragment; returns what is wrong with it, or null.</summary>
    public string? Add(PresentationDataValue pdv, long maxDatasetBytes)
    {
        if (IsComplete) return "a fragment arrived after its message was complete";
        if (pdv.ContextId != ContextId) return $"a fragment on presentation context {pdv.ContextId} interleaves a message on context {ContextId}";
        if (pdv.IsCommand)
        {
            if (commandDone) return "a command fragment arrived after the command's last fragment";
            if (command.Length + pdv.Fragment.Length > PduStream.MaxControlPduLength) return "the command set is longer than 1 MiB";
            command.Write(pdv.Fragment.Span);
            if (!pdv.IsLast) return null;
            commandDone = true;
            try
            {
                if (!DimseMessage.AnnouncesDataset(DimseCommandCodec.Decode(command.ToArray()))) IsComplete = true;
            }
            catch (Photopeak.Dicom.DicomFormatException e)
            {
                return $"unreadable command set: {e.Message}";
            }
            return null;
        }
        if (!commandDone) return "a data set fragment arrived before the command's last fragment";
        dataset ??= new MemoryStream();
        if (dataset.Length + pdv.Fragment.Length > maxDatasetBytes) return $"the data set is longer than the {maxDatasetBytes} bytes this node accepts";
        dataset.Write(pdv.Fragment.Span);
        if (pdv.IsLast) IsComplete = true;
        return null;
    }
}
