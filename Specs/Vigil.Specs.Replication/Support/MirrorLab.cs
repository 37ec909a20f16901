using System.Security.Cryptography;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Specs.Replication.Support;

/// <summary>
/// A throwaway set of vigil-repd nodes on loopback, under one temp dir, sharing one secret. Peer
/// addresses can go through <see cref="CutProxy"/>s so specs can partition the network. Dispose kills
/// every process and removes the dir.
/// </summary>
internal sealed class MirrorLab : IDisposable
{
    private readonly List<CutProxy> proxies = [];

    public MirrorLab(params string[] names)
    {
        this.Root = Path.Combine(Path.GetTempPath(), "vigil-repd-spec-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(this.Root);
        this.Secret = RandomNumberGenerator.GetBytes(32);
        this.Nodes = [.. names.Select(n => new RepdNode(this.Root, n, this.Secret))];
    }

    public string Root { get; }

    public byte[] Secret { get; }

    public IReadOnlyList<RepdNode> Nodes { get; }

    public RepdNode this[string name] => this.Nodes.Single(n => n.Name == name);

    public string ExportSocket(string mirror) => Path.Combine(this.Root, mirror + ".nbd");

    public string Uri(string mirror) => $"nbd+unix:///{mirror}?socket={this.ExportSocket(mirror)}";

    public string Volume(string node, string mirror) => Path.Combine(this.Root, $"{node}-{mirror}.img");

    public async Task StartAllAsync()
    {
        await Task.WhenAll(this.Nodes.Select(n => n.StartAsync()));
    }

    /// <summary>A proxy in front of <paramref name="node"/>'s peer port, used as its address in the spec.</summary>
    public CutProxy ProxyFor(string node)
    {
        var proxy = new CutProxy(this[node].Address);
        this.proxies.Add(proxy);
        return proxy;
    }

    public MirrorSpec Spec(string mirror, MirrorMode mode, string primary, long size, IReadOnlyDictionary<string, string>? addresses = null, long resyncRate = 0)
        => new(
            mirror,
            Volume: "set-per-node",
            size,
            mode,
            primary,
            [.. this.Nodes.Select(n => new MirrorNode(n.Name, addresses?.GetValueOrDefault(n.Name) ?? n.Address))],
            ExportUnixSocket: this.ExportSocket(mirror),
            ResyncBytesPerSecond: resyncRate);

    /// <summary>Creates the mirror on every node, targets first, and waits until every target mirrors.</summary>
    public async Task CreateAsync(MirrorSpec spec, bool waitInSync = true)
    {
        foreach (var node in this.Nodes.OrderBy(n => n.Name == spec.Primary))
        {
            await node.Control.CreateAsync(spec with { Volume = this.Volume(node.Name, spec.Name) });
        }

        if (waitInSync)
        {
            await this[spec.Primary].WaitAsync(spec.Name, s => s.Peers.All(p => p.State == PeerLinkState.Mirroring), "all targets mirroring");
            await Poll.UntilAsync(() => RepdNode.Accepts(this.ExportSocket(spec.Name)), TimeSpan.FromSeconds(10), "export socket");
        }
    }

    public string Md5(string node, string mirror) => Convert.ToHexString(MD5.HashData(File.ReadAllBytes(this.Volume(node, mirror))));

    public void Dispose()
    {
        foreach (var proxy in this.proxies)
        {
            proxy.Dispose();
        }

        foreach (var node in this.Nodes)
        {
            node.Dispose();
        }

        try
        {
            Directory.Delete(this.Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
