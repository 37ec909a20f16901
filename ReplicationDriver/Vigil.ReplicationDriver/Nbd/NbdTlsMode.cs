namespace Vigil.ReplicationDriver.Nbd;

/// <summary>The <c>--nbd-tls</c> setting of the process.</summary>
internal enum NbdTlsMode
{
    /// <summary>No TLS: the TCP export is bound to a loopback address only.</summary>
    Off,

    /// <summary>TCP clients must upgrade with STARTTLS before anything else; the Unix socket offers TLS too.</summary>
    Require,
}
