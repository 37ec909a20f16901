using System.Text.Json;
using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Storage;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>A mirror's persistent state on one node (meta.json, replaced atomically and durably).</summary>
internal sealed class MirrorMeta
{
    public required MirrorSpec Spec { get; set; }

    public DiskState Disk { get; set; }

    public ulong Current { get; set; }

    public List<ulong> History { get; set; } = [];

    public bool Discard { get; set; }

    public Dictionary<string, PeerMeta> Peers { get; set; } = [];

    public static MirrorMeta? Load(string path)
        => File.Exists(path) ? JsonSerializer.Deserialize<MirrorMeta>(File.ReadAllBytes(path), ControlJson.Options) : null;

    public void Save(string path)
    {
        var temp = path + ".tmp";
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, JsonSerializer.SerializeToUtf8Bytes(this, ControlJson.Options), 0);
            Posix.FdataSync(handle);
        }

        File.Move(temp, path, overwrite: true);
    }
}
