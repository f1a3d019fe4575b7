using Photopeak.Dicom;

namespace Photopeak.Network.Dimse;

/// <summary>
/// One DIMSE message as exchanged on a presentation context: its command set (always implicit VR little endian, PS3.7 6.3.1)
/// and, when the command says one follows, the data set bytes in the context's transfer syntax, unparsed.
/// </summary>
public sealed record DimseMessage(byte ContextId, DicomDataset Command, ReadOnlyMemory<byte>? Dataset)
{
    /// <summary>Command Data Set Type (0000,0800) value meaning "no data set" (PS3.7 E.1).</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>The command field (0000,0100).</summary>
    public DimseCommandField CommandField => (DimseCommandField)(Command.GetInt32(DicomTags.CommandField)
        ?? throw new DimseFormatException("the command set has no Command Field (0000,0100)"));

    /// <summary>Message ID (0000,0110) of a request.</summary>
    public ushort MessageId => (ushort)(Command.GetInt32(DicomTags.MessageID) ?? 0);

    /// <summary>Affected (0000,0002) or requested (0000,0003) SOP Class UID.</summary>
    public string SopClassUid => Command.GetString(DicomTags.AffectedSOPClassUID) ?? Command.GetString(DicomTags.RequestedSOPClassUID) ?? "";

    /// <summary>Affected SOP Instance UID (0000,1000).</summary>
    public string SopInstanceUid => Command.GetString(DicomTags.AffectedSOPInstanceUID) ?? "";

    /// <summary>Status (0000,0900) of a response.</summary>
    public ushort Status => (ushort)(Command.GetInt32(DicomTags.Status) ?? DimseStatus.CannotUnderstand);

    /// <summary>True if the command announces a data set (Command Data Set Type other than 0101H).</summary>
    public static bool AnnouncesDataset(DicomDataset command) => (command.GetInt32(DicomTags.CommandDataSetType) ?? NoDataSet) != NoDataSet;
}

/// <summary>A command set or message that breaks PS3.7 (a missing or wrong command element, a data set where none was announced).</summary>
public sealed class DimseFormatException(string message) : Exception(message);
