using System.Net;

namespace Photopeak.Server.Http;

/// <summary>The node's HTTP listener: the JSON API under /api and DICOMweb under /dicom-web.</summary>
public sealed record HttpServerOptions
{
    /// <summary>The address to listen on (the DICOM listener's, as serve --bind gives it).</summary>
    public IPAddress Address { get; init; } = IPAddress.Any;

    /// <summary>The TCP port; 0 lets the system choose one (tests), read back from <see cref="NodeHttpServer.Port"/>.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The largest request body accepted (a STOW-RS upload, streamed to temporary files), in bytes.</summary>
    public long MaxRequestBytes { get; init; } = 2L << 30;

    /// <summary>The largest single instance in a STOW-RS upload: each is read whole to be stored, as a C-STORE's data set is.</summary>
    public long MaxInstanceBytes { get; init; } = 1L << 30;
}
