namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>What a node persists about one peer of a mirror.</summary>
internal sealed class PeerMeta
{
    /// <summary>The generation the peer had when this node started writing without it (0 = in step).</summary>
    public ulong Base { get; set; }

    /// <summary>The operator declared the peer outdated: sync writes go on without it.</summary>
    public bool Outdated { get; set; }

    /// <summary>The operator paused replication to the peer.</summary>
    public bool Paused { get; set; }
}
