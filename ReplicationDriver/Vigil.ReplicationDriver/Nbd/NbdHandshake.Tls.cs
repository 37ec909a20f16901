using System.Text;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>NBD_OPT_STARTTLS and the FORCEDTLS refusals (the protocol document's "TLS support" section).</summary>
internal static partial class NbdHandshake
{
    /// <summary>
    /// Null when the option may proceed; true when it was refused with ERR_TLS_REQD and negotiation goes on;
    /// false when the connection must close (EXPORT_NAME cannot be answered with an error).
    /// </summary>
    private static bool? RefusedBeforeTls(NbdChannel channel, NbdTlsPolicy tls, uint option)
    {
        if (tls.Level != NbdTlsLevel.Required || channel.IsTls || option is NbdProtocol.OptStartTls or NbdProtocol.OptAbort)
        {
            return null;
        }

        if (option == NbdProtocol.OptExportName)
        {
            return false;
        }

        Reply(channel, option, NbdProtocol.RepErrTlsReqd, Encoding.UTF8.GetBytes("this export requires TLS: connect with nbds:// (NBD_OPT_STARTTLS) and the cluster's certificates"));
        return true;
    }

    /// <summary>
    /// Answers STARTTLS; after an ACK the TLS handshake runs at once and every further byte goes through it.
    /// False when the connection must close; a failed handshake throws (the caller logs why).
    /// </summary>
    private static bool StartTls(NbdChannel channel, NbdTlsPolicy tls, int length)
    {
        if (channel.IsTls || length != 0)
        {
            Reply(channel, NbdProtocol.OptStartTls, NbdProtocol.RepErrInvalid, []);
            return true;
        }

        if (tls.Level == NbdTlsLevel.Refused || tls.Options is null)
        {
            Reply(channel, NbdProtocol.OptStartTls, NbdProtocol.RepErrPolicy, Encoding.UTF8.GetBytes("TLS is not configured on this export (vigil-repd --nbd-tls off)"));
            return true;
        }

        if (channel.Reader.HasBuffered)
        {
            return false; // bytes sent before our ACK would be read as plain text inside the TLS session
        }

        Reply(channel, NbdProtocol.OptStartTls, NbdProtocol.RepAck, []);
        channel.StartTls(tls.Options);
        return true;
    }
}
