namespace Vigil.Kits.Dns;

/// <summary>An update's outcome, the server's rcode when it refused (e.g. <c>NOTAUTH(BADSIG)</c>), and nsupdate's output without the secret.</summary>
internal sealed record DnsUpdateResult(DnsUpdateOutcome Outcome, string? Rcode, string Output)
{
    /// <summary>What an rcode usually means, for the exit reason.</summary>
    public string Hint() => Rcode switch
    {
        "NOTAUTH(BADSIG)" => "the secret does not match the server's key",
        "NOTAUTH(BADKEY)" => "the server does not know this key name with this algorithm",
        "NOTAUTH(BADTIME)" => "this node's clock is too far from the server's",
        "NOTAUTH" => "the server is not authoritative for the zone",
        "REFUSED" => "the server's update policy does not let this key update this name",
        "NXRRSET" => "the record no longer holds this node's address",
        _ => "see the server's log",
    };
}
