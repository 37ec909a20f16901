using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Dns;

/// <summary>The <c>dns</c> parameter schema. Checks across parameters (name in zone, address family) live in <see cref="DnsSettings"/>.</summary>
internal static class DnsDefinition
{
    public const string Zone = "zone";
    public const string Name = "name";
    public const string Type = "type";
    public const string Addresses = "addresses";
    public const string Interface = "interface";
    public const string Server = "server";
    public const string KeyName = "keyName";
    public const string Algorithm = "algorithm";
    public const string SecretFile = "secretFile";
    public const string Ttl = "ttl";
    public const string StateDir = "stateDir";
    public const string RemoveRecord = "removeRecord";

    public const string DomainPattern = @"[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})?)*\.?";

    public static ResourceTypeDefinition Create() => new()
    {
        Name = "dns",
        Description = "A DNS A/AAAA record pointing at the node in service, updated by RFC 2136 dynamic update signed with TSIG " +
                      "(for a backup in another subnet, where an address cannot move).",
        Parameters =
        [
            new() { Name = Zone, Required = true, Pattern = DomainPattern, Description = "the zone the record is in (the update's zone), e.g. example.com" },
            new() { Name = Name, Required = true, Pattern = DomainPattern, Description = "the record's fully qualified name, inside the zone, e.g. app.example.com" },
            new() { Name = Type, Type = ParameterType.Enum, AllowedValues = ["A", "AAAA"], Default = "A", Description = "the record type" },
            new()
            {
                Name = Addresses,
                Description = "each node's address for the record, as node=address pairs separated by commas (e.g. alpha=192.0.2.10,beta=198.51.100.10); " +
                              "the entry of the node the action runs on is used. Give this or 'interface'.",
            },
            new()
            {
                Name = Interface,
                Pattern = "[A-Za-z0-9_.:@-]{1,15}",
                Description = "take this node's address from this network interface (its first global address of the record's family). Give this or 'addresses'.",
            },
            new() { Name = Server, Required = true, Description = "the primary server that takes the update and answers the check: host, host:port or [IPv6]:port (port 53 by default)" },
            new() { Name = KeyName, Required = true, Pattern = DomainPattern, Description = "the TSIG key's name, as the server knows it" },
            new()
            {
                Name = Algorithm, Type = ParameterType.Enum, Default = "hmac-sha256",
                AllowedValues = ["hmac-sha256", "hmac-sha384", "hmac-sha512", "hmac-sha224", "hmac-sha1", "hmac-md5"],
                Description = "the TSIG algorithm",
            },
            new()
            {
                Name = SecretFile, Type = ParameterType.Path, Required = true,
                Description = "a file holding the TSIG secret (base64), alone or as a BIND key clause (tsig-keygen's output); never put the secret in a parameter",
            },
            new() { Name = Ttl, Type = ParameterType.Int, Default = "60", Minimum = 0, Maximum = 2147483647, Description = "the record's TTL in seconds: how long resolvers may keep the old address after a failover" },
            new()
            {
                Name = StateDir, Type = ParameterType.Path, Default = "/run/vigil/kits/dns",
                Description = "where the node notes that the record is in service here (a file per tag; on tmpfs, so a reboot forgets it)",
            },
            new()
            {
                Name = RemoveRecord, Type = ParameterType.Bool, Default = "false",
                Description = "remove also deletes the record when it still holds this node's address (clients then get no answer instead of a stale one)",
            },
        ],
        Timeouts = new ActionTimeouts
        {
            Restore = TimeSpan.FromSeconds(30),
            Remove = TimeSpan.FromSeconds(30),
            QuickCheck = TimeSpan.FromSeconds(10),
            DeepCheck = TimeSpan.FromSeconds(10),
            Recover = TimeSpan.FromSeconds(30),
            Validate = TimeSpan.FromSeconds(10),
            CanExtend = TimeSpan.FromSeconds(10),
        },
    };
}
