using System.Net;
using System.Net.Sockets;

namespace Photopeak.Testing;

/// <summary>Loopback ports for servers a test starts (tests listen on 127.0.0.1 only).</summary>
public static class LoopbackPort
{
    // Ports are handed out below the system's ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range, 32768–60999 by
    // default). A port found free there is bound later by the server a test starts; in between, no outgoing connection's
    // source port and no server bound to port 0 can take it, since the system draws both from the ephemeral range. A port is
    // never handed out twice in one test process, and the draw is random so that test processes running side by side
    // rarely ask for the same one. CI failed at stop 47 on a port found free in the ephemeral range and taken before a test
    // server bound it ("address already in use").
    private const int LowestPort = 10000;
    private static readonly HashSet<int> Given = [];
    private static readonly int EphemeralLow = ReadEphemeralLow();

    /// <summary>A port free at the moment of asking, outside the system's ephemeral range, not handed out before in this
    /// process.</summary>
    public static int Free()
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 500 && EphemeralLow > LowestPort; attempt++)
            {
                var port = Random.Shared.Next(LowestPort, EphemeralLow);
                if (!Given.Add(port)) continue;
                try
                {
                    using var probe = new TcpListener(IPAddress.Loopback, port);
                    probe.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // In use: try another.
                }
            }
            // No range known (not Linux) or none free below it: a port the system chooses, from its ephemeral range, where the
            // race above remains possible.
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port)) return port;
            }
        }
    }

    private static int ReadEphemeralLow()
    {
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>Waits until something accepts connections on the port, at most <paramref name="seconds"/>, or until <paramref name="gaveUp"/> says the server died.</summary>
    public static async Task WaitUntilListening(int port, double seconds = 30, Func<bool>? gaveUp = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && gaveUp?.Invoke() != true)
            {
                await Task.Delay(50);
            }
        }
    }
}
