using Photopeak.Network.Services;
using Photopeak.Server.Jobs;

namespace Photopeak.Server.Node;

/// <summary>Everything a node needs: its data folder, how it listens and how it processes.</summary>
public sealed record NodeOptions
{
    /// <summary>The data folder: studies/, results/, conflicts/, tmp/ and index.db.</summary>
    public required string DataFolder { get; init; }

    /// <summary>The index: SQLite in the data folder, or a PostgreSQL database that workers on other machines share (they mount
    /// the same data folder; one receiving node per folder).</summary>
    public Store.IndexDatabase Database { get; init; } = Store.IndexDatabase.Sqlite;

    /// <summary>The DICOM listener: AE title, address, port, accepted callers, limits.</summary>
    public DicomServerOptions Dicom { get; init; } = new();

    /// <summary>Where report.dcm and the measurement SR of each processed study are sent.</summary>
    public IReadOnlyList<Forwarding.ForwardDestination> Forward { get; init; } = [];

    /// <summary>The HTTP listener (JSON API and DICOMweb); null runs the node without one.</summary>
    public Http.HttpServerOptions? Http { get; init; }

    /// <summary>Processing on arrival.</summary>
    public ProcessingOptions Processing { get; init; } = new();
}
