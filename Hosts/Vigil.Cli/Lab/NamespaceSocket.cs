using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vigil.Cli.Lab;

/// <summary>
/// Opens a TCP connection from inside a lab node's network namespace, so that tools on the host reach addresses that
/// only exist there. A network namespace is a per-thread property and a socket keeps the one it was created in:
/// a dedicated thread enters the namespace (setns), connects, and ends; the socket is then used from anywhere.
/// </summary>
internal static partial class NamespaceSocket
{
    private const int CloneNewNet = 0x40000000;

    public static Task<Socket> ConnectAsync(string netns, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle(Path.Combine("/var/run/netns", netns));
                if (SetNs(ns.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new IOException($"cannot enter network namespace {netns}: errno {Marshal.GetLastPInvokeError()}");
                }

                var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.ConnectAsync(endPoint, cancellationToken).AsTask().GetAwaiter().GetResult();
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                done.SetResult(socket);
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = "vigil-netns-connect" };
        thread.Start();
        return done.Task;
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
