using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Journal;

namespace Vigil.Engine.Runtime;

/// <summary>What submitting an input did: its decision and, unless refused, the journaled envelopes (input first).</summary>
public sealed record SubmitResult(Decision Decision, IReadOnlyList<EventEnvelope> Journaled)
{
    public bool Refused => Decision.Refused;

    /// <summary>Kit actions to run now, in the order decided.</summary>
    public IEnumerable<InstanceEvents.ActionRequested> Actions => Decision.Events.OfType<InstanceEvents.ActionRequested>();
}
