using System.Security.Cryptography;
using System.Text;

namespace Vigil.Journal;

/// <summary>SHA-256 chain over each node's events: tamper evidence for the audit trail.</summary>
public static class HashChain
{
    public static string Compute(EventSerializer serializer, EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(envelope);
        var canonical = serializer.CanonicalBytes(envelope);
        var prev = Encoding.ASCII.GetBytes(envelope.PreviousHash);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(prev);
        sha.AppendData(canonical);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
