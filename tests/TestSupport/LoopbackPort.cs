using System.Net;
using System.Net.Sockets;

namespace Photopeak.Testing;

/// <summary>Loopback ports for servers a test starts (tests listen on 127.0.0.1 only).</summary>
public static class LoopbackPort
{
    /// <summary>A port free at the moment of asking.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
