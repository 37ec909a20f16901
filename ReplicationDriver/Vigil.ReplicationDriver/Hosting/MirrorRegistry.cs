using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Mirrors;

namespace Vigil.ReplicationDriver.Hosting;

/// <summary>The mirrors of this node, one folder each under the data directory (meta.json, bitmaps, activity log).</summary>
internal sealed class MirrorRegistry(RepdOptions options, RepdContext context) : IDisposable
{
    private readonly Dictionary<string, Mirror> mirrors = [];
    private readonly Lock gate = new();

    public void LoadExisting()
    {
        Directory.CreateDirectory(options.DataDir);
        foreach (var dir in Directory.EnumerateDirectories(options.DataDir))
        {
            if (MirrorMeta.Load(Path.Combine(dir, "meta.json")) is { } meta)
            {
                lock (this.gate)
                {
                    this.mirrors[meta.Spec.Name] = Mirror.Open(meta.Spec, dir, context, out _);
                }
            }
        }
    }

    public Mirror Create(MirrorSpec spec)
    {
        Validate(spec);
        lock (this.gate)
        {
            if (this.mirrors.TryGetValue(spec.Name, out var existing))
            {
                var have = existing.Meta.Spec;
                var same = have.Volume == spec.Volume && have.SizeBytes == spec.SizeBytes && have.Mode == spec.Mode
                    && have.ChunkSize == spec.ChunkSize && have.Nodes.SequenceEqual(spec.Nodes);
                return same ? existing : throw new InvalidOperationException(
                    $"refused: mirror {spec.Name} exists with a different volume, size, mode, chunk size or node list");
            }

            if (spec.Nodes.All(n => n.Name != context.Node))
            {
                throw new InvalidOperationException($"this node ({context.Node}) is not among the mirror's nodes");
            }

            var mirror = Mirror.Open(spec, Path.Combine(options.DataDir, spec.Name), context, out var created);
            this.mirrors[spec.Name] = mirror;
            if (created && spec.Primary == context.Node)
            {
                mirror.StartAsCreatingPrimary();
            }

            return mirror;
        }
    }

    public Mirror? Find(string name)
    {
        lock (this.gate)
        {
            return this.mirrors.GetValueOrDefault(name);
        }
    }

    public IReadOnlyList<Mirror> All()
    {
        lock (this.gate)
        {
            return [.. this.mirrors.Values];
        }
    }

    public void Dispose()
    {
        foreach (var mirror in this.All())
        {
            mirror.Dispose();
        }
    }

    private static void Validate(MirrorSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.IndexOfAny(['/', '\\', '.']) >= 0)
        {
            throw new ArgumentException("mirror name must be a plain word");
        }

        if (spec.SizeBytes <= 0 || spec.ChunkSize < 4096 || (spec.ChunkSize & (spec.ChunkSize - 1)) != 0)
        {
            throw new ArgumentException("size must be positive and chunk size a power of two ≥ 4096");
        }
    }
}
