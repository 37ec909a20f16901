using System.Net.Security;
using System.Net.Sockets;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>
/// One NBD connection's byte transport: the plain socket until STARTTLS, the TLS session over it afterwards
/// (there is no way back). Plain sends and receives stay direct socket calls: no stream, no allocation per I/O.
/// </summary>
internal sealed class NbdChannel(Socket socket) : IDisposable
{
    /// <summary>A client that never completes the TLS handshake must not hold its thread forever.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    private SslStream? tls;

    public SocketReader Reader { get; private set; } = new(socket);

    public bool IsTls => this.tls is not null;

    /// <summary>The client's certificate subject after a mutual-TLS handshake, else null.</summary>
    public string? ClientSubject => this.tls?.RemoteCertificate?.Subject;

    public string Remote => socket.RemoteEndPoint?.ToString() is { Length: > 0 } remote ? remote : "unix socket";

    public void Send(ReadOnlySpan<byte> data)
    {
        if (this.tls is { } session)
        {
            session.Write(data);
            return;
        }

        while (!data.IsEmpty)
        {
            data = data[socket.Send(data)..];
        }
    }

    /// <summary>Runs the server side of the TLS handshake; throws (AuthenticationException, IOException) when it fails.</summary>
    public void StartTls(SslServerAuthenticationOptions options)
    {
        var session = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        socket.ReceiveTimeout = (int)HandshakeTimeout.TotalMilliseconds;
        try
        {
            session.AuthenticateAsServer(options);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        socket.ReceiveTimeout = 0;
        this.tls = session;
        this.Reader = new SocketReader(session);
    }

    public void Dispose()
    {
        try
        {
            this.tls?.Dispose();
        }
        catch (IOException)
        {
            // the client is gone: nothing to say goodbye to
        }

        socket.Dispose();
    }
}
