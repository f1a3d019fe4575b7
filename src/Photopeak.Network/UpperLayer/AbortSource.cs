namespace Photopeak.Network.UpperLayer;

/// <summary>Who aborted an association: the Source field of the A-ABORT PDU (PS3.8 9.3.8, Table 9-26).</summary>
public enum AbortSource : byte
{
    /// <summary>The DICOM UL service-user (the application) asked for the abort.</summary>
    ServiceUser = 0,
    /// <summary>Reserved value.</summary>
    Reserved = 1,
    /// <summary>The DICOM UL service-provider (the protocol machine) aborted on a protocol error.</summary>
    ServiceProvider = 2,
}
