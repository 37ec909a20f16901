using System.Buffers.Binary;
using System.Text;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>
/// The newstyle fixed handshake: EXPORT_NAME, GO, INFO, LIST, ABORT, STARTTLS (per the listener's
/// <see cref="NbdTlsPolicy"/>, see NbdHandshake.Tls.cs); STRUCTURED_REPLY (and any other option) is refused
/// with ERR_UNSUP, so clients fall back to simple replies.
/// </summary>
internal static partial class NbdHandshake
{
    public const ushort TransmissionFlags = NbdProtocol.TransHasFlags | NbdProtocol.TransSendFlush
        | NbdProtocol.TransSendFua | NbdProtocol.TransSendTrim | NbdProtocol.TransCanMultiConn;

    /// <summary>Runs the handshake; true when the client entered transmission on <paramref name="device"/>.</summary>
    public static bool Run(NbdChannel channel, IBlockDevice device, NbdTlsPolicy tls)
    {
        Span<byte> hello = stackalloc byte[18];
        BinaryPrimitives.WriteUInt64BigEndian(hello, NbdProtocol.NbdMagic);
        BinaryPrimitives.WriteUInt64BigEndian(hello[8..], NbdProtocol.IHaveOpt);
        BinaryPrimitives.WriteUInt16BigEndian(hello[16..], NbdProtocol.FlagFixedNewstyle | NbdProtocol.FlagNoZeroes);
        channel.Send(hello);

        Span<byte> word = stackalloc byte[16];
        if (!channel.Reader.ReadExactly(word[..4]))
        {
            return false;
        }

        var clientFlags = BinaryPrimitives.ReadUInt32BigEndian(word);
        if ((clientFlags & NbdProtocol.ClientFlagFixedNewstyle) == 0)
        {
            return false; // oldstyle-over-newstyle clients are not supported
        }

        var noZeroes = (clientFlags & NbdProtocol.ClientFlagNoZeroes) != 0;
        while (true)
        {
            if (!channel.Reader.ReadExactly(word))
            {
                return false;
            }

            if (BinaryPrimitives.ReadUInt64BigEndian(word) != NbdProtocol.IHaveOpt)
            {
                return false;
            }

            var option = BinaryPrimitives.ReadUInt32BigEndian(word[8..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(word[12..]);
            if (length > 64 * 1024)
            {
                return false;
            }

            var data = new byte[length];
            if (!channel.Reader.ReadExactly(data))
            {
                return false;
            }

            if (RefusedBeforeTls(channel, tls, option) is { } refused)
            {
                if (!refused)
                {
                    return false;
                }

                continue;
            }

            switch (option)
            {
                case NbdProtocol.OptExportName:
                    if (!Matches(device, Encoding.UTF8.GetString(data)))
                    {
                        return false; // the protocol's only answer to an unknown name here is to close
                    }

                    var reply = new byte[noZeroes ? 10 : 134];
                    BinaryPrimitives.WriteUInt64BigEndian(reply, (ulong)device.Size);
                    BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(8), TransmissionFlags);
                    channel.Send(reply);
                    return true;
                case NbdProtocol.OptAbort:
                    Reply(channel, option, NbdProtocol.RepAck, []);
                    return false;
                case NbdProtocol.OptList:
                    if (length != 0)
                    {
                        Reply(channel, option, NbdProtocol.RepErrInvalid, []);
                        break;
                    }

                    var name = Encoding.UTF8.GetBytes(device.Name);
                    var server = new byte[4 + name.Length];
                    BinaryPrimitives.WriteUInt32BigEndian(server, (uint)name.Length);
                    name.CopyTo(server, 4);
                    Reply(channel, option, NbdProtocol.RepServer, server);
                    Reply(channel, option, NbdProtocol.RepAck, []);
                    break;
                case NbdProtocol.OptInfo or NbdProtocol.OptGo:
                    if (InfoOrGo(channel, device, option, data))
                    {
                        return true;
                    }

                    break;
                case NbdProtocol.OptStartTls:
                    if (!StartTls(channel, tls, data.Length))
                    {
                        return false;
                    }

                    break;
                default:
                    Reply(channel, option, NbdProtocol.RepErrUnsup, []);
                    break;
            }
        }
    }

    private static bool InfoOrGo(NbdChannel channel, IBlockDevice device, uint option, byte[] data)
    {
        if (data.Length < 6)
        {
            Reply(channel, option, NbdProtocol.RepErrInvalid, []);
            return false;
        }

        var nameLength = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (nameLength > data.Length - 6)
        {
            Reply(channel, option, NbdProtocol.RepErrInvalid, []);
            return false;
        }

        var name = Encoding.UTF8.GetString(data, 4, (int)nameLength);
        if (!Matches(device, name))
        {
            Reply(channel, option, NbdProtocol.RepErrUnknown, Encoding.UTF8.GetBytes($"no export named '{name}'"));
            return false;
        }

        var export = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(export, NbdProtocol.InfoExport);
        BinaryPrimitives.WriteUInt64BigEndian(export.AsSpan(2), (ulong)device.Size);
        BinaryPrimitives.WriteUInt16BigEndian(export.AsSpan(10), TransmissionFlags);
        Reply(channel, option, NbdProtocol.RepInfo, export);

        var sizes = new byte[14];
        BinaryPrimitives.WriteUInt16BigEndian(sizes, NbdProtocol.InfoBlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(6), 4096);
        BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(10), NbdProtocol.MaxPayload);
        Reply(channel, option, NbdProtocol.RepInfo, sizes);

        var nameBytes = Encoding.UTF8.GetBytes(device.Name);
        var nameInfo = new byte[2 + nameBytes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(nameInfo, NbdProtocol.InfoName);
        nameBytes.CopyTo(nameInfo, 2);
        Reply(channel, option, NbdProtocol.RepInfo, nameInfo);

        Reply(channel, option, NbdProtocol.RepAck, []);
        return option == NbdProtocol.OptGo;
    }

    private static bool Matches(IBlockDevice device, string name) => name.Length == 0 || name == device.Name;

    private static void Reply(NbdChannel channel, uint option, uint type, ReadOnlySpan<byte> data)
    {
        var buffer = new byte[20 + data.Length];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, NbdProtocol.OptReplyMagic);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), option);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(12), type);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(16), (uint)data.Length);
        data.CopyTo(buffer.AsSpan(20));
        channel.Send(buffer);
    }
}
