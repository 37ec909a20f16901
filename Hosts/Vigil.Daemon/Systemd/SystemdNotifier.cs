using System.Net.Sockets;
using System.Text;

namespace Vigil.Daemon.Systemd;

/// <summary>sd_notify(3) without libsystemd: a datagram to <c>$NOTIFY_SOCKET</c> (a path, or <c>@name</c> in the abstract namespace).</summary>
internal sealed class SystemdNotifier
{
    private readonly string? _socketPath = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");

    public bool Enabled => !string.IsNullOrEmpty(_socketPath);

    /// <summary>Sends e.g. <c>READY=1</c>, <c>STATUS=…</c>, <c>STOPPING=1</c>. Returns false if not under a notifying supervisor.</summary>
    public bool Notify(string state)
    {
        if (!Enabled)
        {
            return false;
        }

        var path = _socketPath!.StartsWith('@') ? "\0" + _socketPath[1..] : _socketPath;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            // The supervisor went away (e.g. `vigil lab up` waits only for READY): notifying is best effort.
            return false;
        }
    }
}
