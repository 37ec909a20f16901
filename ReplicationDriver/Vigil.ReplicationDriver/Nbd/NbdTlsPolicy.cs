using System.Net.Security;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>How one listener treats STARTTLS, and the server's TLS settings when it accepts it.</summary>
/// <param name="Level">Refused, offered or required.</param>
/// <param name="Options">Certificate, protocols and client verification (null when refused).</param>
internal sealed record NbdTlsPolicy(NbdTlsLevel Level, SslServerAuthenticationOptions? Options)
{
    public static readonly NbdTlsPolicy Refused = new(NbdTlsLevel.Refused, null);
}
