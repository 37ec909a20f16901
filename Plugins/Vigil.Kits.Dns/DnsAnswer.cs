using System.Net;

namespace Vigil.Kits.Dns;

/// <summary>What the server answered: its rcode (<see langword="null"/> when it did not answer, see <see cref="Problem"/>) and the addresses.</summary>
internal sealed record DnsAnswer(string? Status, IReadOnlyList<IPAddress> Addresses, string Problem)
{
    public string Shown => Addresses.Count == 0 ? "no record" : string.Join(", ", Addresses);
}
