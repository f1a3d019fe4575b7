using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Photopeak.Cli.Commands;

/// <summary>What the long-running commands (serve, worker) share: their console log and their graceful stop.</summary>
internal static class ServiceConsole
{
    /// <summary>Single-line console logs with UTC timestamps from Information up; on standard error when standard output
    /// carries what scripts read.</summary>
    public static ILoggerFactory Logging(bool toStandardError) => LoggerFactory.Create(b => b
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; o.UseUtcTimestamp = true; })
        .AddConsole(o => o.LogToStandardErrorThreshold = toStandardError ? LogLevel.Trace : LogLevel.None)
        .AddFilter(null, LogLevel.Information));

    /// <summary>Cancels <paramref name="stop"/> on SIGTERM or SIGINT instead of ending the process, until disposed.</summary>
    public static IDisposable StopOnSignals(CancellationTokenSource stop)
    {
        var signals = new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT }
            .Select(s => PosixSignalRegistration.Create(s, c => { c.Cancel = true; stop.Cancel(); })).ToList();
        return new Registrations(signals);
    }

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose() => registrations.ForEach(r => r.Dispose());
    }
}
