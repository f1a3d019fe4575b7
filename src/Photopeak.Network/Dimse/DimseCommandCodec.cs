using Photopeak.Dicom;
using Photopeak.Dicom.IO;

namespace Photopeak.Network.Dimse;

/// <summary>Command sets in their one encoding: implicit VR little endian, group 0000 with its group length first (PS3.7 6.3.1, E.1).</summary>
public static class DimseCommandCodec
{
    /// <summary>The command set's bytes, Command Group Length (0000,0000) computed.</summary>
    public static byte[] Encode(DicomDataset command)
    {
        command.SetNumbers(DicomTags.CommandGroupLength, DicomVR.UL, 0);
        return DicomWriter.EncodeDataset(command, TransferSyntax.ImplicitVRLittleEndian);
    }

    /// <summary>Reads a command set; throws <see cref="DicomFormatException"/> if it is not one.</summary>
    public static DicomDataset Decode(ReadOnlyMemory<byte> bytes)
    {
        var command = DicomFile.ReadDataset(bytes, TransferSyntax.ImplicitVRLittleEndian);
        foreach (var e in command)
            if (e.Tag.Group != 0x0000) throw new DicomFormatException("a command set holds an element outside group 0000", 0, e.Tag);
        return command;
    }
}
