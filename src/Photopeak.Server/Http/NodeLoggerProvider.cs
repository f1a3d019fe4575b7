using Microsoft.Extensions.Logging;

namespace Photopeak.Server.Http;

/// <summary>Hands the web host's loggers out of the node's logger factory, so its messages land in the node's one log.</summary>
internal sealed class NodeLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    // The factory belongs to the node, which disposes it.
    public void Dispose() { }
}
