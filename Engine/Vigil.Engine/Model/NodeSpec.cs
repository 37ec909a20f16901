namespace Vigil.Engine.Model;

/// <summary>
/// A node of the replicated cluster configuration, as <c>vigil cluster join</c> adds it: its heartbeat id, its
/// consensus (Raft), relay and control API endpoints, and the address of each comm path type it runs
/// (address:port for udp and tcp, its view of the shared region for disk; null when it runs no such path).
/// Nodes of the configuration files are described the same way when a join records them.
/// </summary>
public sealed record NodeSpec(string Name, int Id, string Raft, string Relay, string? Api, string? Udp, string? Tcp, string? Disk, bool Witness = false)
{
    /// <summary>The node's address for comm path <paramref name="type"/>, or null when it runs none of that type.</summary>
    public string? AddressOf(string type) => type switch
    {
        "udp" => Udp,
        "tcp" => Tcp,
        "disk" => Disk,
        _ => null,
    };

    /// <summary>Every network endpoint it listens on, each with the field naming it.</summary>
    public IEnumerable<(string Field, string Address)> Endpoints()
    {
        yield return ("raft", Raft);
        yield return ("relay", Relay);
        foreach (var (field, address) in new[] { ("api", Api), ("udp", Udp), ("tcp", Tcp) })
        {
            if (address is not null)
            {
                yield return (field, address);
            }
        }
    }
}
