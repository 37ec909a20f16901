using System.Collections.Immutable;
using Vigil.Engine.Model;

namespace Vigil.Daemon.Runtime;

/// <summary>A kit action the replicated state asks this node to run, copied out of the state under its lock.</summary>
internal sealed record LocalWork(long ActionId, string Tag, string Type, KitAction Action, ImmutableSortedDictionary<string, string> Parameters);
