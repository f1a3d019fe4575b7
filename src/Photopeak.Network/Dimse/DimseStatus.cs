namespace Photopeak.Network.Dimse;

/// <summary>Status (0000,0900) values a DIMSE response carries (PS3.7 Annex C, PS3.4 B.2.3 for storage).</summary>
public static class DimseStatus
{
    /// <summary>The operation completed.</summary>
    public const ushort Success = 0x0000;
    /// <summary>C-FIND: a match follows, more may come.</summary>
    public const ushort Pending = 0xFF00;
    /// <summary>The operation was cancelled by C-CANCEL.</summary>
    public const ushort Cancel = 0xFE00;
    /// <summary>The SOP class is not supported on this context.</summary>
    public const ushort SopClassNotSupported = 0x0122;
    /// <summary>Storage: refused, out of resources (disk, index).</summary>
    public const ushort OutOfResources = 0xA700;
    /// <summary>Storage: the data set does not match the SOP class or cannot be parsed.</summary>
    public const ushort DataSetDoesNotMatchSopClass = 0xA900;
    /// <summary>The command or data set cannot be understood.</summary>
    public const ushort CannotUnderstand = 0xC000;
    /// <summary>C-FIND: identifier does not match SOP class.</summary>
    public const ushort IdentifierDoesNotMatchSopClass = 0xA900;

    /// <summary>True for the success and warning classes (PS3.7 C.1-C.3): the instance was stored.</summary>
    public static bool IsSuccessOrWarning(ushort status) => status == Success || (status & 0xF000) == 0xB000 || status == 0x0107 || status == 0x0116;
}
