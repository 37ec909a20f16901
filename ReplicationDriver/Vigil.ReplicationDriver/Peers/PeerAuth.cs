using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Vigil.ReplicationDriver.Nbd;

namespace Vigil.ReplicationDriver.Peers;

/// <summary>
/// Mutual HMAC-SHA256 challenge-response on a shared secret, before any other byte is accepted:
/// the listener sends "VGRP", a version and a fresh 32-byte nonce; the dialer answers its own nonce and
/// HMAC("client", serverNonce, clientNonce); the listener answers HMAC("server", clientNonce, serverNonce).
/// Fresh nonces on both sides make a recorded exchange useless (no replay); a wrong MAC closes the socket.
/// </summary>
internal static class PeerAuth
{
    private const uint Magic = 0x50524756; // "VGRP" little-endian
    private const uint Version = 1;
    private const int NonceSize = 32;

    public static bool Listen(Socket socket, SocketReader reader, byte[] secret)
    {
        var serverNonce = RandomNumberGenerator.GetBytes(NonceSize);
        var hello = new byte[8 + NonceSize];
        BinaryPrimitives.WriteUInt32LittleEndian(hello, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(hello.AsSpan(4), Version);
        serverNonce.CopyTo(hello, 8);
        socket.Send(hello);

        var answer = new byte[NonceSize + 32];
        if (!reader.ReadExactly(answer))
        {
            return false;
        }

        var clientNonce = answer[..NonceSize];
        var expected = Mac(secret, "client", serverNonce, clientNonce);
        if (!CryptographicOperations.FixedTimeEquals(expected, answer.AsSpan(NonceSize)))
        {
            return false;
        }

        socket.Send(Mac(secret, "server", clientNonce, serverNonce));
        return true;
    }

    public static bool Dial(Socket socket, SocketReader reader, byte[] secret)
    {
        var hello = new byte[8 + NonceSize];
        if (!reader.ReadExactly(hello)
            || BinaryPrimitives.ReadUInt32LittleEndian(hello) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(hello.AsSpan(4)) != Version)
        {
            return false;
        }

        var serverNonce = hello[8..];
        var clientNonce = RandomNumberGenerator.GetBytes(NonceSize);
        socket.Send([.. clientNonce, .. Mac(secret, "client", serverNonce, clientNonce)]);
        var proof = new byte[32];
        return reader.ReadExactly(proof)
            && CryptographicOperations.FixedTimeEquals(proof, Mac(secret, "server", clientNonce, serverNonce));
    }

    private static byte[] Mac(byte[] secret, string role, byte[] first, byte[] second)
        => HMACSHA256.HashData(secret, (byte[])[.. Encoding.ASCII.GetBytes("vigil-repd " + role), .. first, .. second]);
}
