namespace Vigil.Engine.Commands;

/// <summary>
/// An input one node records for the audit trail only (e.g. a comm path it saw die). It decides nothing and does not
/// move the engine's clock: replicated nodes see different observations, and must still decide every committed input
/// at the same time (the time its proposer stamped on it).
/// </summary>
public interface ILocalObservation : IEngineInput;
