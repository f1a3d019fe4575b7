using Photopeak.Network.UpperLayer;

namespace Photopeak.Network.Dimse;

/// <summary>
/// Collects the PDV fragments of one DIMSE message (PS3.8 Annex E): command fragments up to the last one, then, when the
/// command announces it, data set fragments up to the last one, all on one presentation context.
/// </summary>
internal sealed class MessageAssembly(byte contextId)
{
    private readonly MemoryStream commandBytes = new();
    private MemoryStream? dataset;

    public byte ContextId { get; } = contextId;

    public bool IsComplete { get; private set; }

    /// <summary>The command set, decoded once its last fragment arrived (null until then).</summary>
    public Photopeak.Dicom.DicomDataset? Command { get; private set; }

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
            if (Command is not null) return "a command fragment arrived after the command's last fragment";
            if (commandBytes.Length + pdv.Fragment.Length > PduStream.MaxControlPduLength) return "the command set is longer than 1 MiB";
            commandBytes.Write(pdv.Fragment.Span);
            if (!pdv.IsLast) return null;
            try
            {
                Command = DimseCommandCodec.Decode(commandBytes.GetBuffer().AsMemory(0, (int)commandBytes.Length));
                if (!DimseMessage.AnnouncesDataset(Command)) IsComplete = true;
            }
            catch (Photopeak.Dicom.DicomFormatException e)
            {
                return $"unreadable command set: {e.Message}";
            }
            return null;
        }
        if (Command is null) return "a data set fragment arrived before the command's last fragment";
        dataset ??= new MemoryStream();
        if (dataset.Length + pdv.Fragment.Length > maxDatasetBytes) return $"the data set is longer than the {maxDatasetBytes} bytes this node accepts";
        dataset.Write(pdv.Fragment.Span);
        if (pdv.IsLast) IsComplete = true;
        return null;
    }
}
