using System.Net.Sockets;
using Vigil.Plugins.Abstractions;
using Vigil.ReplicationDriver.Client;
using Vigil.Kits.Shared;

namespace Vigil.Kits.Mirror;

/// <summary>
/// Type <c>mirror</c>: restore promotes the local copy (refused while it is resyncing, outdated — locally or through
/// consensus —, stale or split-brained, with that reason) and starts the export; remove stops the export and
/// demotes; quickCheck wants this node primary, its export answering and no split brain (a target that is not
/// mirroring leaves the volume in service, unprotected); deepCheck also compares a sample of chunks with every
/// mirroring target; canExtend wants vigil-repd on the node and room for the copy,
/// and creates the copy there (its first connection is a full resync).
/// </summary>
public sealed partial class MirrorResourceType : ResourceType
{
    /// <inheritdoc/>
    public override ResourceTypeDefinition Definition { get; } = MirrorDefinition.Create();

    /// <inheritdoc/>
    public override Task<ActionResult> RestoreAsync(ActionContext context) => GuardAsync(context, PromoteAsync);

    /// <inheritdoc/>
    public override Task<ActionResult> RemoveAsync(ActionContext context) => GuardAsync(context, DemoteAsync);

    /// <inheritdoc/>
    public override Task<ActionResult> QuickCheckAsync(ActionContext context) => GuardAsync(context, CheckAsync);

    /// <summary>
    /// quickCheck, then a sample of chunks (<see cref="ChunkSample"/>) compared with every mirroring target through
    /// vigil-repd's verify; a differing chunk makes the check degraded (in service, unprotected) naming the chunks.
    /// </summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public override Task<ActionResult> DeepCheckAsync(ActionContext context) => GuardAsync(context, CheckAndVerifyAsync);

    /// <inheritdoc/>
    public override Task<ActionResult> ValidateAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (settings, errors) = MirrorSettings.Parse(Definition, context.Parameters);
        if (settings is null)
        {
            return Task.FromResult(ActionResult.ConfigurationFailure(string.Join("; ", errors)));
        }

        var problems = new List<string>();
        if (!settings.Nodes.Contains(context.Node, StringComparer.Ordinal))
        {
            problems.Add($"parameter '{MirrorDefinition.Nodes}': node '{context.Node}' holds no copy (nodes: {string.Join(", ", settings.Nodes)})");
        }

        if (LocalRepd.Find(context.Node).Problem is { } missing)
        {
            problems.Add(missing);
        }

        var tools = settings.Device is null ? [] : new[] { "nbdfuse", "losetup", "fusermount3" };
        problems.AddRange(tools.Where(tool => !Tool.OnPath(tool)).Select(tool => $"{tool} is not installed on node '{context.Node}'"));
        return Task.FromResult(problems.Count == 0 ? ActionResult.Success() : ActionResult.ConfigurationFailure(string.Join("; ", problems)));
    }

    /// <summary>The node must hold a copy, run vigil-repd and have room for the volume; the copy is created there.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public override Task<ActionResult> CanExtendAsync(ActionContext context) => GuardAsync(context, async (settings, repd, context) =>
    {
        var valid = await ValidateAsync(context);
        if (!valid.Succeeded)
        {
            return valid;
        }

        var volume = settings.VolumeFor(context.Node, repd);
        if (!File.Exists(volume))
        {
            var folder = Path.GetDirectoryName(volume)!;
            Directory.CreateDirectory(folder);
            var free = new DriveInfo(folder).AvailableFreeSpace;
            if (free < settings.SizeBytes)
            {
                return ActionResult.Failure($"{folder} on node '{context.Node}' has {free >> 20} MiB free, the mirror needs {settings.SizeBytes >> 20} MiB");
            }
        }

        var status = await repd.EnsureAsync(settings, context.Node, context.CancellationToken);
        return ActionResult.Success($"copy of {settings.Mirror} on {context.Node}: {status.Role.ToString().ToLowerInvariant()}, {status.Disk.ToString().ToLowerInvariant()}");
    });

    /// <summary>Export answers on its socket (a connection is accepted), and the attached device chain is whole.</summary>
    private static async Task<string?> ExportProblemAsync(MirrorSettings settings, LocalRepd repd, CancellationToken token)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(repd.ExportSocket(settings.Mirror)), token);
        }
        catch (SocketException e)
        {
            return $"the export {repd.ExportSocket(settings.Mirror)} does not answer: {e.Message}";
        }

        return settings.Device is { } device && new NbdAttach(repd.AttachDirectory(settings.Mirror), repd.ExportSocket(settings.Mirror), device).Healthy() is null
            ? $"{device} is not attached to the export (nbdfuse or its loop device is gone)"
            : null;
    }

    private static string Describe(MirrorStatus status) =>
        string.Join(", ", status.Peers.Select(p => $"{p.Node} {p.State.ToString().ToLowerInvariant()}" + (p.State == PeerLinkState.Resyncing ? $" {PromotionGate.Percent(p)} %" : string.Empty)));
}
