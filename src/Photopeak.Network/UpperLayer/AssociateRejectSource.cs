namespace Photopeak.Network.UpperLayer;

/// <summary>Who rejected an association (PS3.8 9.3.4, Table 9-21).</summary>
public enum AssociateRejectSource : byte
{
    /// <summary>The DICOM UL service-user (the application: AE titles, application context).</summary>
    ServiceUser = 1,
    /// <summary>The service-provider, ACSE related function (protocol version).</summary>
    ServiceProviderAcse = 2,
    /// <summary>The service-provider, presentation related function (congestion, local limits).</summary>
    ServiceProviderPresentation = 3,
}
