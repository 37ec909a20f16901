using Vigil.Engine.Commands;
using Vigil.Engine.Model;

namespace Vigil.Daemon.Runtime;

internal sealed partial class ResourceRuntime
{
    /// <summary>Loads the kits and registers their types with the cluster (again whenever they differ from what it knows).</summary>
    private async Task RegisterTypesAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var loaded = await kits.ListKitsAsync(stopping);
                LoadedKits = loaded;
                foreach (var broken in loaded.Where(k => !k.Loaded))
                {
                    Log.KitNotLoaded(logger, broken.Name, broken.LoadError ?? "unknown reason");
                }

                var types = KitTypeMapper.Specs(loaded);
                Log.KitsLoaded(logger, loaded.Count(k => k.Loaded), string.Join(", ", types.Select(t => t.Name)));
                while (!engine.IsCaughtUp)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), time, stopping);
                }

                var known = await engine.ReadAsync(s => s.Nodes.TryGetValue(config.LocalNode, out var n)
                    ? n.Types.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList()
                    : null);
                if (known is not null && KitTypeMapper.SameTypes(known, types))
                {
                    return;
                }

                // Until the leader has added this node, registering would be refused: wait for it.
                if (known is not null
                    && await ReportAsync(new ConfigurationCommands.RegisterResourceTypes(config.LocalNode, types), () => Task.FromResult(true), stopping))
                {
                    Log.TypesRegistered(logger, types.Length);
                    return;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                Log.KitHostUnavailable(logger, ex.Message);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time, stopping);
        }
    }

    /// <summary>Starts every action the state asks of this node that is not already running here.</summary>
    private async Task DispatchActionsAsync(CancellationToken stopping)
    {
        var (work, pending) = await engine.ReadAsync(s =>
        {
            var mine = new List<LocalWork>();
            foreach (var a in s.PendingActions.Values)
            {
                if (a.Node == config.LocalNode && s.Resources.TryGetValue(a.Tag, out var r))
                {
                    mine.Add(new LocalWork(a.ActionId, a.Tag, r.Type, a.Action, r.Parameters));
                }
            }

            return (mine, s.PendingActions.Keys.ToHashSet());
        });

        // An action stays "handled" until its result has been applied, so it is never run twice here.
        foreach (var id in _handled.Keys)
        {
            if (!pending.Contains(id))
            {
                _handled.TryRemove(id, out _);
            }
        }

        foreach (var w in work)
        {
            if (_handled.TryAdd(w.ActionId, 0))
            {
                _ = Task.Run(() => ExecuteAsync(w, stopping), CancellationToken.None);
            }
        }
    }

    private async Task ExecuteAsync(LocalWork work, CancellationToken stopping)
    {
        try
        {
            Log.ActionStarting(logger, work.ActionId, work.Action.ToString(), work.Tag);
            var started = time.GetTimestamp();
            var result = await kits.RunAsync(
                Request(work.Tag, work.Type, work.Action, work.Parameters), stopping);
            var outcome = KitTypeMapper.ToEngine(result.Outcome);
            Log.ActionDone(logger, work.ActionId, work.Action.ToString(), work.Tag, outcome.ToString(), (long)time.GetElapsedTime(started).TotalMilliseconds, result.ExitReason);
            await ReportAsync(
                new KitInputs.ReportActionResult(work.ActionId, outcome, result.ExitReason),
                () => engine.ReadAsync(s => s.PendingActions.ContainsKey(work.ActionId)),
                stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Contained: the action stays pending and is retried by the next start (kits must be idempotent).
            Log.ActionCrashed(logger, work.ActionId, work.Tag, ex);
        }
    }
}
