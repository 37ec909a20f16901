using System.Diagnostics.Metrics;
using System.Globalization;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;
using Vigil.Membership;

namespace Vigil.Daemon.Metrics;

/// <summary>The gauges, read when scraped, and the detection latency's bookkeeping.</summary>
internal sealed partial class VigilMetrics
{
    private const string CheckpointPrefix = "vigil-forward-checkpoint v1 ";

    /// <summary>
    /// Detection latency: a path DEAD observed here carries its silence, so its last beat is (observed − silence); when
    /// the node is declared dead, the latency runs from the latest of those last beats to the declaration's stamp.
    /// </summary>
    private void ObserveMembership(EventEnvelope e)
    {
        switch (e.Data)
        {
            case MembershipInputs.ReportPathState p when p.Observer == _config.LocalNode && !p.Alive:
                _lastBeatOfDeadPath[(p.Peer, p.Path)] = e.Timestamp - TimeSpan.FromMilliseconds(p.SilenceMilliseconds);
                break;
            case MembershipInputs.ReportPathState p when p.Observer == _config.LocalNode:
                _lastBeatOfDeadPath.Remove((p.Peer, p.Path));
                break;
            case NodeEvents.NodeDeclaredDead d:
                var beats = _config.Paths.Select(path => _lastBeatOfDeadPath.TryGetValue((d.Node, path), out var b) ? b : (DateTimeOffset?)null).ToList();
                if (beats.Count > 0 && beats.All(b => b is not null))
                {
                    _detection.Record((e.Timestamp - beats.Max()!.Value).TotalSeconds, new KeyValuePair<string, object?>("node", d.Node));
                }

                break;
        }
    }

    private IEnumerable<Measurement<int>> PathStates()
    {
        if (_detector() is not { } detector)
        {
            yield break;
        }

        foreach (var peer in _config.Peers)
        {
            foreach (var path in _config.Paths)
            {
                yield return new Measurement<int>(detector.StateOf(peer.Name, path) == PathState.Alive ? 1 : 0,
                    new KeyValuePair<string, object?>("peer", peer.Name), new KeyValuePair<string, object?>("path", path));
            }
        }
    }

    private IEnumerable<Measurement<int>> InstanceStates()
    {
        List<KeyValuePair<(string Tag, string Node), InstanceState>> instances;
        lock (_lock)
        {
            instances = [.. _instances];
        }

        foreach (var ((tag, node), state) in instances)
        {
            yield return new Measurement<int>(1,
                new KeyValuePair<string, object?>("tag", tag), new KeyValuePair<string, object?>("node", node),
                new KeyValuePair<string, object?>("state", state.ToString().ToUpperInvariant()));
        }
    }

    /// <summary>Local journal head minus the forwarder's checkpoint (<c>journal/forward.checkpoint</c>); nothing when no forwarder runs.</summary>
    private IEnumerable<Measurement<long>> ForwardingLag()
    {
        var file = Path.Combine(_config.JournalDir, "forward.checkpoint");
        if (!File.Exists(file))
        {
            yield break;
        }

        string text;
        try
        {
            text = File.ReadAllText(file).Trim();
        }
        catch (IOException)
        {
            yield break; // being replaced this instant: the next scrape has it
        }

        if (text.StartsWith(CheckpointPrefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(CheckpointPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var checkpoint))
        {
            yield return new Measurement<long>(Math.Max(0, _journalHead() - checkpoint));
        }
    }
}
