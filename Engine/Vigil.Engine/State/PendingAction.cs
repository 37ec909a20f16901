using Vigil.Engine.Model;

namespace Vigil.Engine.State;

/// <summary>A kit action the engine requested and has not yet heard back about.</summary>
public sealed record PendingAction(long ActionId, string Tag, string Node, KitAction Action, long OperationId);
