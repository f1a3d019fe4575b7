using Microsoft.Extensions.Hosting;

namespace Photopeak.Server.Http;

/// <summary>A host lifetime that does nothing: the node, not the web host, decides when to stop (on SIGTERM or Ctrl-C).</summary>
internal sealed class NodeHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
