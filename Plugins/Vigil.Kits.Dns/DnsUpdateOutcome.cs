namespace Vigil.Kits.Dns;

/// <summary>How an update went: done, refused by the server (with an rcode), no answer, or out of time.</summary>
internal enum DnsUpdateOutcome
{
    Done,
    Refused,
    Unreachable,
    TimedOut,
}
