using System.Collections.Immutable;
using Vigil.Engine.Events;

namespace Vigil.Engine.Commands;

/// <summary>What the engine decided for one input: the decision events, or a refusal that appends nothing.</summary>
public sealed record Decision(ImmutableArray<IDecisionEvent> Events, EngineError? Error)
{
    public static readonly Decision None = new([], null);

    public bool Refused => Error is not null;

    public static Decision Of(params IDecisionEvent[] events) => new([.. events], null);

    public static Decision Of(IEnumerable<IDecisionEvent> events) => new([.. events], null);

    public static Decision Refuse(string code, string message) => new([], new EngineError(code, message));
}
