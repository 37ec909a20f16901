namespace Vigil.ReplicationDriver.Nbd;

/// <summary>What one listener does with NBD_OPT_STARTTLS (the protocol's NOTLS, SELECTIVETLS and FORCEDTLS modes).</summary>
internal enum NbdTlsLevel
{
    /// <summary>NOTLS: STARTTLS is answered ERR_POLICY.</summary>
    Refused,

    /// <summary>SELECTIVETLS without TLS-only exports: a client may upgrade, nothing forces it.</summary>
    Offered,

    /// <summary>FORCEDTLS: every option but STARTTLS and ABORT is answered ERR_TLS_REQD until TLS is up.</summary>
    Required,
}
