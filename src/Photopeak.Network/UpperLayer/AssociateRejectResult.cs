namespace Photopeak.Network.UpperLayer;

/// <summary>Whether an association rejection is permanent or transient (PS3.8 9.3.4, Table 9-21).</summary>
public enum AssociateRejectResult : byte
{
    /// <summary>Rejected permanently: asking again will not help.</summary>
    Permanent = 1,
    /// <summary>Rejected for now (e.g. too many associations).</summary>
    Transient = 2,
}
