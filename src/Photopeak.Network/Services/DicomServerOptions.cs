using System.Net;

namespace Photopeak.Network.Services;

/// <summary>How a node listens: address and port, what it accepts, how many associations at once, and its time limits.</summary>
public sealed record DicomServerOptions
{
    /// <summary>The address to listen on; loopback unless the node is meant to be reached from other machines.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 picks a free one (see <see cref="DicomServer.Port"/>).</summary>
    public int Port { get; init; } = 11112;

    /// <summary>AE title, callers, SOP classes, transfer syntaxes and size limits.</summary>
    public AssociationPolicy Policy { get; init; } = new();

    /// <summary>Time limits of every association.</summary>
    public AssociationTimeouts Timeouts { get; init; } = new();

    /// <summary>Associations served at once; one more is rejected as "local limit exceeded" (transient).</summary>
    public int MaxAssociations { get; init; } = 16;
}
