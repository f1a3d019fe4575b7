namespace Photopeak.Network.Dimse;

/// <summary>Values of Command Field (0000,0100) for the DIMSE-C services Photopeak speaks (PS3.7 E.1).</summary>
public enum DimseCommandField : ushort
{
    /// <summary>C-STORE-RQ.</summary>
    CStoreRequest = 0x0001,
    /// <summary>C-STORE-RSP.</summary>
    CStoreResponse = 0x8001,
    /// <summary>C-FIND-RQ.</summary>
    CFindRequest = 0x0020,
    /// <summary>C-FIND-RSP.</summary>
    CFindResponse = 0x8020,
    /// <summary>C-ECHO-RQ.</summary>
    CEchoRequest = 0x0030,
    /// <summary>C-ECHO-RSP.</summary>
    CEchoResponse = 0x8030,
    /// <summary>C-CANCEL-RQ.</summary>
    CCancelRequest = 0x0FFF,
}
